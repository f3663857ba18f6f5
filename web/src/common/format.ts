/** A timestamp of the API shown in the reader's language and time zone (`seconds`: to the second). */
export function formatDateTime(iso: string | null, locale: string, timeZone?: string | null, seconds = false): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: seconds ? 'medium' : 'short' };
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone: timeZone || undefined }).format(date);
  } catch {
    // An unknown zone name: fall back to the browser's own.
    return new Intl.DateTimeFormat(locale, options).format(date);
  }
}

// Numbers are shown only through these helpers (and the usage quantities of usageFormat.ts, built
// on them), in the reader's locale: "21.474" in Spanish and Portuguese, "21,474" in English. A
// component that formats on its own (Ant Design's Statistic, ECharts' {c}) is given the text
// these make and told not to format it again.

/** A count or amount as the reader's locale writes it. */
export function formatNumber(value: number, locale: string, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(locale, options).format(value);
}

/**
 * A price of the API (a decimal string, kept exact: Intl formats the string itself, not a float)
 * in its currency, as the reader's locale writes it: "$0.0125", "0,0125 US$".
 */
export function formatPrice(amount: string, currency: string, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 6 }).format(amount as `${number}`);
  } catch {
    // A currency code Intl does not accept: the amount and the code as the API gave them.
    return `${amount} ${currency}`;
  }
}

/**
 * An amount of money of the API (decimal text, exact to the micro-unit: "0.0375") with its
 * currency code, exactly as the server wrote it: never through a float, never rounded again.
 */
export function formatMoney(amount: string, currency: string): string {
  return `${amount} ${currency}`;
}

/** A percentage given as 0–100 (as the API gives them), e.g. "75.2%" / "75,2 %", to one decimal. */
export function formatPercent(pct: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(pct / 100);
}
