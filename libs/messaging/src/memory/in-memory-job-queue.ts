import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { JOB_PRIORITIES_IN_ORDER, Job, JobPriority } from '@app/contracts';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { JobQueue, ReservedJob } from '../queue/job-queue';
import { Fifo } from './fifo';

type Waiter = (job: ReservedJob | null) => void;

const RELEASE_DELAY_MS = 1_000;

/**
 * Single-process JobQueue: one FIFO per priority. Jobs still waiting at a graceful shutdown are
 * written to the backup file and queued again on the next start.
 */
export class InMemoryJobQueue extends JobQueue implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(InMemoryJobQueue.name);
  /** Each job with the delivery count it will have when handed out. */
  private readonly pending = new Map<JobPriority, Fifo<ReservedJob>>(
    JOB_PRIORITIES_IN_ORDER.map((priority) => [priority, new Fifo<ReservedJob>()]),
  );
  private readonly waiters: Waiter[] = [];
  readonly redeliversAbandonedJobs = false;

  constructor(private readonly backupFile: string | null) {
    super();
  }

  async onModuleInit(): Promise<void> {
    if (!this.backupFile) return;
    let saved: ReservedJob[];
    try {
      saved = JSON.parse(await readFile(this.backupFile, 'utf8')) as ReservedJob[];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new Error(`Cannot restore queued jobs from ${this.backupFile}`, { cause: error });
    }
    for (const job of saved) this.push(job);
    await rm(this.backupFile, { force: true });
    this.logger.log(`Restored ${saved.length} queued job(s) from ${this.backupFile}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const left = JOB_PRIORITIES_IN_ORDER.flatMap((priority) => [...this.pending.get(priority)!]);
    if (!this.backupFile || left.length === 0) return;
    await mkdir(dirname(this.backupFile), { recursive: true });
    await writeFile(this.backupFile, JSON.stringify(left));
    this.logger.log(`Saved ${left.length} queued job(s) to ${this.backupFile}`);
  }

  async enqueue(job: Job): Promise<void> {
    this.push({ ...job, deliveryCount: 1 });
  }

  reserve(signal: AbortSignal): Promise<ReservedJob | null> {
    if (signal.aborted) return Promise.resolve(null);
    const job = this.takeNext();
    if (job) return Promise.resolve(job);
    return new Promise((resolve) => {
      const waiter: Waiter = (next) => {
        signal.removeEventListener('abort', onAbort);
        resolve(next);
      };
      const onAbort = () => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        resolve(null);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  async acknowledge(): Promise<void> {
    // Nothing to do: a reserved job left the in-memory queue when it was handed out.
  }

  async release(job: ReservedJob): Promise<void> {
    // A second later, so a consumer whose store is down does not spin on the same job.
    setTimeout(
      () => this.push({ ...job, deliveryCount: job.deliveryCount + 1 }),
      RELEASE_DELAY_MS,
    ).unref();
  }

  async depth(): Promise<number> {
    let count = 0;
    for (const jobs of this.pending.values()) count += jobs.size;
    return count;
  }

  private push(job: ReservedJob): void {
    this.pending.get(job.priority)!.push(job);
    // Hand over on a later tick so a producer never waits on (or runs) a consumer.
    if (this.waiters.length > 0) setImmediate(() => this.wakeWaiters());
  }

  private wakeWaiters(): void {
    while (this.waiters.length > 0) {
      const job = this.takeNext();
      if (!job) return;
      this.waiters.shift()!(job);
    }
  }

  private takeNext(): ReservedJob | undefined {
    for (const priority of JOB_PRIORITIES_IN_ORDER) {
      const job = this.pending.get(priority)!.take();
      if (job) return job;
    }
    return undefined;
  }
}
