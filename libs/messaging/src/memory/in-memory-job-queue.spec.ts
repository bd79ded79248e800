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

// Priority order, one consumer per job and abort are in job-queue.contract.spec.ts.
describe('InMemoryJobQueue', () => {
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
