/**
 * Conversions between instants and wall-clock readings in an IANA time zone.
 *
 * A wall-clock reading is carried as a "floating" epoch value: the milliseconds whose UTC fields
 * equal the local fields (09:00 local is represented as 09:00Z). Cron patterns are matched on
 * these readings, so a schedule follows local time across DST changes.
 */

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** How far the zone's wall clock is ahead of UTC at `instant`, in milliseconds. */
export function zoneOffsetAt(instant: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  const wholeSecond = Math.floor(instant / 1000) * 1000;
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(wholeSecond)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(
    fields.year,
    fields.month - 1,
    fields.day,
    fields.hour,
    fields.minute,
    fields.second,
  );
  return asUtc - wholeSecond;
}

/** The wall-clock reading at `instant`, as a floating value. */
export function toWallClock(instant: number, timeZone: string): number {
  return instant + zoneOffsetAt(instant, timeZone);
}

/**
 * The instant at which the zone's clock shows `wallClock`.
 *
 * A reading that happens twice (the clock falls back) resolves to its first instance. A reading
 * that never happens (the clock springs forward) is moved forward by the length of the gap, as
 * RFC 5545 does: 02:30 on a day that jumps from 02:00 to 03:00 becomes 03:30.
 */
export function fromWallClock(wallClock: number, timeZone: string): number {
  // No zone changes its offset twice within two days, so the offsets in force a day either side
  // are the only candidates.
  const offsetBefore = zoneOffsetAt(wallClock - DAY_MS, timeZone);
  const offsetAfter = zoneOffsetAt(wallClock + DAY_MS, timeZone);
  const matches = [offsetBefore, offsetAfter]
    .map((offset) => ({ offset, instant: wallClock - offset }))
    .filter(({ offset, instant }) => zoneOffsetAt(instant, timeZone) === offset)
    .map(({ instant }) => instant);
  if (matches.length > 0) return Math.min(...matches);
  return wallClock - offsetBefore;
}
