import { fromWallClock, isValidTimeZone, toWallClock, zoneOffsetAt } from './time-zone';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** An instant given as ISO-8601 UTC text. */
const at = (iso: string): number => Date.parse(iso);
/** A floating wall-clock reading: local fields written as if they were UTC ("09:00 local" = 09:00Z). */
const wall = (localIso: string): number => Date.parse(`${localIso}Z`);
const iso = (instant: number): string => new Date(instant).toISOString();

describe('zoneOffsetAt', () => {
  it.each([
    ['UTC', '2026-07-01T12:00:00Z', 0],
    ['Europe/Berlin', '2026-01-15T12:00:00Z', 1 * HOUR],
    ['Europe/Berlin', '2026-07-15T12:00:00Z', 2 * HOUR],
    ['America/New_York', '2026-01-15T12:00:00Z', -5 * HOUR],
    ['America/New_York', '2026-07-15T12:00:00Z', -4 * HOUR],
    ['Australia/Lord_Howe', '2026-07-15T12:00:00Z', 10 * HOUR + 30 * MINUTE],
    ['Australia/Lord_Howe', '2026-01-15T12:00:00Z', 11 * HOUR],
    ['Asia/Kolkata', '2026-07-15T12:00:00Z', 5 * HOUR + 30 * MINUTE],
    ['Asia/Kathmandu', '2026-07-15T12:00:00Z', 5 * HOUR + 45 * MINUTE],
  ])('%s at %s is %d ms ahead of UTC', (zone, instant, offset) => {
    expect(zoneOffsetAt(at(instant), zone)).toBe(offset);
  });

  it('switches exactly at the transition instant (America/New_York spring forward)', () => {
    expect(zoneOffsetAt(at('2026-03-08T06:59:59.999Z'), 'America/New_York')).toBe(-5 * HOUR);
    expect(zoneOffsetAt(at('2026-03-08T07:00:00.000Z'), 'America/New_York')).toBe(-4 * HOUR);
  });

  it('switches exactly at the transition instant (Europe/Berlin fall back)', () => {
    expect(zoneOffsetAt(at('2026-10-25T00:59:59Z'), 'Europe/Berlin')).toBe(2 * HOUR);
    expect(zoneOffsetAt(at('2026-10-25T01:00:00Z'), 'Europe/Berlin')).toBe(1 * HOUR);
  });

  it('switches exactly at the transition instants of Australia/Lord_Howe (30-minute DST)', () => {
    expect(zoneOffsetAt(at('2026-04-04T14:59:59Z'), 'Australia/Lord_Howe')).toBe(11 * HOUR);
    expect(zoneOffsetAt(at('2026-04-04T15:00:00Z'), 'Australia/Lord_Howe')).toBe(10.5 * HOUR);
    expect(zoneOffsetAt(at('2026-10-03T15:29:59Z'), 'Australia/Lord_Howe')).toBe(10.5 * HOUR);
    expect(zoneOffsetAt(at('2026-10-03T15:30:00Z'), 'Australia/Lord_Howe')).toBe(11 * HOUR);
  });
});

describe('toWallClock', () => {
  it.each([
    ['UTC', '2026-07-01T09:00:00.000Z', '2026-07-01T09:00:00.000'],
    ['Europe/Berlin', '2026-07-01T07:00:00.000Z', '2026-07-01T09:00:00.000'],
    ['Europe/Berlin', '2026-01-01T08:00:00.000Z', '2026-01-01T09:00:00.000'],
    ['America/New_York', '2026-01-01T03:30:00.000Z', '2025-12-31T22:30:00.000'],
    ['Australia/Lord_Howe', '2026-07-01T13:30:00.000Z', '2026-07-02T00:00:00.000'],
    // milliseconds are carried through unchanged
    ['Europe/Berlin', '2026-07-01T07:00:00.250Z', '2026-07-01T09:00:00.250'],
  ])('in %s, %s reads %s', (zone, instant, local) => {
    expect(toWallClock(at(instant), zone)).toBe(wall(local));
  });

  it('reads both instances of a repeated hour as the same wall-clock time', () => {
    expect(toWallClock(at('2026-11-01T05:30:00Z'), 'America/New_York')).toBe(
      wall('2026-11-01T01:30:00'),
    );
    expect(toWallClock(at('2026-11-01T06:30:00Z'), 'America/New_York')).toBe(
      wall('2026-11-01T01:30:00'),
    );
  });

  it('jumps over the skipped hour at spring forward', () => {
    expect(toWallClock(at('2026-03-08T06:59:59Z'), 'America/New_York')).toBe(
      wall('2026-03-08T01:59:59'),
    );
    expect(toWallClock(at('2026-03-08T07:00:00Z'), 'America/New_York')).toBe(
      wall('2026-03-08T03:00:00'),
    );
  });
});

describe('fromWallClock', () => {
  it.each([
    ['UTC', '2026-07-01T09:00:00', '2026-07-01T09:00:00.000Z'],
    ['Europe/Berlin', '2026-07-01T09:00:00', '2026-07-01T07:00:00.000Z'],
    ['Europe/Berlin', '2026-01-01T09:00:00', '2026-01-01T08:00:00.000Z'],
    ['America/New_York', '2026-07-01T09:00:00', '2026-07-01T13:00:00.000Z'],
    ['Australia/Lord_Howe', '2026-07-02T00:00:00', '2026-07-01T13:30:00.000Z'],
    ['Asia/Kathmandu', '2026-07-01T09:00:00', '2026-07-01T03:15:00.000Z'],
  ])('in %s, %s local is %s', (zone, local, instant) => {
    expect(iso(fromWallClock(wall(local), zone))).toBe(instant);
  });

  describe('a wall-clock time skipped by spring forward moves forward by the gap', () => {
    it.each([
      // 02:30 -> 03:30 EDT
      ['America/New_York', '2026-03-08T02:30:00', '2026-03-08T07:30:00.000Z'],
      // 02:00 is the first skipped reading -> 03:00 EDT, the instant of the change
      ['America/New_York', '2026-03-08T02:00:00', '2026-03-08T07:00:00.000Z'],
      ['America/New_York', '2026-03-08T02:59:59', '2026-03-08T07:59:59.000Z'],
      // 02:30 -> 03:30 CEST
      ['Europe/Berlin', '2026-03-29T02:30:00', '2026-03-29T01:30:00.000Z'],
      // 02:15 -> 02:45 +11:00 (a 30-minute gap)
      ['Australia/Lord_Howe', '2026-10-04T02:15:00', '2026-10-03T15:45:00.000Z'],
    ])('in %s, %s local is %s', (zone, local, instant) => {
      expect(iso(fromWallClock(wall(local), zone))).toBe(instant);
    });

    it('leaves the readings either side of the gap alone', () => {
      expect(iso(fromWallClock(wall('2026-03-08T01:59:59'), 'America/New_York'))).toBe(
        '2026-03-08T06:59:59.000Z',
      );
      expect(iso(fromWallClock(wall('2026-03-08T03:00:00'), 'America/New_York'))).toBe(
        '2026-03-08T07:00:00.000Z',
      );
      expect(iso(fromWallClock(wall('2026-10-04T02:30:00'), 'Australia/Lord_Howe'))).toBe(
        '2026-10-03T15:30:00.000Z',
      );
    });
  });

  describe('a wall-clock time repeated by fall back means its first instance', () => {
    it.each([
      // 01:30 EDT (05:30Z), not 01:30 EST (06:30Z)
      ['America/New_York', '2026-11-01T01:30:00', '2026-11-01T05:30:00.000Z'],
      ['America/New_York', '2026-11-01T01:00:00', '2026-11-01T05:00:00.000Z'],
      // 02:30 CEST (00:30Z), not 02:30 CET (01:30Z)
      ['Europe/Berlin', '2026-10-25T02:30:00', '2026-10-25T00:30:00.000Z'],
      // 01:45 +11:00 (14:45Z), not 01:45 +10:30 (15:15Z)
      ['Australia/Lord_Howe', '2026-04-05T01:45:00', '2026-04-04T14:45:00.000Z'],
    ])('in %s, %s local is %s', (zone, local, instant) => {
      expect(iso(fromWallClock(wall(local), zone))).toBe(instant);
    });

    it('leaves the readings either side of the repeated hour alone', () => {
      expect(iso(fromWallClock(wall('2026-11-01T00:59:59'), 'America/New_York'))).toBe(
        '2026-11-01T04:59:59.000Z',
      );
      expect(iso(fromWallClock(wall('2026-11-01T02:00:00'), 'America/New_York'))).toBe(
        '2026-11-01T07:00:00.000Z',
      );
    });
  });

  it('inverts toWallClock for every instant outside the repeated hour', () => {
    const zone = 'America/New_York';
    // Every 10 minutes across the spring-forward day; no instant maps into the gap.
    for (let t = at('2026-03-08T00:00:00Z'); t < at('2026-03-09T00:00:00Z'); t += 10 * MINUTE) {
      expect(iso(fromWallClock(toWallClock(t, zone), zone))).toBe(iso(t));
    }
  });
});

describe('isValidTimeZone', () => {
  it.each(['Europe/Berlin', 'UTC', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu'])(
    'accepts %s',
    (zone) => {
      expect(isValidTimeZone(zone)).toBe(true);
    },
  );

  it.each(['Mars/Olympus', '', 'Europe/Atlantis', 'not a zone'])('rejects %j', (zone) => {
    expect(isValidTimeZone(zone)).toBe(false);
  });
});
