/** A timestamp of the API shown in the reader's language and time zone. */
export function formatDateTime(iso: string | null, locale: string, timeZone?: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone: timeZone || undefined }).format(date);
  } catch {
    // An unknown zone name: fall back to the browser's own.
    return new Intl.DateTimeFormat(locale, options).format(date);
  }
}
