import { Job, JobPriority } from '@app/contracts';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryJobQueue } from './in-memory-job-queue';

let sequence = 0;
const job = (priority: JobPriority, name = `job-${++sequence}`): Job => ({
  id: name,
  type: 'test',
  payload: { name },
  priority,
  correlationId: `test_${name}`,
  createdAt: new Date().toISOString(),
});

async function drain(queue: InMemoryJobQueue): Promise<string[]> {
  const taken: string[] = [];
  const stop = new AbortController();
  while ((await queue.depth()) > 0) taken.push((await queue.reserve(stop.signal))!.id);
  return taken;
}

describe('InMemoryJobQueue', () => {
  it('hands out every high job before normal ones and normal before low, FIFO within a priority', async () => {
    const queue = new InMemoryJobQueue(null);
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

    expect(await drain(queue)).toEqual([
      'high-1',
      'high-2',
      'normal-1',
      'normal-2',
      'low-1',
      'low-2',
    ]);
  });

  it('keeps FIFO order over many jobs', async () => {
    const queue = new InMemoryJobQueue(null);
    const names = Array.from({ length: 5_000 }, (_, index) => `n${index}`);
    for (const name of names) await queue.enqueue(job(JobPriority.Normal, name));

    expect(await drain(queue)).toEqual(names);
  });

  it('never runs a consumer inside enqueue: a waiting reserve resolves on a later tick', async () => {
    const queue = new InMemoryJobQueue(null);
    const received: string[] = [];
    const reserved = queue
      .reserve(new AbortController().signal)
      .then((next) => received.push(next!.id));

    await queue.enqueue(job(JobPriority.Normal, 'async'));
    expect(received).toEqual([]);

    await reserved;
    expect(received).toEqual(['async']);
  });

  it('gives each job to exactly one of several waiting consumers', async () => {
    const queue = new InMemoryJobQueue(null);
    const signal = new AbortController().signal;
    const consumers = [queue.reserve(signal), queue.reserve(signal), queue.reserve(signal)];
    for (const name of ['a', 'b', 'c']) await queue.enqueue(job(JobPriority.Normal, name));

    const ids = (await Promise.all(consumers)).map((next) => next!.id);
    expect(ids.sort()).toEqual(['a', 'b', 'c']);
    expect(await queue.depth()).toBe(0);
  });

  it('resolves a waiting reserve with null when its signal aborts, and keeps later jobs', async () => {
    const queue = new InMemoryJobQueue(null);
    const stop = new AbortController();
    const waiting = queue.reserve(stop.signal);

    stop.abort();
    expect(await waiting).toBeNull();
    await queue.enqueue(job(JobPriority.Normal, 'kept'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(await queue.depth()).toBe(1);
  });

  describe('backup file', () => {
    let folder: string;
    beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'queue-backup-'))));
    afterEach(() => rmSync(folder, { recursive: true, force: true }));

    it('saves waiting jobs at shutdown and restores them, in order, on the next start', async () => {
      const file = join(folder, 'nested', 'jobs.json');
      const before = new InMemoryJobQueue(file);
      await before.onModuleInit();
      await before.enqueue(job(JobPriority.Low, 'low'));
      await before.enqueue(job(JobPriority.High, 'high'));
      await before.onApplicationShutdown();
      expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveLength(2);

      const after = new InMemoryJobQueue(file);
      await after.onModuleInit();

      expect(await drain(after)).toEqual(['high', 'low']);
      expect(() => readFileSync(file)).toThrow(/ENOENT/);
    });

    it('refuses to start on a corrupt backup rather than silently dropping its jobs', async () => {
      const file = join(folder, 'jobs.json');
      writeFileSync(file, '{not json');

      await expect(new InMemoryJobQueue(file).onModuleInit()).rejects.toThrow(
        /Cannot restore queued jobs/,
      );
    });
  });
});
