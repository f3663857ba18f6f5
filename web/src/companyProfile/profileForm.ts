// The company profile form's values and what Save sends: only the fields changed, an emptied one
// as null. What was typed is sent as it is (no trimming).
import { COMPANY_PROFILE_FIELDS } from '../api/types';
import type { CompanyProfileChanges, CompanyProfileFields } from '../api/types';

export type ProfileField = (typeof COMPANY_PROFILE_FIELDS)[number];
export type ProfileFormValues = Record<ProfileField, string>;

/** The server's limit for each text field. */
export const MAX_FIELD_LENGTH = 500;

/** The form's values for what the server holds (an unset field is empty). */
export const formValues = (profile: CompanyProfileFields): ProfileFormValues => ({
  legal_name: profile.legal_name ?? '',
  address: profile.address ?? '',
  phone: profile.phone ?? '',
  contact_email: profile.contact_email ?? '',
});

/** The fields that differ from what the server holds; an emptied one clears it (null). */
export function profileChanges(profile: CompanyProfileFields, values: ProfileFormValues): CompanyProfileChanges {
  const changes: CompanyProfileChanges = {};
  for (const field of COMPANY_PROFILE_FIELDS) {
    const typed = values[field] ?? '';
    if (typed !== (profile[field] ?? '')) changes[field] = typed === '' ? null : typed;
  }
  return changes;
}
