import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRedisClient } from '@app/redis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function reachable(url: string): boolean {
  const { hostname, port } = new URL(url);
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      `require('net').connect(${Number(port || 6379)}, ${JSON.stringify(hostname)})
         .on('connect', () => process.exit(0)).on('error', () => process.exit(1))`,
    ],
    { timeout: 3_000 },
  );
  return probe.status === 0;
}

const redisReachable = reachable(REDIS_URL);

/**
 * `describe` for suites that need the Redis at REDIS_URL. Without Redis they are skipped on a
 * developer's machine, but on CI (CI=true) they run and fail: a missing Redis must not pass.
 */
export const describeWithRedis: jest.Describe =
  redisReachable || process.env.CI === 'true' ? describe : describe.skip;

/** A key prefix no other test run uses. */
export function uniqueKeyPrefix(suite: string): string {
  return `test:${suite}:${process.pid}:${randomUUID().slice(0, 8)}:`;
}

/** Deletes every key under `prefix`. */
export async function deleteKeys(prefix: string, url = REDIS_URL): Promise<void> {
  const redis = createRedisClient(url, 'test-cleanup', { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
