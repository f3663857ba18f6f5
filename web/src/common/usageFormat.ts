// Usage quantities as people read them: voice in hours and minutes, data in KB/MB/GB, in the
// reader's locale (see format.ts).
import { formatNumber } from './format';

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** Bytes in binary multiples (1 KB = 1,024 bytes), as data plans count them. */
export function formatBytes(bytes: number, locale: string): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${formatNumber(value, locale, { maximumFractionDigits: digits })} ${BYTE_UNITS[unit]}`;
}

const unitFormat = (locale: string, unit: 'hour' | 'minute' | 'second') =>
  new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' });

/** Seconds of talk time as "12 hr 5 min" (in the reader's language); under a minute, seconds. */
export function formatDuration(seconds: number, locale: string): string {
  if (seconds < 60) return unitFormat(locale, 'second').format(seconds);
  const totalMinutes = Math.round(seconds / 60);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  const min = unitFormat(locale, 'minute').format(minutes);
  if (hours === 0) return min;
  const hr = unitFormat(locale, 'hour').format(hours);
  return minutes === 0 ? hr : `${hr} ${min}`;
}

export function formatCount(count: number, locale: string): string {
  return formatNumber(count, locale);
}

/**
 * A local date of the API (YYYY-MM-DD, already in the organization's calendar) in the reader's
 * language; formatted as UTC so no time zone shifts it to another day.
 */
export function formatLocalDate(date: string, locale: string, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }) {
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}
