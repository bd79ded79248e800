import { Job, JobPriority } from '@app/contracts';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  REDIS_URL,
  deleteKeys,
  describeWithRedis,
  uniqueKeyPrefix,
} from '../../../../test/support/redis';
import { InMemoryJobQueue } from '../memory/in-memory-job-queue';
import { RedisStreamJobQueue } from '../redis/redis-stream-job-queue';
import { JobQueue, ReservedJob } from './job-queue';

let sequence = 0;
const job = (priority: JobPriority, name = `job-${++sequence}`): Job => ({
  id: `${name}-${sequence++}`,
  type: 'test',
  payload: { name },
  priority,
  correlationId: `test_${name}`,
  createdAt: new Date().toISOString(),
});
const nameOf = (reserved: ReservedJob | null) => reserved?.payload.name;

type Lifecycle = JobQueue &
  Partial<{ onModuleInit(): Promise<void>; onApplicationShutdown(): Promise<void> }>;

async function started<T extends Lifecycle>(queue: T): Promise<T> {
  await queue.onModuleInit?.();
  return queue;
}

const redisPrefix = uniqueKeyPrefix('job-queue');
let redisQueues = 0;
const openRedisQueue = (prefix: string, visibilityTimeoutMs = 30_000, url = REDIS_URL) =>
  started(new RedisStreamJobQueue({ url, keyPrefix: prefix, visibilityTimeoutMs }));

// The same contract for every adapter: what passes in memory must mean the same on Redis.
describe.each([
  ['memory', describe, () => started(new InMemoryJobQueue(null))],
  ['redis', describeWithRedis, () => openRedisQueue(`${redisPrefix}${++redisQueues}:`)],
])('JobQueue contract: %s', (_name, describeAdapter, open: () => Promise<Lifecycle>) => {
  describeAdapter('', () => {
    let queue: Lifecycle;
    let stop: AbortController;
    beforeEach(async () => {
      queue = await open();
      stop = new AbortController();
    });
    afterEach(async () => {
      stop.abort();
      await queue.onApplicationShutdown?.();
    });
    afterAll(() => deleteKeys(redisPrefix));

    it('hands out every high job before normal ones and normal before low, FIFO within each', async () => {
      for (const [priority, name] of [
        [JobPriority.Low, 'low-1'],
        [JobPriority.Normal, 'normal-1'],
        [JobPriority.High, 'high-1'],
        [JobPriority.Low, 'low-2'],
        [JobPriority.High, 'high-2'],
        [JobPriority.Normal, 'normal-2'],
      ] as const) {
        await queue.enqueue(job(priority, name));
      }

      const names: unknown[] = [];
      for (let index = 0; index < 6; index++) {
        const next = await queue.reserve(stop.signal);
        names.push(nameOf(next));
        await queue.acknowledge(next!);
      }
      expect(names).toEqual(['high-1', 'high-2', 'normal-1', 'normal-2', 'low-1', 'low-2']);
      expect(await queue.depth()).toBe(0);
    });

    it('delivers a job first with deliveryCount 1 and its whole content', async () => {
      const sent = job(JobPriority.Normal, 'content');
      await queue.enqueue(sent);

      const received = await queue.reserve(stop.signal);
      expect(received).toEqual({ ...sent, deliveryCount: 1 });
      await queue.acknowledge(received!);
    });

    it('wakes a consumer that is already waiting when a job arrives', async () => {
      const waiting = queue.reserve(stop.signal);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await queue.enqueue(job(JobPriority.Low, 'late'));

      expect(nameOf(await waiting)).toBe('late');
    });

    it('gives each job to exactly one of several concurrent consumers', async () => {
      const consumers = Array.from({ length: 4 }, () => queue.reserve(stop.signal));
      const names = ['a', 'b', 'c', 'd'];
      for (const name of names) await queue.enqueue(job(JobPriority.Normal, name));

      const received = await Promise.all(consumers);
      expect(received.map(nameOf).sort()).toEqual(names);
      for (const next of received) await queue.acknowledge(next!);
    });

    it('resolves a waiting reserve with null once its signal aborts', async () => {
      const waiting = queue.reserve(stop.signal);
      stop.abort();
      expect(await waiting).toBeNull();
    });
  });
});

describeWithRedis('RedisStreamJobQueue', () => {
  const prefix = uniqueKeyPrefix('redis-queue');
  let opened: RedisStreamJobQueue[] = [];
  const open = async (visibilityTimeoutMs: number, url = REDIS_URL, keyPrefix = prefix) => {
    const queue = await openRedisQueue(keyPrefix, visibilityTimeoutMs, url);
    opened.push(queue);
    return queue;
  };
  afterEach(async () => {
    await Promise.all(opened.map((queue) => queue.onApplicationShutdown()));
    opened = [];
  });
  afterAll(() => deleteKeys(prefix));

  it('keeps jobs enqueued while no consumer exists and delivers them to the first one', async () => {
    const producer = await open(30_000, REDIS_URL, `${prefix}early:`);
    await producer.enqueue(job(JobPriority.Normal, 'early'));
    await producer.onApplicationShutdown();
    opened = opened.filter((queue) => queue !== producer);

    const consumer = await open(30_000, REDIS_URL, `${prefix}early:`);
    const received = await consumer.reserve(new AbortController().signal);
    expect(nameOf(received)).toBe('early');
    await consumer.acknowledge(received!);
  });

  it('hands a job held by a consumer that died to another after the visibility timeout', async () => {
    const keyPrefix = `${prefix}takeover:`;
    const dying = await open(400, REDIS_URL, keyPrefix);
    await dying.enqueue(job(JobPriority.High, 'abandoned'));
    expect(nameOf(await dying.reserve(new AbortController().signal))).toBe('abandoned');
    // Dies without acknowledging: no renewal any more, connections gone.
    await dying.onApplicationShutdown();

    const survivor = await open(400, REDIS_URL, keyPrefix);
    const started = Date.now();
    const takenOver = await survivor.reserve(new AbortController().signal);

    expect(nameOf(takenOver)).toBe('abandoned');
    expect(takenOver!.deliveryCount).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    await survivor.acknowledge(takenOver!);
    expect(await survivor.depth()).toBe(0);
  });

  it('recreates its consumer group when Redis lost it, instead of failing for ever', async () => {
    const keyPrefix = `${prefix}flushed:`;
    const queue = await open(30_000, REDIS_URL, keyPrefix);
    await queue.enqueue(job(JobPriority.Normal, 'before'));
    await queue.acknowledge((await queue.reserve(new AbortController().signal))!);
    await deleteKeys(keyPrefix);
    await queue.enqueue(job(JobPriority.Normal, 'after'));

    await expect(queue.reserve(new AbortController().signal)).rejects.toThrow(/NOGROUP/);
    expect(nameOf(await queue.reserve(new AbortController().signal))).toBe('after');
  });

  it('never takes over a job whose holder is alive and working past the visibility timeout', async () => {
    const keyPrefix = `${prefix}renewed:`;
    const worker = await open(300, REDIS_URL, keyPrefix);
    const other = await open(300, REDIS_URL, keyPrefix);
    await worker.enqueue(job(JobPriority.Normal, 'long'));
    const held = await worker.reserve(new AbortController().signal);

    const stop = new AbortController();
    const stolen = other.reserve(stop.signal);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    stop.abort();

    expect(await stolen).toBeNull();
    await worker.acknowledge(held!);
  });

  describe('with append-only persistence', () => {
    let server: ChildProcess | undefined;
    let folder: string;
    let port: number;

    const freePort = () =>
      new Promise<number>((resolve) => {
        const probe = createServer().listen(0, '127.0.0.1', () => {
          const { port: free } = probe.address() as { port: number };
          probe.close(() => resolve(free));
        });
      });
    const startRedis = async () => {
      server = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--dir',
          folder,
          '--appendonly',
          'yes',
          '--save',
          '',
        ],
        {
          stdio: 'ignore',
        },
      );
      const url = `redis://127.0.0.1:${port}`;
      for (let tries = 0; tries < 100; tries++) {
        const probe = spawn('redis-cli', ['-u', url, 'ping']);
        if ((await new Promise((resolve) => probe.on('exit', resolve))) === 0) return url;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('redis-server did not start');
    };
    const stopRedis = async () => {
      const exited = new Promise((resolve) => server!.on('exit', resolve));
      server!.kill('SIGTERM');
      await exited;
      server = undefined;
    };

    beforeAll(async () => {
      folder = mkdtempSync(join(tmpdir(), 'redis-aof-'));
      port = await freePort();
    });
    afterAll(async () => {
      if (server) await stopRedis();
      rmSync(folder, { recursive: true, force: true });
    });

    it('loses no job when Redis restarts', async () => {
      const url = await startRedis();
      const producer = await open(30_000, url);
      const names = Array.from({ length: 50 }, (_, index) => `persisted-${index}`);
      for (const name of names) await producer.enqueue(job(JobPriority.Normal, name));
      await producer.onApplicationShutdown();
      opened = opened.filter((queue) => queue !== producer);
      await stopRedis();

      await startRedis();
      const consumer = await open(30_000, url);
      const received: unknown[] = [];
      for (const _ of names) {
        const next = await consumer.reserve(new AbortController().signal);
        received.push(nameOf(next));
        await consumer.acknowledge(next!);
      }
      expect(received).toEqual(names);
    }, 20_000);
  });
});
