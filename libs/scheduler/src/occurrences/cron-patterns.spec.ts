import { compileCronPattern, InvalidCronExpressionError } from './cron-patterns';

/** The error compileCronPattern throws for `expression`, or a failure if it does not throw. */
function compileError(expression: string): InvalidCronExpressionError {
  try {
    compileCronPattern(expression);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidCronExpressionError);
    return error as InvalidCronExpressionError;
  }
  throw new Error(`expected ${JSON.stringify(expression)} to be rejected`);
}

/** The next `count` matches after `from` (UTC wall clock, as the scheduler uses the pattern). */
function matches(expression: string, from: string, count: number): string[] {
  const cron = compileCronPattern(expression);
  const result: string[] = [];
  let at = new Date(from);
  for (let i = 0; i < count; i++) {
    const next = cron.nextRun(at);
    if (!next) break;
    result.push(next.toISOString());
    at = next;
  }
  return result;
}

describe('compileCronPattern', () => {
  describe('rejects an invalid expression with a message that says what is wrong', () => {
    it.each([
      ['61 * * * *', /minute/i, /61/],
      ['* * *', /fields/i, /got 3/],
      ['* * * * * * *', /fields/i, /got 7/],
      ['*/0 * * * *', /step/i, /0/],
      ['5-1 * * * *', /larger|greater|range/i, /5-1/],
      ['0 9 * * 8', /day ?of ?week/i, /8/],
      ['foo', /fields/i, /got 1/],
    ])('%j', (expression, what, where) => {
      const error = compileError(expression);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe('InvalidCronExpressionError');
      expect(error.message).not.toMatch(/^CronPattern:/);
      expect(error.message).toMatch(what);
      expect(error.message).toMatch(where);
    });

    it('rejects the empty expression', () => {
      expect(() => compileCronPattern('')).toThrow(InvalidCronExpressionError);
      expect(() => compileCronPattern('   ')).toThrow(InvalidCronExpressionError);
    });
  });

  it.each([
    '* * * * *',
    '0 9 * * MON-FRI',
    '0 0 1 JAN *',
    '*/15 * * * *',
    '0 8-17/2 * * 1,3,5',
    '0 9 * * 7',
    '*/10 * * * * *',
    '30 0 9 * * *',
  ])('accepts %j', (expression) => {
    expect(() => compileCronPattern(expression)).not.toThrow();
  });

  it('treats runs of whitespace as one separator and shares the compiled pattern', () => {
    const canonical = compileCronPattern('0 9 * * 1');
    expect(compileCronPattern('  0   9\t* *  1 ')).toBe(canonical);
    expect(matches('  0   9\t* *  1 ', '2026-01-01T00:00:00Z', 2)).toEqual([
      '2026-01-05T09:00:00.000Z',
      '2026-01-12T09:00:00.000Z',
    ]);
  });

  it('matches on UTC fields (the floating wall clock)', () => {
    expect(matches('30 14 * * *', '2026-07-01T00:00:00Z', 2)).toEqual([
      '2026-07-01T14:30:00.000Z',
      '2026-07-02T14:30:00.000Z',
    ]);
  });
});
