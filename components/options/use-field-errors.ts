import { useState } from 'react';
import type * as z from 'zod/mini';
import { fieldErrors } from './field-errors';

/**
 * A form checked against its zod schema before it is sent, each problem shown next to its field
 * (the worker validates again). `field(name)` gives an input the id and ARIA links its message
 * (`<FieldError id={`${idBase}-${name}-error`}>`) needs.
 */
export function useFieldErrors<S extends z.ZodMiniType>(schema: S, labels: Record<string, string>, idBase: string) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  /** The parsed value, or undefined after showing what is wrong. */
  const validate = (input: unknown): z.output<S> | undefined => {
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues, labels));
      return undefined;
    }
    setErrors({});
    return parsed.data;
  };
  const field = (name: string) => ({
    id: `${idBase}-${name}`,
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `${idBase}-${name}-error` : undefined,
  });
  /** A problem found after validation (a permission refused, say), shown next to its field. */
  const fail = (name: string, message: string) => setErrors({ [name]: message });
  return { errors, validate, field, fail };
}
