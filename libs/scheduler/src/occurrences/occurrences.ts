import { RepeatInterval, Task, TaskType } from '@app/contracts';
import { compileCronPattern } from './cron-patterns';
import { fromWallClock, toWallClock, zoneOffsetAt } from './time-zone';

/** The fields of a task that decide when it fires. */
export type ScheduleSpec = Pick<
  Task,
  'taskType' | 'scheduledAt' | 'repeatInterval' | 'cronExpression' | 'timezone'
>;

// A wall-clock time repeated by a DST fall-back is skipped the second time round; a per-second
// pattern can need up to an hour of such steps.
const MAX_WALL_CLOCK_MATCHES = 10_000;
// Longer than any DST gap there is: how far back a time skipped by a gap can still fire from.
const LONGEST_DST_GAP_MS = 3 * 3_600_000;

/**
 * The cron pattern a recurring task fires on. Daily, weekly and monthly tasks take their time of
 * day, weekday and day of month from `scheduledAt` read on the task's wall clock.
 */
export function cronPatternFor(spec: ScheduleSpec): string | null {
  if (spec.taskType === TaskType.Scheduled || !spec.repeatInterval) return null;
  if (spec.repeatInterval === RepeatInterval.Custom) return spec.cronExpression;
  const anchor = new Date(toWallClock(spec.scheduledAt.getTime(), spec.timezone));
  const timeOfDay = `${anchor.getUTCSeconds()} ${anchor.getUTCMinutes()} ${anchor.getUTCHours()}`;
  switch (spec.repeatInterval) {
    case RepeatInterval.Daily:
      return `${timeOfDay} * * *`;
    case RepeatInterval.Weekly:
      return `${timeOfDay} * * ${anchor.getUTCDay()}`;
    case RepeatInterval.Monthly:
      return `${timeOfDay} ${anchor.getUTCDate()} * *`;
  }
}

/**
 * The first occurrence strictly after `after`, or null when the task never fires again.
 *
 * Matches are found on the wall clock and converted to instants. The conversion is monotonic
 * except around a spring-forward gap: a time inside the gap fires shifted forward by the gap's
 * length, so it can come after real times that follow the gap on the wall clock, and it can still
 * be due shortly after the clocks have jumped. Both cases are searched explicitly.
 */
export function nextOccurrenceAfter(spec: ScheduleSpec, after: Date): Date | null {
  const pattern = cronPatternFor(spec);
  if (!pattern) return null;
  const cron = compileCronPattern(pattern);
  const zone = spec.timezone;
  const afterMs = after.getTime();
  const justSkipped = Math.max(
    0,
    zoneOffsetAt(afterMs, zone) - zoneOffsetAt(afterMs - LONGEST_DST_GAP_MS, zone),
  );
  let wallClock = toWallClock(afterMs, zone) - justSkipped;
  let earliest: number | null = null;
  let searchUntil = Number.POSITIVE_INFINITY;
  for (let step = 0; step < MAX_WALL_CLOCK_MATCHES; step++) {
    const match = cron.nextRun(new Date(wallClock))?.getTime();
    if (match === undefined || match >= searchUntil) break;
    const instant = fromWallClock(match, zone);
    if (instant > afterMs && (earliest === null || instant < earliest)) {
      if (earliest === null) {
        // The wall clock reads later than the match only when the match was shifted by a gap.
        searchUntil = toWallClock(instant, zone);
        if (searchUntil === match) return new Date(instant);
      }
      earliest = instant;
    }
    wallClock = match;
  }
  return earliest === null ? null : new Date(earliest);
}

/**
 * When a task that is (re)activated at `now` fires first.
 *
 * - `scheduled`: at `scheduledAt`, even if that has just passed (the caller decides how much
 *   lateness it accepts).
 * - `daily` / `weekly` / `monthly`: at `scheduledAt` if it is still ahead, else the next occurrence
 *   after `now`; missed occurrences are never fired in a burst.
 * - `custom`: the first match at or after the later of `scheduledAt` and `now`.
 */
export function firstOccurrence(spec: ScheduleSpec, now: Date): Date | null {
  if (spec.taskType === TaskType.Scheduled) return spec.scheduledAt;
  if (spec.repeatInterval === RepeatInterval.Custom) {
    const from = Math.max(spec.scheduledAt.getTime(), now.getTime());
    return nextOccurrenceAfter(spec, new Date(from - 1));
  }
  if (spec.scheduledAt.getTime() >= now.getTime()) return spec.scheduledAt;
  return nextOccurrenceAfter(spec, now);
}

/** Up to `count` occurrences starting with `first`: the exact sequence the scheduler fires. */
export function upcomingOccurrences(spec: ScheduleSpec, first: Date | null, count: number): Date[] {
  const occurrences: Date[] = [];
  for (let at = first; at && occurrences.length < count; at = nextOccurrenceAfter(spec, at)) {
    occurrences.push(at);
  }
  return occurrences;
}
