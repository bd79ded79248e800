import { parseDateTime } from './date-time';

const parsed = (text: string, zone = 'UTC'): string | null =>
  parseDateTime(text, zone)?.toISOString() ?? null;

describe('parseDateTime', () => {
  describe('with an offset, names that instant whatever the zone', () => {
    it.each([
      ['2026-07-01T09:00:00Z', '2026-07-01T09:00:00.000Z'],
      ['2026-07-01T09:00:00z', '2026-07-01T09:00:00.000Z'],
      ['2026-07-01T09:00:00+02:00', '2026-07-01T07:00:00.000Z'],
      ['2026-07-01T09:00:00-05:30', '2026-07-01T14:30:00.000Z'],
      ['2026-07-01T09:00:00+0530', '2026-07-01T03:30:00.000Z'],
      ['2026-07-01T09:00:00+00:00', '2026-07-01T09:00:00.000Z'],
      ['2026-07-01T09:00:00+14:00', '2026-06-30T19:00:00.000Z'],
      ['2026-07-01 09:00:00Z', '2026-07-01T09:00:00.000Z'],
      ['2026-07-01T09:00Z', '2026-07-01T09:00:00.000Z'],
      ['  2026-07-01T09:00:00Z  ', '2026-07-01T09:00:00.000Z'],
    ])('%j -> %s', (text, expected) => {
      expect(parsed(text, 'Europe/Berlin')).toBe(expected);
      expect(parsed(text, 'America/New_York')).toBe(expected);
    });
  });

  describe('without an offset, reads a wall-clock time in the zone', () => {
    it.each([
      ['2026-07-01T09:00:00', 'Europe/Berlin', '2026-07-01T07:00:00.000Z'],
      ['2026-01-15T09:00:00', 'Europe/Berlin', '2026-01-15T08:00:00.000Z'],
      ['2026-07-01T09:00:00', 'UTC', '2026-07-01T09:00:00.000Z'],
      ['2026-07-01T09:00:00', 'America/New_York', '2026-07-01T13:00:00.000Z'],
      ['2026-07-01T09:00', 'America/New_York', '2026-07-01T13:00:00.000Z'],
      ['2026-07-01 09:00:00', 'Australia/Lord_Howe', '2026-06-30T22:30:00.000Z'],
    ])('%j in %s -> %s', (text, zone, expected) => {
      expect(parsed(text, zone)).toBe(expected);
    });

    it.each([
      ['2026-07-01', 'Europe/Berlin', '2026-06-30T22:00:00.000Z'],
      ['2026-01-01', 'Europe/Berlin', '2025-12-31T23:00:00.000Z'],
      ['2026-07-01', 'America/New_York', '2026-07-01T04:00:00.000Z'],
      ['2026-07-01', 'UTC', '2026-07-01T00:00:00.000Z'],
    ])('date-only %j is local midnight in %s -> %s', (text, zone, expected) => {
      expect(parsed(text, zone)).toBe(expected);
    });

    it('moves a time skipped by spring forward forward by the gap', () => {
      expect(parsed('2026-03-08T02:30:00', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
      expect(parsed('2026-03-29T02:30:00', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
    });

    it('reads a time repeated by fall back as its first instance', () => {
      expect(parsed('2026-11-01T01:30:00', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
      expect(parsed('2026-10-25T02:30:00', 'Europe/Berlin')).toBe('2026-10-25T00:30:00.000Z');
    });
  });

  describe('fractional seconds', () => {
    it.each([
      ['2026-07-01T09:00:00.123Z', '2026-07-01T09:00:00.123Z'],
      ['2026-07-01T09:00:00.5Z', '2026-07-01T09:00:00.500Z'],
      ['2026-07-01T09:00:00.05Z', '2026-07-01T09:00:00.050Z'],
      // below a millisecond is dropped, not rounded
      ['2026-07-01T09:00:00.123456Z', '2026-07-01T09:00:00.123Z'],
      ['2026-07-01T09:00:00.999999999Z', '2026-07-01T09:00:00.999Z'],
    ])('%j keeps the milliseconds -> %s', (text, expected) => {
      expect(parsed(text)).toBe(expected);
    });

    it('keeps the milliseconds of a wall-clock time', () => {
      expect(parsed('2026-07-01T09:00:00.250', 'Europe/Berlin')).toBe('2026-07-01T07:00:00.250Z');
    });
  });

  it('accepts 29 February in a leap year only', () => {
    expect(parsed('2028-02-29T12:00:00Z')).toBe('2028-02-29T12:00:00.000Z');
    expect(parsed('2026-02-29T12:00:00Z')).toBeNull();
  });

  it.each([
    '2026-02-30T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-01-32',
    '2026-01-01T24:00:00Z',
    '2026-01-01T23:60:00Z',
    '2026-01-01T23:59:60Z',
    '2026-01-01T10:00:00+25:00',
    '2026-01-01T10:00:00+18:30',
    'not a date',
    '',
    '2026-1-1',
    '2026-01-01T9:00:00Z',
    '2026-01-01T10:00:00 Z',
    '2026-01-01T10:00:00Europe/Berlin',
  ])('returns null for %j', (text) => {
    expect(parseDateTime(text, 'Europe/Berlin')).toBeNull();
  });

  // ISO 8601 offset minutes are 00-59: "+01:60" is not another way to write +02:00.
  it('returns null for an offset whose minutes exceed 59', () => {
    expect(parseDateTime('2026-01-01T10:00:00+01:60', 'UTC')).toBeNull();
  });
});
