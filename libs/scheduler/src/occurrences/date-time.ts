import { fromWallClock } from './time-zone';

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Reads an ISO-8601 date-time. With an offset (`Z`, `+02:00`) it names an instant; without one it
 * is a wall-clock time in `timeZone` (a time skipped by DST moves forward by the gap, a repeated
 * one means its first instance). Returns null for anything else, including impossible dates.
 */
export function parseDateTime(text: string, timeZone: string): Date | null {
  const match = DATE_TIME.exec(text.trim());
  if (!match) return null;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', offset] = match;
  const fields = [year, month, day, hour, minute, second].map(Number);
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  const wallClock = Date.UTC(
    fields[0],
    fields[1] - 1,
    fields[2],
    fields[3],
    fields[4],
    fields[5],
    millis,
  );
  const readBack = new Date(wallClock);
  if (
    readBack.getUTCFullYear() !== fields[0] ||
    readBack.getUTCMonth() !== fields[1] - 1 ||
    readBack.getUTCDate() !== fields[2] ||
    fields[3] > 23 ||
    fields[4] > 59 ||
    fields[5] > 59
  ) {
    return null;
  }
  if (!offset) return new Date(fromWallClock(wallClock, timeZone));
  if (offset.toUpperCase() === 'Z') return new Date(wallClock);
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const [offsetHours, offsetMinutesPart] = [Number(digits.slice(0, 2)), Number(digits.slice(2))];
  const offsetMinutes = offsetHours * 60 + offsetMinutesPart;
  if (offsetMinutesPart > 59 || offsetMinutes > 18 * 60) return null;
  return new Date(wallClock - sign * offsetMinutes * 60_000);
}
