import { Logger } from '@nestjs/common';
import type { Redis, RedisOptions } from 'ioredis';

export interface RedisConnectionOptions {
  url: string;
  /** Prepended to every key and channel. */
  keyPrefix: string;
}

const ERROR_LOG_INTERVAL_MS = 5_000;

/** The URL without its password, for logs. */
function describeRedisUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/**
 * Opens an ioredis connection. ioredis is loaded here, on first use, so a deployment without
 * Redis never loads it. While Redis is unreachable ioredis keeps reconnecting; the error is
 * logged at most every few seconds per connection instead of on every attempt.
 */
export function createRedisClient(
  url: string,
  connectionName: string,
  options: RedisOptions = {},
): Redis {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Redis: RedisClient } = require('ioredis') as typeof import('ioredis');
  const client = new RedisClient(url, { connectionName, ...options });
  const logger = new Logger('Redis');
  let lastLogged = 0;
  client.on('error', (error: Error) => {
    if (Date.now() - lastLogged < ERROR_LOG_INTERVAL_MS) return;
    lastLogged = Date.now();
    logger.error(`${connectionName} at ${describeRedisUrl(url)}: ${error.message} (retrying)`);
  });
  return client;
}
