import type { FormInstance } from 'antd';
import { DomainError } from '../api/client';

/** "call_filtering.blocked_prefixes[2]": the list field and the position of one of its items. */
const LIST_ITEM = /^(.+)\[(\d+)\]$/;

/** The form name path of a dotted key; digits are positions in a Form.List ("groups.1.name" is ['groups', 1, 'name']). */
const namePath = (key: string) => key.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));

/**
 * Shows the `errors: [{field, message}]` of a problem on the form fields they name
 * ("address.city" is the field ['address', 'city'], "groups[1].name" the field ['groups', 1, 'name']
 * of a Form.List, when `fields` has it). An error on an item of a list field
 * ("prefixes[2]") shows on the list field, naming the item, as the form holds the list in one
 * control. Returns the messages that match no field of the form, for a general notice.
 */
export function showFieldErrors(
  form: FormInstance,
  error: DomainError,
  fields: ReadonlyArray<ReadonlyArray<string | number>>,
): string[] {
  const known = new Set(fields.map((f) => f.join('.')));
  const byField = new Map<string, string[]>();
  const unmatched: string[] = [];
  const add = (key: string, message: string) => byField.set(key, [...(byField.get(key) ?? []), message]);
  for (const { field, message } of error.errors) {
    const key = (field ?? '').replace(/\[(\w+)\]/g, '.$1');
    const item = LIST_ITEM.exec(field ?? '');
    const listKey = item?.[1].replace(/\[(\w+)\]/g, '.$1');
    if (known.has(key)) {
      add(key, message);
    } else if (item && listKey && known.has(listKey)) {
      const list: unknown = form.getFieldValue(namePath(listKey));
      const value: unknown = Array.isArray(list) ? list[Number(item[2])] : undefined;
      add(listKey, typeof value === 'string' ? `${value}: ${message}` : message);
    } else {
      unmatched.push(field ? `${field}: ${message}` : message);
    }
  }
  form.setFields([...byField].map(([key, errors]) => ({ name: namePath(key), errors })));
  return unmatched;
}

/** The text to show for a failed call: the problem's detail, else `fallback`. */
export function errorText(e: unknown, fallback: string): string {
  return e instanceof DomainError ? e.detail : fallback;
}
