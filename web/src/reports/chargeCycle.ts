import type { ChargeCycle, ChargeLine, Charges, YearMonth } from '../api/types';

/** What the cycle picker holds: a preset, or a month the admin picks (null until they do). */
export interface CycleChoice {
  kind: 'current' | 'last' | 'month';
  month: YearMonth | null;
}

/** The cycle to ask for: exactly what was picked; null while "Month" waits for its month. */
export const cycleOf = (choice: CycleChoice): ChargeCycle | null => (choice.kind === 'month' ? choice.month : choice.kind);

export const isYearMonth = (text: string): text is YearMonth => /^\d{4}-(0[1-9]|1[0-2])$/.test(text);

/** The parts of `date` on the clock of `timeZone` (the browser's when the name is unknown). */
function clockParts(date: Date, timeZone: string | null | undefined): Record<string, string> {
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  };
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', { ...options, timeZone: timeZone || undefined }).formatToParts(date);
  } catch {
    parts = new Intl.DateTimeFormat('en-US', options).formatToParts(date);
  }
  return Object.fromEntries(parts.map((p) => [p.type, p.value]));
}

/** The month it is now in `timeZone` (the organization's), the latest a charges request may name. */
export function monthNow(timeZone: string | null | undefined): YearMonth {
  const p = clockParts(new Date(), timeZone);
  return `${Number(p.year)}-${p.month}` as YearMonth;
}

/** "YYYY-MM-DD HH:mm:ss" of an instant of the API on the clock of `timeZone`. */
const localStamp = (iso: string, timeZone: string) => {
  const p = clockParts(new Date(iso), timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
};

/** The calendar day after a YYYY-MM-DD date. */
const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** An answer of GET /orgs/{id}/charges. */
export interface ChargesRead {
  charges: Charges;
}

/** For the current cycle, the end the server gives the lines that run up to now: `as_of`. */
export function nowEnd({ charges }: ChargesRead): string | null {
  return charges.current ? charges.as_of : null;
}

/**
 * Whether a line covers the whole cycle: from its first local midnight to the next month's (or,
 * for the current cycle, to now: `now` from nowEnd). A plan or price change within the cycle gives
 * lines that do not.
 */
export function coversCycle(line: ChargeLine, charges: Charges, now: string | null): boolean {
  const starts = localStamp(line.from, charges.timezone) === `${charges.from} 00:00:00`;
  const ends = charges.current ? line.to === now : localStamp(line.to, charges.timezone) === `${dayAfter(charges.to)} 00:00:00`;
  return starts && ends;
}
