import { RepeatInterval, Task, TaskType } from '@app/contracts';
import { compileCronPattern } from './cron-patterns';
import { fromWallClock, toWallClock } from './time-zone';

/** The fields of a task that decide when it fires. */
export type ScheduleSpec = Pick<
  Task,
  'taskType' | 'scheduledAt' | 'repeatInterval' | 'cronExpression' | 'timezone'
>;

// A wall-clock time repeated by a DST fall-back is skipped the second time round; a per-second
// pattern can need up to an hour of such steps.
const MAX_SKIPPED_WALL_CLOCK_MATCHES = 10_000;

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

/** The first occurrence strictly after `after`, or null when the task never fires again. */
export function nextOccurrenceAfter(spec: ScheduleSpec, after: Date): Date | null {
  const pattern = cronPatternFor(spec);
  if (!pattern) return null;
  const cron = compileCronPattern(pattern);
  let wallClock = toWallClock(after.getTime(), spec.timezone);
  for (let step = 0; step < MAX_SKIPPED_WALL_CLOCK_MATCHES; step++) {
    const match = cron.nextRun(new Date(wallClock));
    if (!match) return null;
    const instant = fromWallClock(match.getTime(), spec.timezone);
    if (instant > after.getTime()) return new Date(instant);
    wallClock = match.getTime();
  }
  return null;
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
