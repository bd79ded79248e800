import { Cron } from 'croner';

/** Thrown for a cron expression that cannot be parsed; the message says what is wrong with it. */
export class InvalidCronExpressionError extends Error {
  override readonly name = 'InvalidCronExpressionError';
}

// A parsed pattern is large (tens of KB), so tasks never hold one: patterns are shared through this
// bounded cache and matched against floating wall-clock values in UTC.
const CACHE_LIMIT = 1024;
const cache = new Map<string, Cron>();

/**
 * Parses a 5-field crontab expression (minute hour day-of-month month day-of-week), or 6 fields
 * with a leading seconds field. Day-of-month and day-of-week combine with OR when both are
 * restricted, as in Vixie cron.
 */
export function compileCronPattern(expression: string): Cron {
  const pattern = expression.trim().replace(/\s+/g, ' ');
  const cached = cache.get(pattern);
  if (cached) {
    cache.delete(pattern);
    cache.set(pattern, cached);
    return cached;
  }
  const fields = pattern.split(' ').length;
  if (!pattern.startsWith('@') && fields !== 5 && fields !== 6) {
    throw new InvalidCronExpressionError(
      `expected 5 fields (minute hour day-of-month month day-of-week) or 6 with a leading seconds field, got ${fields}`,
    );
  }
  let compiled: Cron;
  try {
    compiled = new Cron(pattern, {
      mode: '5-or-6-parts',
      utcOffset: 0,
      domAndDow: false,
      paused: true,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidCronExpressionError(reason.replace(/^CronPattern:\s*/, ''));
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(pattern, compiled);
  return compiled;
}
