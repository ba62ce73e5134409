import { FieldError } from './FieldError';
import { TIME_ZONES } from './time-zones';

/** A time-zone input that suggests every IANA zone the browser knows, with its error beside it. */
export function TimeZoneField(props: {
  idBase: string;
  label: string;
  value: string;
  error: string | undefined;
  onChange(zone: string): void;
}) {
  const { idBase, error } = props;
  const id = `${idBase}-timeZone`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        list={`${idBase}-zones`}
        value={props.value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => props.onChange(e.target.value.trim())}
      />
      <datalist id={`${idBase}-zones`}>
        {TIME_ZONES.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
