import type { FormInstance } from 'antd';
import { DomainError } from '../api/client';

/**
 * Shows the `errors: [{field, message}]` of a problem on the form fields they name
 * ("address.city" is the field ['address', 'city']). Returns the messages that match
 * no field of the form, for a general notice.
 */
export function showFieldErrors(form: FormInstance, error: DomainError, fields: ReadonlyArray<ReadonlyArray<string>>): string[] {
  const known = new Set(fields.map((f) => f.join('.')));
  const byField = new Map<string, string[]>();
  const unmatched: string[] = [];
  for (const { field, message } of error.errors) {
    const key = (field ?? '').replace(/\[(\w+)\]/g, '.$1');
    if (known.has(key)) byField.set(key, [...(byField.get(key) ?? []), message]);
    else unmatched.push(field ? `${field}: ${message}` : message);
  }
  form.setFields([...byField].map(([key, errors]) => ({ name: key.split('.'), errors })));
  return unmatched;
}

/** The text to show for a failed call: the problem's detail, else `fallback`. */
export function errorText(e: unknown, fallback: string): string {
  return e instanceof DomainError ? e.detail : fallback;
}
