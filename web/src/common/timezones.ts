export interface TimeZoneOption {
  value: string;
  label: string;
}

let cached: TimeZoneOption[] | null = null;

/** Offset like "+01:00" of a zone right now. */
function offsetOf(zone: string, now: Date): string {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
      .formatToParts(now)
      .find((p) => p.type === 'timeZoneName')?.value;
    // "GMT+01:00", or plain "GMT" for UTC itself.
    return part && part.length > 3 ? part.slice(3) : '+00:00';
  } catch {
    return '+00:00';
  }
}

/** Every IANA zone the browser knows, labelled "(UTC+01:00) Europe/Madrid". */
export function timeZoneOptions(): TimeZoneOption[] {
  if (cached) return cached;
  const zones = Intl.supportedValuesOf('timeZone');
  if (!zones.includes('UTC')) zones.unshift('UTC');
  const now = new Date();
  cached = zones.map((zone) => ({
    value: zone,
    label: `(UTC${offsetOf(zone, now)}) ${zone.replaceAll('_', ' ')}`,
  }));
  return cached;
}

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
