/** A field's validation message, referenced by the field's aria-describedby; nothing when the field is fine. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <span id={id} className="field-error" data-testid="field-error">
      {message}
    </span>
  );
}
