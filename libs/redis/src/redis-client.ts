import type { Redis, RedisOptions } from 'ioredis';

export interface RedisConnectionOptions {
  url: string;
  /** Prepended to every key and channel. */
  keyPrefix: string;
}

/**
 * Opens an ioredis connection. ioredis is loaded here, on first use, so a deployment without
 * Redis never loads it.
 */
export function createRedisClient(
  url: string,
  connectionName: string,
  options: RedisOptions = {},
): Redis {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Redis: RedisClient } = require('ioredis') as typeof import('ioredis');
  return new RedisClient(url, { connectionName, ...options });
}
