import { RepeatInterval, TaskType } from '@app/contracts';
import {
  cronPatternFor,
  firstOccurrence,
  nextOccurrenceAfter,
  ScheduleSpec,
  upcomingOccurrences,
} from './occurrences';
import { toWallClock } from './time-zone';

function scheduled(scheduledAt: string, timezone = 'UTC'): ScheduleSpec {
  return {
    taskType: TaskType.Scheduled,
    scheduledAt: new Date(scheduledAt),
    repeatInterval: null,
    cronExpression: null,
    timezone,
  };
}

function repeated(
  repeatInterval: RepeatInterval.Daily | RepeatInterval.Weekly | RepeatInterval.Monthly,
  scheduledAt: string,
  timezone = 'UTC',
): ScheduleSpec {
  return {
    taskType: TaskType.Repeated,
    scheduledAt: new Date(scheduledAt),
    repeatInterval,
    cronExpression: null,
    timezone,
  };
}

function custom(
  cronExpression: string,
  timezone = 'UTC',
  scheduledAt = '2026-01-01T00:00:00Z',
): ScheduleSpec {
  return {
    taskType: TaskType.Repeated,
    scheduledAt: new Date(scheduledAt),
    repeatInterval: RepeatInterval.Custom,
    cronExpression,
    timezone,
  };
}

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

/** The first `count` occurrences of a task activated at `now`, as the user sees them. */
function occurrences(spec: ScheduleSpec, now: string, count: number): string[] {
  const dates = upcomingOccurrences(spec, firstOccurrence(spec, new Date(now)), count);
  return dates.map((date) => date.toISOString());
}

function expectStrictlyIncreasing(instants: string[]): void {
  for (let i = 1; i < instants.length; i++) {
    expect(Date.parse(instants[i])).toBeGreaterThan(Date.parse(instants[i - 1]));
  }
}

describe('cronPatternFor', () => {
  it('has no pattern for a one-time task', () => {
    expect(cronPatternFor(scheduled('2026-07-01T09:00:00Z'))).toBeNull();
  });

  it('uses the cron expression of a custom task as is', () => {
    expect(cronPatternFor(custom('*/5 9-17 * * MON-FRI'))).toBe('*/5 9-17 * * MON-FRI');
  });

  it('reads time of day, weekday and day of month on the task wall clock', () => {
    // 2026-07-31T22:05:09Z is Saturday 1 August 00:05:09 in Europe/Berlin (CEST, +02:00).
    const at = '2026-07-31T22:05:09Z';
    expect(cronPatternFor(repeated(RepeatInterval.Daily, at, 'Europe/Berlin'))).toBe('9 5 0 * * *');
    expect(cronPatternFor(repeated(RepeatInterval.Weekly, at, 'Europe/Berlin'))).toBe(
      '9 5 0 * * 6',
    );
    expect(cronPatternFor(repeated(RepeatInterval.Monthly, at, 'Europe/Berlin'))).toBe(
      '9 5 0 1 * *',
    );
  });
});

describe('scheduled (one-time) tasks', () => {
  const task = scheduled('2026-07-01T09:00:00Z', 'Europe/Berlin');

  it('fires first at scheduledAt when it is ahead', () => {
    expect(iso(firstOccurrence(task, new Date('2026-06-01T00:00:00Z')))).toBe(
      '2026-07-01T09:00:00.000Z',
    );
  });

  it('fires first at scheduledAt even when it has just passed', () => {
    expect(iso(firstOccurrence(task, new Date('2026-07-01T09:00:05Z')))).toBe(
      '2026-07-01T09:00:00.000Z',
    );
  });

  it('never fires again', () => {
    expect(nextOccurrenceAfter(task, new Date('2026-07-01T09:00:00Z'))).toBeNull();
    expect(nextOccurrenceAfter(task, new Date('2026-01-01T00:00:00Z'))).toBeNull();
  });

  it('ignores a repeat interval left on a one-time task', () => {
    const stray: ScheduleSpec = { ...task, repeatInterval: RepeatInterval.Daily };
    expect(nextOccurrenceAfter(stray, new Date('2026-07-01T09:00:00Z'))).toBeNull();
  });

  it('lists just the one occurrence', () => {
    expect(occurrences(task, '2026-06-01T00:00:00Z', 5)).toEqual(['2026-07-01T09:00:00.000Z']);
  });
});

describe('repeated daily / weekly / monthly tasks', () => {
  describe('first occurrence', () => {
    const daily = repeated(RepeatInterval.Daily, '2026-03-02T09:00:00Z');

    it('is scheduledAt when it is still ahead', () => {
      expect(iso(firstOccurrence(daily, new Date('2026-03-01T00:00:00Z')))).toBe(
        '2026-03-02T09:00:00.000Z',
      );
    });

    it('is scheduledAt when it is exactly now', () => {
      expect(iso(firstOccurrence(daily, new Date('2026-03-02T09:00:00Z')))).toBe(
        '2026-03-02T09:00:00.000Z',
      );
    });

    it('is the next occurrence after now once scheduledAt has passed (no burst of missed runs)', () => {
      expect(iso(firstOccurrence(daily, new Date('2026-03-10T12:00:00Z')))).toBe(
        '2026-03-11T09:00:00.000Z',
      );
      expect(iso(firstOccurrence(daily, new Date('2026-03-10T08:59:59.999Z')))).toBe(
        '2026-03-10T09:00:00.000Z',
      );
    });

    it('is strictly after now when now is exactly an occurrence', () => {
      expect(iso(firstOccurrence(daily, new Date('2026-03-10T09:00:00Z')))).toBe(
        '2026-03-11T09:00:00.000Z',
      );
    });

    it('keeps the weekday of a weekly task and the day of a monthly task', () => {
      // Monday 2 March 2026, 09:00 UTC; now is Wednesday 11 March.
      const now = new Date('2026-03-11T00:00:00Z');
      expect(
        iso(firstOccurrence(repeated(RepeatInterval.Weekly, '2026-03-02T09:00:00Z'), now)),
      ).toBe('2026-03-16T09:00:00.000Z');
      expect(
        iso(firstOccurrence(repeated(RepeatInterval.Monthly, '2026-03-02T09:00:00Z'), now)),
      ).toBe('2026-04-02T09:00:00.000Z');
    });
  });

  describe('daily', () => {
    it('fires every day at the same time', () => {
      expect(
        occurrences(
          repeated(RepeatInterval.Daily, '2026-01-30T14:45:00Z'),
          '2026-01-01T00:00:00Z',
          4,
        ),
      ).toEqual([
        '2026-01-30T14:45:00.000Z',
        '2026-01-31T14:45:00.000Z',
        '2026-02-01T14:45:00.000Z',
        '2026-02-02T14:45:00.000Z',
      ]);
    });

    it('keeps the seconds of scheduledAt', () => {
      const task = repeated(RepeatInterval.Daily, '2026-01-01T09:00:30Z');
      expect(iso(nextOccurrenceAfter(task, new Date('2026-01-01T09:00:30Z')))).toBe(
        '2026-01-02T09:00:30.000Z',
      );
    });

    it('keeps 09:00 on the wall clock across spring forward (Europe/Berlin)', () => {
      // 09:00 CET is 08:00Z; from 29 March 09:00 CEST is 07:00Z.
      const task = repeated(RepeatInterval.Daily, '2026-03-27T08:00:00Z', 'Europe/Berlin');
      expect(occurrences(task, '2026-03-27T00:00:00Z', 4)).toEqual([
        '2026-03-27T08:00:00.000Z',
        '2026-03-28T08:00:00.000Z',
        '2026-03-29T07:00:00.000Z',
        '2026-03-30T07:00:00.000Z',
      ]);
    });

    it('keeps 09:00 on the wall clock across fall back (Europe/Berlin)', () => {
      const task = repeated(RepeatInterval.Daily, '2026-10-23T07:00:00Z', 'Europe/Berlin');
      expect(occurrences(task, '2026-10-23T00:00:00Z', 4)).toEqual([
        '2026-10-23T07:00:00.000Z',
        '2026-10-24T07:00:00.000Z',
        '2026-10-25T08:00:00.000Z',
        '2026-10-26T08:00:00.000Z',
      ]);
    });

    it('keeps 09:00 on the wall clock across both changes (America/New_York)', () => {
      const task = repeated(RepeatInterval.Daily, '2026-03-07T14:00:00Z', 'America/New_York');
      expect(occurrences(task, '2026-03-07T00:00:00Z', 3)).toEqual([
        '2026-03-07T14:00:00.000Z',
        '2026-03-08T13:00:00.000Z',
        '2026-03-09T13:00:00.000Z',
      ]);
      expect(iso(nextOccurrenceAfter(task, new Date('2026-10-31T13:00:00Z')))).toBe(
        '2026-11-01T14:00:00.000Z',
      );
    });

    it('follows the task zone when the UTC date differs from the local date', () => {
      // 09:00 in Pacific/Auckland (NZDT, +13:00) is 20:00Z the day before.
      const task = repeated(RepeatInterval.Daily, '2026-01-04T20:00:00Z', 'Pacific/Auckland');
      expect(occurrences(task, '2026-01-10T00:00:00Z', 2)).toEqual([
        '2026-01-10T20:00:00.000Z',
        '2026-01-11T20:00:00.000Z',
      ]);
    });
  });

  describe('weekly', () => {
    // Anchors at 09:00 Pacific/Auckland (+13:00), i.e. 20:00Z on the previous UTC day, so a
    // weekday read in UTC instead of the task zone is off by one.
    it.each([
      ['Monday', '2026-01-04T20:00:00Z', '2026-01-11T20:00:00.000Z', '2026-01-18T20:00:00.000Z'],
      ['Tuesday', '2026-01-05T20:00:00Z', '2026-01-12T20:00:00.000Z', '2026-01-19T20:00:00.000Z'],
      ['Wednesday', '2026-01-06T20:00:00Z', '2026-01-13T20:00:00.000Z', '2026-01-20T20:00:00.000Z'],
      ['Thursday', '2026-01-07T20:00:00Z', '2026-01-14T20:00:00.000Z', '2026-01-21T20:00:00.000Z'],
      ['Friday', '2026-01-08T20:00:00Z', '2026-01-15T20:00:00.000Z', '2026-01-22T20:00:00.000Z'],
      ['Saturday', '2026-01-09T20:00:00Z', '2026-01-16T20:00:00.000Z', '2026-01-23T20:00:00.000Z'],
      ['Sunday', '2026-01-10T20:00:00Z', '2026-01-17T20:00:00.000Z', '2026-01-24T20:00:00.000Z'],
    ])('anchored on a %s fires on that weekday', (weekday, anchor, next, afterThat) => {
      const task = repeated(RepeatInterval.Weekly, anchor, 'Pacific/Auckland');
      // now: Monday 12 January 2026, 01:00 in Auckland
      const result = occurrences(task, '2026-01-11T12:00:00Z', 2);
      expect(result).toEqual([next, afterThat]);
      const localWeekday = new Intl.DateTimeFormat('en-US', {
        timeZone: 'Pacific/Auckland',
        weekday: 'long',
      }).format(new Date(result[0]));
      expect(localWeekday).toBe(weekday);
    });

    it('keeps the wall-clock time across DST (Europe/Berlin, Sundays 09:00)', () => {
      const task = repeated(RepeatInterval.Weekly, '2026-03-22T08:00:00Z', 'Europe/Berlin');
      expect(occurrences(task, '2026-03-01T00:00:00Z', 3)).toEqual([
        '2026-03-22T08:00:00.000Z',
        '2026-03-29T07:00:00.000Z',
        '2026-04-05T07:00:00.000Z',
      ]);
    });
  });

  describe('monthly', () => {
    it('fires on the same day of month', () => {
      const task = repeated(RepeatInterval.Monthly, '2026-01-15T09:00:00Z');
      expect(occurrences(task, '2026-01-01T00:00:00Z', 3)).toEqual([
        '2026-01-15T09:00:00.000Z',
        '2026-02-15T09:00:00.000Z',
        '2026-03-15T09:00:00.000Z',
      ]);
    });

    it('on the 31st skips months without a 31st, keeping 09:00 across DST (Europe/Berlin)', () => {
      const task = repeated(RepeatInterval.Monthly, '2026-01-31T08:00:00Z', 'Europe/Berlin');
      expect(occurrences(task, '2026-01-01T00:00:00Z', 8)).toEqual([
        '2026-01-31T08:00:00.000Z',
        '2026-03-31T07:00:00.000Z',
        '2026-05-31T07:00:00.000Z',
        '2026-07-31T07:00:00.000Z',
        '2026-08-31T07:00:00.000Z',
        '2026-10-31T08:00:00.000Z',
        '2026-12-31T08:00:00.000Z',
        '2027-01-31T08:00:00.000Z',
      ]);
    });

    it('on the 30th skips February', () => {
      const task = repeated(RepeatInterval.Monthly, '2026-01-30T09:00:00Z');
      expect(occurrences(task, '2026-01-01T00:00:00Z', 3)).toEqual([
        '2026-01-30T09:00:00.000Z',
        '2026-03-30T09:00:00.000Z',
        '2026-04-30T09:00:00.000Z',
      ]);
    });

    it('on the 29th fires in February only in leap years', () => {
      expect(
        occurrences(
          repeated(RepeatInterval.Monthly, '2026-01-29T09:00:00Z'),
          '2026-01-01T00:00:00Z',
          3,
        ),
      ).toEqual([
        '2026-01-29T09:00:00.000Z',
        '2026-03-29T09:00:00.000Z',
        '2026-04-29T09:00:00.000Z',
      ]);
      expect(
        occurrences(
          repeated(RepeatInterval.Monthly, '2027-12-29T09:00:00Z'),
          '2027-12-01T00:00:00Z',
          4,
        ),
      ).toEqual([
        '2027-12-29T09:00:00.000Z',
        '2028-01-29T09:00:00.000Z',
        '2028-02-29T09:00:00.000Z',
        '2028-03-29T09:00:00.000Z',
      ]);
    });

    it('takes the day of month from the task zone, not from UTC', () => {
      // 2026-01-30T20:00:00Z is 31 January 09:00 in Auckland (+13:00); NZ DST ends on 5 April.
      const task = repeated(RepeatInterval.Monthly, '2026-01-30T20:00:00Z', 'Pacific/Auckland');
      expect(occurrences(task, '2026-01-01T00:00:00Z', 3)).toEqual([
        '2026-01-30T20:00:00.000Z',
        '2026-03-30T20:00:00.000Z',
        '2026-05-30T21:00:00.000Z',
      ]);
    });
  });
});

describe('custom (cron) tasks', () => {
  describe('first occurrence is the first match at or after max(scheduledAt, now)', () => {
    it('searches from scheduledAt when it is ahead of now', () => {
      const task = custom('0 9 * * *', 'UTC', '2026-02-01T00:00:00Z');
      expect(iso(firstOccurrence(task, new Date('2026-01-01T00:00:00Z')))).toBe(
        '2026-02-01T09:00:00.000Z',
      );
    });

    it('includes scheduledAt itself when it matches', () => {
      const task = custom('0 9 * * *', 'UTC', '2026-02-01T09:00:00Z');
      expect(iso(firstOccurrence(task, new Date('2026-01-01T00:00:00Z')))).toBe(
        '2026-02-01T09:00:00.000Z',
      );
    });

    it('searches from now when scheduledAt has passed, including now itself', () => {
      const task = custom('0 9 * * *', 'UTC', '2026-01-01T00:00:00Z');
      expect(iso(firstOccurrence(task, new Date('2026-03-10T09:00:00Z')))).toBe(
        '2026-03-10T09:00:00.000Z',
      );
      expect(iso(firstOccurrence(task, new Date('2026-03-10T09:00:00.001Z')))).toBe(
        '2026-03-11T09:00:00.000Z',
      );
      expect(iso(firstOccurrence(task, new Date('2026-03-10T08:59:59.500Z')))).toBe(
        '2026-03-10T09:00:00.000Z',
      );
    });
  });

  it('is evaluated on the task wall clock', () => {
    const task = custom('0 9 * * *', 'Europe/Berlin');
    expect(iso(nextOccurrenceAfter(task, new Date('2026-01-15T00:00:00Z')))).toBe(
      '2026-01-15T08:00:00.000Z',
    );
    expect(iso(nextOccurrenceAfter(task, new Date('2026-07-15T00:00:00Z')))).toBe(
      '2026-07-15T07:00:00.000Z',
    );
    expect(
      iso(
        nextOccurrenceAfter(
          custom('30 9 * * *', 'Asia/Kathmandu'),
          new Date('2026-07-15T00:00:00Z'),
        ),
      ),
    ).toBe('2026-07-15T03:45:00.000Z');
  });

  it('supports lists, ranges and steps', () => {
    expect(occurrences(custom('0 8-17/3 * * *'), '2026-01-01T00:00:00Z', 5)).toEqual([
      '2026-01-01T08:00:00.000Z',
      '2026-01-01T11:00:00.000Z',
      '2026-01-01T14:00:00.000Z',
      '2026-01-01T17:00:00.000Z',
      '2026-01-02T08:00:00.000Z',
    ]);
    expect(occurrences(custom('15,45 9 * * *'), '2026-01-01T00:00:00Z', 3)).toEqual([
      '2026-01-01T09:15:00.000Z',
      '2026-01-01T09:45:00.000Z',
      '2026-01-02T09:15:00.000Z',
    ]);
  });

  it('supports month and weekday names', () => {
    // Friday 30 January 2026, then the weekdays of March.
    expect(occurrences(custom('0 9 * JAN,MAR MON-FRI'), '2026-01-30T00:00:00Z', 4)).toEqual([
      '2026-01-30T09:00:00.000Z',
      '2026-03-02T09:00:00.000Z',
      '2026-03-03T09:00:00.000Z',
      '2026-03-04T09:00:00.000Z',
    ]);
  });

  it.each(['0', '7', 'SUN', 'sun'])('reads day of week %j as Sunday', (sunday) => {
    expect(occurrences(custom(`0 9 * * ${sunday}`), '2026-01-01T00:00:00Z', 2)).toEqual([
      '2026-01-04T09:00:00.000Z',
      '2026-01-11T09:00:00.000Z',
    ]);
  });

  it('reads the range 5-7 as Friday to Sunday', () => {
    expect(occurrences(custom('0 9 * * 5-7'), '2026-01-01T00:00:00Z', 4)).toEqual([
      '2026-01-02T09:00:00.000Z',
      '2026-01-03T09:00:00.000Z',
      '2026-01-04T09:00:00.000Z',
      '2026-01-09T09:00:00.000Z',
    ]);
  });

  it('fires when either day of month or day of week matches if both are restricted (Vixie OR)', () => {
    // Every Friday and every 13th: 13 January 2026 is a Tuesday, 13 February a Friday.
    expect(occurrences(custom('0 9 13 * FRI'), '2026-01-01T00:00:00Z', 8)).toEqual([
      '2026-01-02T09:00:00.000Z',
      '2026-01-09T09:00:00.000Z',
      '2026-01-13T09:00:00.000Z',
      '2026-01-16T09:00:00.000Z',
      '2026-01-23T09:00:00.000Z',
      '2026-01-30T09:00:00.000Z',
      '2026-02-06T09:00:00.000Z',
      '2026-02-13T09:00:00.000Z',
    ]);
  });

  it('restricts by day of month alone when day of week is *', () => {
    expect(occurrences(custom('0 9 13 * *'), '2026-01-01T00:00:00Z', 2)).toEqual([
      '2026-01-13T09:00:00.000Z',
      '2026-02-13T09:00:00.000Z',
    ]);
  });

  describe('seconds', () => {
    it('a leading seconds field fires on those seconds', () => {
      expect(occurrences(custom('*/10 * * * * *'), '2026-01-01T00:00:00Z', 7)).toEqual([
        '2026-01-01T00:00:00.000Z',
        '2026-01-01T00:00:10.000Z',
        '2026-01-01T00:00:20.000Z',
        '2026-01-01T00:00:30.000Z',
        '2026-01-01T00:00:40.000Z',
        '2026-01-01T00:00:50.000Z',
        '2026-01-01T00:01:00.000Z',
      ]);
      expect(occurrences(custom('*/10 * * * * *'), '2026-01-01T00:00:05Z', 2)).toEqual([
        '2026-01-01T00:00:10.000Z',
        '2026-01-01T00:00:20.000Z',
      ]);
    });

    it('a 5-field pattern fires at second 0', () => {
      expect(occurrences(custom('* * * * *'), '2026-01-01T00:00:05Z', 3)).toEqual([
        '2026-01-01T00:01:00.000Z',
        '2026-01-01T00:02:00.000Z',
        '2026-01-01T00:03:00.000Z',
      ]);
    });

    it('combines the seconds field with the task zone', () => {
      expect(
        occurrences(custom('30 0 9 * * *', 'Europe/Berlin'), '2026-07-01T00:00:00Z', 2),
      ).toEqual(['2026-07-01T07:00:30.000Z', '2026-07-02T07:00:30.000Z']);
    });
  });

  describe('a pattern that never matches', () => {
    const never = custom('0 0 30 2 *');

    it('has no first or next occurrence', () => {
      expect(firstOccurrence(never, new Date('2026-01-01T00:00:00Z'))).toBeNull();
      expect(nextOccurrenceAfter(never, new Date('2026-01-01T00:00:00Z'))).toBeNull();
    });

    it('lists nothing, or only the given first occurrence', () => {
      expect(upcomingOccurrences(never, null, 5)).toEqual([]);
      expect(
        upcomingOccurrences(never, new Date('2026-01-01T00:00:00Z'), 5).map((d) => iso(d)),
      ).toEqual(['2026-01-01T00:00:00.000Z']);
    });
  });
});

describe('daylight saving time', () => {
  describe('a wall-clock time skipped by spring forward moves forward by the gap', () => {
    it('America/New_York: daily 02:30 fires at 03:30 EDT on 8 March', () => {
      // 02:30 EST = 07:30Z; on 8 March 02:30 does not exist -> 03:30 EDT = 07:30Z;
      // from 9 March 02:30 EDT = 06:30Z.
      const task = repeated(RepeatInterval.Daily, '2026-03-06T07:30:00Z', 'America/New_York');
      expect(occurrences(task, '2026-03-06T00:00:00Z', 4)).toEqual([
        '2026-03-06T07:30:00.000Z',
        '2026-03-07T07:30:00.000Z',
        '2026-03-08T07:30:00.000Z',
        '2026-03-09T06:30:00.000Z',
      ]);
    });

    it('Europe/Berlin: daily 02:30 fires at 03:30 CEST on 29 March', () => {
      const task = repeated(RepeatInterval.Daily, '2026-03-27T01:30:00Z', 'Europe/Berlin');
      expect(occurrences(task, '2026-03-27T00:00:00Z', 4)).toEqual([
        '2026-03-27T01:30:00.000Z',
        '2026-03-28T01:30:00.000Z',
        '2026-03-29T01:30:00.000Z',
        '2026-03-30T00:30:00.000Z',
      ]);
    });

    it('Australia/Lord_Howe (30-minute shift): daily 02:15 fires at 02:45 on 4 October', () => {
      // 02:15 at +10:30 = 15:45Z the day before; on 4 October 02:15 -> 02:45 +11:00 = 15:45Z;
      // from 5 October 02:15 +11:00 = 15:15Z.
      const task = repeated(RepeatInterval.Daily, '2026-10-02T15:45:00Z', 'Australia/Lord_Howe');
      expect(occurrences(task, '2026-10-01T00:00:00Z', 3)).toEqual([
        '2026-10-02T15:45:00.000Z',
        '2026-10-03T15:45:00.000Z',
        '2026-10-04T15:15:00.000Z',
      ]);
    });

    it('applies to custom patterns too', () => {
      expect(
        occurrences(custom('30 2 * * *', 'America/New_York'), '2026-03-07T12:00:00Z', 2),
      ).toEqual(['2026-03-08T07:30:00.000Z', '2026-03-09T06:30:00.000Z']);
    });

    // A time skipped by the gap fires shifted forward, so it is still due shortly after the clocks
    // jump: a task created or resumed in that window, or an engine that was busy, must not lose it.
    it('America/New_York: a daily 02:30 task activated at 03:10 EDT on 8 March still fires at 03:30 EDT', () => {
      const task = repeated(RepeatInterval.Daily, '2026-03-01T07:30:00Z', 'America/New_York');
      expect(iso(firstOccurrence(task, new Date('2026-03-08T07:10:00Z')))).toBe(
        '2026-03-08T07:30:00.000Z',
      );
    });

    it('Europe/Berlin: custom "30 2 * * *" activated at 03:10 CEST on 29 March still fires at 03:30 CEST', () => {
      const task = custom('30 2 * * *', 'Europe/Berlin');
      expect(iso(firstOccurrence(task, new Date('2026-03-29T01:10:00Z')))).toBe(
        '2026-03-29T01:30:00.000Z',
      );
    });

    // Within one sequence: in Australia/Lord_Howe (02:00 -> 02:30 on 4 October) "*/20" gives 01:40,
    // 02:30 (02:00 shifted), 02:40, 02:50 (02:20 shifted), 03:00, in the order they happen.
    it('Australia/Lord_Howe: "*/20" keeps the shifted 02:20 run (at 02:50)', () => {
      const task = custom('*/20 * * * *', 'Australia/Lord_Howe');
      expect(occurrences(task, '2026-10-03T15:00:00Z', 6)).toEqual([
        '2026-10-03T15:10:00.000Z',
        '2026-10-03T15:30:00.000Z',
        '2026-10-03T15:40:00.000Z',
        '2026-10-03T15:50:00.000Z',
        '2026-10-03T16:00:00.000Z',
        '2026-10-03T16:20:00.000Z',
      ]);
    });
  });

  describe('a wall-clock time repeated by fall back fires once, at its first instance', () => {
    it.each([
      // zone, anchor (first run, the day before), runs: day before, change day (first instance), day after
      [
        'America/New_York',
        '01:30',
        '2026-10-31T05:30:00Z',
        ['2026-10-31T05:30:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z'],
      ],
      [
        'Europe/Berlin',
        '02:30',
        '2026-10-24T00:30:00Z',
        ['2026-10-24T00:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z'],
      ],
      [
        'Australia/Lord_Howe',
        '01:45',
        '2026-04-03T14:45:00Z',
        ['2026-04-03T14:45:00.000Z', '2026-04-04T14:45:00.000Z', '2026-04-05T15:15:00.000Z'],
      ],
    ])('%s: daily %s', (zone, _time, anchor, expected) => {
      const task = repeated(RepeatInterval.Daily, anchor, zone);
      expect(occurrences(task, '2026-01-01T00:00:00Z', 3)).toEqual(expected);
      // Asked from the first instance, or from between the two instances, the next run is the
      // following day: the second instance never fires.
      const firstInstance = new Date(expected[1]);
      const betweenInstances = new Date(firstInstance.getTime() + 60_000);
      expect(iso(nextOccurrenceAfter(task, firstInstance))).toBe(expected[2]);
      expect(iso(nextOccurrenceAfter(task, betweenInstances))).toBe(expected[2]);
      expect(iso(firstOccurrence(task, betweenInstances))).toBe(expected[2]);
    });

    it('applies to custom patterns too', () => {
      expect(
        occurrences(custom('30 1 * * *', 'America/New_York'), '2026-10-31T12:00:00Z', 2),
      ).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']);
    });
  });

  describe('a sub-hourly pattern', () => {
    it('across fall back fires each wall-clock time once and skips the repeated hour (America/New_York)', () => {
      const result = occurrences(
        custom('*/15 * * * *', 'America/New_York'),
        '2026-11-01T04:30:00Z',
        12,
      );
      expect(result).toEqual([
        '2026-11-01T04:30:00.000Z', // 00:30 EDT
        '2026-11-01T04:45:00.000Z',
        '2026-11-01T05:00:00.000Z', // 01:00 EDT, first instance
        '2026-11-01T05:15:00.000Z',
        '2026-11-01T05:30:00.000Z',
        '2026-11-01T05:45:00.000Z', // 01:45 EDT
        '2026-11-01T07:00:00.000Z', // 02:00 EST; 01:00-01:45 EST (06:xxZ) are not fired again
        '2026-11-01T07:15:00.000Z',
        '2026-11-01T07:30:00.000Z',
        '2026-11-01T07:45:00.000Z',
        '2026-11-01T08:00:00.000Z',
        '2026-11-01T08:15:00.000Z',
      ]);
      const wallClocks = result.map((at) => toWallClock(Date.parse(at), 'America/New_York'));
      expect(new Set(wallClocks).size).toBe(wallClocks.length);
    });

    it('across fall back fires each wall-clock time once (Europe/Berlin)', () => {
      expect(
        occurrences(custom('*/15 * * * *', 'Europe/Berlin'), '2026-10-24T23:30:00Z', 8),
      ).toEqual([
        '2026-10-24T23:30:00.000Z', // 01:30 CEST
        '2026-10-24T23:45:00.000Z',
        '2026-10-25T00:00:00.000Z', // 02:00 CEST, first instance
        '2026-10-25T00:15:00.000Z',
        '2026-10-25T00:30:00.000Z',
        '2026-10-25T00:45:00.000Z',
        '2026-10-25T02:00:00.000Z', // 03:00 CET
        '2026-10-25T02:15:00.000Z',
      ]);
    });

    it('across the 30-minute fall back fires each wall-clock time once (Australia/Lord_Howe)', () => {
      expect(
        occurrences(custom('*/15 * * * *', 'Australia/Lord_Howe'), '2026-04-04T14:00:00Z', 6),
      ).toEqual([
        '2026-04-04T14:00:00.000Z', // 01:00 +11:00
        '2026-04-04T14:15:00.000Z',
        '2026-04-04T14:30:00.000Z', // 01:30 +11:00, first instance
        '2026-04-04T14:45:00.000Z',
        '2026-04-04T15:30:00.000Z', // 02:00 +10:30; 01:30 and 01:45 +10:30 are not fired again
        '2026-04-04T15:45:00.000Z',
      ]);
    });

    it('a per-second pattern skips the whole repeated hour', () => {
      // 06:00:00Z is 01:00:00 EST, the start of the second pass through 01:xx.
      expect(
        iso(
          nextOccurrenceAfter(
            custom('* * * * * *', 'America/New_York'),
            new Date('2026-11-01T06:00:00Z'),
          ),
        ),
      ).toBe('2026-11-01T07:00:00.000Z');
    });

    it.each([
      [
        'America/New_York',
        '2026-03-08T06:30:00Z',
        [
          '2026-03-08T06:30:00.000Z', // 01:30 EST
          '2026-03-08T06:45:00.000Z',
          '2026-03-08T07:00:00.000Z', // 03:00 EDT (02:00 shifted onto it)
          '2026-03-08T07:15:00.000Z',
          '2026-03-08T07:30:00.000Z',
          '2026-03-08T07:45:00.000Z',
          '2026-03-08T08:00:00.000Z',
        ],
      ],
      [
        'Europe/Berlin',
        '2026-03-29T00:30:00Z',
        [
          '2026-03-29T00:30:00.000Z', // 01:30 CET
          '2026-03-29T00:45:00.000Z',
          '2026-03-29T01:00:00.000Z', // 03:00 CEST
          '2026-03-29T01:15:00.000Z',
          '2026-03-29T01:30:00.000Z',
          '2026-03-29T01:45:00.000Z',
          '2026-03-29T02:00:00.000Z',
        ],
      ],
      [
        'Australia/Lord_Howe',
        '2026-10-03T15:00:00Z',
        [
          '2026-10-03T15:00:00.000Z', // 01:30 +10:30
          '2026-10-03T15:15:00.000Z',
          '2026-10-03T15:30:00.000Z', // 02:30 +11:00 (02:00 shifted onto it)
          '2026-10-03T15:45:00.000Z',
          '2026-10-03T16:00:00.000Z',
          '2026-10-03T16:15:00.000Z',
          '2026-10-03T16:30:00.000Z',
        ],
      ],
    ])(
      'across spring forward (%s) gives no duplicates, strictly increasing',
      (zone, now, expected) => {
        const result = occurrences(custom('*/15 * * * *', zone), now, expected.length);
        expect(result).toEqual(expected);
        expect(new Set(result).size).toBe(result.length);
        expectStrictlyIncreasing(result);
      },
    );
  });
});

describe('upcomingOccurrences', () => {
  const task = custom('0 9 * * MON-FRI', 'Europe/Berlin');

  it('starts with first and continues with successive nextOccurrenceAfter results', () => {
    const first = new Date('2026-03-27T08:00:00Z'); // Friday 09:00 CET
    const result = upcomingOccurrences(task, first, 4);
    expect(result.map((d) => iso(d))).toEqual([
      '2026-03-27T08:00:00.000Z',
      '2026-03-30T07:00:00.000Z', // Monday, now CEST
      '2026-03-31T07:00:00.000Z',
      '2026-04-01T07:00:00.000Z',
    ]);
    expect(result[0]).toBe(first);
    for (let i = 1; i < result.length; i++) {
      expect(iso(nextOccurrenceAfter(task, result[i - 1]))).toBe(iso(result[i]));
    }
  });

  it('is strictly increasing over a long run', () => {
    const daily = repeated(RepeatInterval.Daily, '2026-01-01T01:30:00Z', 'Europe/Berlin');
    const result = occurrences(daily, '2026-01-01T00:00:00Z', 400);
    expect(result).toHaveLength(400);
    expect(result[0]).toBe('2026-01-01T01:30:00.000Z');
    expect(result[399]).toBe('2027-02-04T01:30:00.000Z');
    expectStrictlyIncreasing(result);
  });

  it('returns nothing for a count of 0 or no first occurrence', () => {
    expect(upcomingOccurrences(task, new Date('2026-03-27T08:00:00Z'), 0)).toEqual([]);
    expect(upcomingOccurrences(task, null, 5)).toEqual([]);
  });

  it('returns just first for a one-time task', () => {
    const once = scheduled('2026-07-01T09:00:00Z');
    expect(upcomingOccurrences(once, once.scheduledAt, 5).map((d) => iso(d))).toEqual([
      '2026-07-01T09:00:00.000Z',
    ]);
  });
});
