import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { JOB_PRIORITIES_IN_ORDER, Job, JobPriority } from '@app/contracts';
import { RedisConnectionOptions, createRedisClient } from '@app/redis';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { JobQueue, ReservedJob } from '../queue/job-queue';

const GROUP = 'workers';
const BLOCK_MS = 1_000;

type StreamEntry = [id: string, fields: string[] | null];

interface HeldJob {
  job: ReservedJob;
  stream: string;
  entryId: string;
}

function withoutDeliveryCount({ deliveryCount: _deliveryCount, ...job }: ReservedJob): Job {
  return job;
}

export interface RedisJobQueueOptions extends RedisConnectionOptions {
  /** A job held this long by a consumer that stopped renewing it is handed to another consumer. */
  visibilityTimeoutMs: number;
}

/**
 * JobQueue on Redis Streams: one stream per priority, one consumer group shared by every worker
 * of every process. A reserved entry stays in its consumer's pending list until acknowledged; the
 * holder renews it while it works, and any consumer takes over entries idle for longer than the
 * visibility timeout (the holder was killed). Entries are durable as far as Redis is: with
 * append-only persistence, a Redis restart loses no job.
 */
export class RedisStreamJobQueue extends JobQueue implements OnModuleInit, OnApplicationShutdown {
  readonly redeliversAbandonedJobs = true;
  private readonly logger = new Logger(RedisStreamJobQueue.name);
  private readonly commands: Redis;
  private readonly blockingConnections: Redis[] = [];
  private readonly idleBlockingConnections: Redis[] = [];
  private readonly consumer = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  /** Reserved by this process: handed to a worker, or read and waiting to be handed out. */
  private readonly held = new Map<string, HeldJob>();
  private readonly waiting: HeldJob[] = [];
  private renewal?: NodeJS.Timeout;
  private lastTakeover = 0;
  /** Where each stream's scan for abandoned entries goes on: XAUTOCLAIM looks at a window at a time. */
  private readonly takeoverCursors = new Map<string, string>();
  private groupsReady?: Promise<void>;

  constructor(private readonly options: RedisJobQueueOptions) {
    super();
    this.commands = createRedisClient(options.url, 'job-queue');
  }

  async onModuleInit(): Promise<void> {
    await this.ensureGroups();
    this.renewal = setInterval(
      () => void this.renewHeldJobs(),
      Math.max(50, this.options.visibilityTimeoutMs / 3),
    );
  }

  /**
   * Runs after the workers have stopped. Jobs read but never handed to a worker go back to their
   * stream, so the next consumer need not wait out the visibility timeout for them; a consumer
   * that holds nothing leaves the group.
   */
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.renewal);
    try {
      for (const { job, stream, entryId } of this.waiting.splice(0)) {
        this.held.delete(job.id);
        await this.commands
          .multi()
          .xadd(stream, '*', 'job', JSON.stringify(withoutDeliveryCount(job)))
          .xack(stream, GROUP, entryId)
          .xdel(stream, entryId)
          .exec();
      }
      if (this.held.size === 0) {
        for (const priority of JOB_PRIORITIES_IN_ORDER) {
          await this.commands.xgroup('DELCONSUMER', this.streamOf(priority), GROUP, this.consumer);
        }
      }
    } catch (error) {
      this.logger.warn(`Could not hand back unstarted jobs: ${(error as Error).message}`);
    }
    await Promise.all(
      [this.commands, ...this.blockingConnections].map((connection) =>
        connection.quit().catch(() => undefined),
      ),
    );
  }

  async enqueue(job: Job): Promise<void> {
    await this.commands.xadd(this.streamOf(job.priority), '*', 'job', JSON.stringify(job));
  }

  async reserve(signal: AbortSignal): Promise<ReservedJob | null> {
    try {
      await this.ensureGroups();
      while (!signal.aborted) {
        const next =
          this.waiting.shift() ?? (await this.takeOverAbandoned()) ?? (await this.readNew());
        if (next) return next.job;
        await this.waitForNew();
      }
      return null;
    } catch (error) {
      // The streams or the group are gone (FLUSHALL, a Redis without persistence restarted):
      // create them again on the next attempt instead of failing for ever.
      if ((error as Error).message.includes('NOGROUP')) this.groupsReady = undefined;
      throw error;
    }
  }

  /** Stops renewing the job, so it is taken over (by any consumer) once the visibility timeout passes. */
  async release(job: ReservedJob): Promise<void> {
    this.held.delete(job.id);
  }

  async acknowledge(job: ReservedJob): Promise<void> {
    const held = this.held.get(job.id);
    if (!held) return;
    this.held.delete(job.id);
    await this.commands
      .multi()
      .xack(held.stream, GROUP, held.entryId)
      .xdel(held.stream, held.entryId)
      .exec();
  }

  /** Entries waiting or being worked on (acknowledged entries are deleted). */
  async depth(): Promise<number> {
    const lengths = await Promise.all(
      JOB_PRIORITIES_IN_ORDER.map((priority) => this.commands.xlen(this.streamOf(priority))),
    );
    return lengths.reduce((sum, length) => sum + length, 0);
  }

  private streamOf(priority: JobPriority): string {
    return `${this.options.keyPrefix}jobs:${priority}`;
  }

  private ensureGroups(): Promise<void> {
    // Created at id 0, not $: jobs enqueued before any worker ever ran are delivered too.
    this.groupsReady ??= Promise.all(
      JOB_PRIORITIES_IN_ORDER.map((priority) =>
        this.commands
          .xgroup('CREATE', this.streamOf(priority), GROUP, '0', 'MKSTREAM')
          .catch((error: Error) => {
            if (!error.message.includes('BUSYGROUP')) throw error;
          }),
      ),
    ).then(
      () => undefined,
      (error) => {
        this.groupsReady = undefined;
        throw error;
      },
    );
    return this.groupsReady;
  }

  /** New entries, highest priority first, without waiting. */
  private async readNew(): Promise<HeldJob | null> {
    for (const priority of JOB_PRIORITIES_IN_ORDER) {
      const stream = this.streamOf(priority);
      const reply = (await this.commands.xreadgroup(
        'GROUP',
        GROUP,
        this.consumer,
        'COUNT',
        1,
        'STREAMS',
        stream,
        '>',
      )) as Array<[string, StreamEntry[]]> | null;
      const entry = reply?.[0]?.[1]?.[0];
      if (entry) return this.hold(stream, entry, 1);
    }
    return null;
  }

  /** Blocks until any stream has a new entry (or a second passes); what it reads waits its turn. */
  private async waitForNew(): Promise<void> {
    const connection = this.idleBlockingConnections.pop() ?? this.openBlockingConnection();
    try {
      const streams = JOB_PRIORITIES_IN_ORDER.map((priority) => this.streamOf(priority));
      const reply = (await connection.xreadgroup(
        'GROUP',
        GROUP,
        this.consumer,
        'COUNT',
        1,
        'BLOCK',
        BLOCK_MS,
        'STREAMS',
        ...streams,
        ...streams.map(() => '>'),
      )) as Array<[string, StreamEntry[]]> | null;
      for (const [stream, entries] of reply ?? []) {
        for (const entry of entries) {
          const held = this.hold(stream, entry, 1);
          if (held) this.waiting.push(held);
        }
      }
      this.waiting.sort(
        (a, b) =>
          JOB_PRIORITIES_IN_ORDER.indexOf(a.job.priority) -
          JOB_PRIORITIES_IN_ORDER.indexOf(b.job.priority),
      );
    } finally {
      this.idleBlockingConnections.push(connection);
    }
  }

  /** Claims entries whose holder has not renewed them within the visibility timeout. */
  private async takeOverAbandoned(): Promise<HeldJob | null> {
    const now = Date.now();
    if (now - this.lastTakeover < Math.min(1_000, this.options.visibilityTimeoutMs / 2))
      return null;
    this.lastTakeover = now;
    for (const priority of JOB_PRIORITIES_IN_ORDER) {
      const stream = this.streamOf(priority);
      const [cursor, entries, deleted] = (await this.commands.xautoclaim(
        stream,
        GROUP,
        this.consumer,
        this.options.visibilityTimeoutMs,
        this.takeoverCursors.get(stream) ?? '0-0',
        'COUNT',
        10,
      )) as [string, StreamEntry[], string[]?];
      this.takeoverCursors.set(stream, cursor);
      for (const id of deleted ?? []) await this.commands.xack(stream, GROUP, id);
      for (const entry of entries) {
        const pending = (await this.commands.xpending(
          stream,
          GROUP,
          entry[0],
          entry[0],
          1,
        )) as Array<[string, string, number, number]>;
        const held = this.hold(stream, entry, pending[0]?.[3] ?? 2);
        if (held) {
          this.logger.warn(
            `Took over job ${held.job.id} (${held.job.type}) from a consumer that stopped`,
          );
          this.waiting.push(held);
        }
      }
    }
    return this.waiting.shift() ?? null;
  }

  private hold(
    stream: string,
    [entryId, fields]: StreamEntry,
    deliveryCount: number,
  ): HeldJob | null {
    const raw = fields?.[fields.indexOf('job') + 1];
    if (!raw) {
      // Deleted or malformed: nothing to run, so drop it rather than redeliver it forever.
      void this.commands.multi().xack(stream, GROUP, entryId).xdel(stream, entryId).exec();
      return null;
    }
    const held: HeldJob = { job: { ...(JSON.parse(raw) as Job), deliveryCount }, stream, entryId };
    this.held.set(held.job.id, held);
    return held;
  }

  /**
   * Resets the idle time of every entry this consumer still owns, so no one takes over live work.
   * An entry another consumer took over meanwhile (this one stalled past the visibility timeout)
   * is left to its new owner: claiming it back would run the job yet again.
   */
  private async renewHeldJobs(): Promise<void> {
    try {
      for (const priority of JOB_PRIORITIES_IN_ORDER) {
        const stream = this.streamOf(priority);
        const mine = [...this.held.values()].filter((held) => held.stream === stream);
        if (mine.length === 0) continue;
        const pending = (await this.commands.xpending(
          stream,
          GROUP,
          '-',
          '+',
          10_000,
          this.consumer,
        )) as Array<[string]>;
        const owned = new Set(pending.map(([entryId]) => entryId));
        for (const held of mine) {
          if (owned.has(held.entryId)) {
            await this.commands.xclaim(stream, GROUP, this.consumer, 0, held.entryId, 'JUSTID');
          } else {
            this.held.delete(held.job.id);
            this.logger.warn(`Job ${held.job.id} was taken over by another consumer meanwhile`);
          }
        }
      }
    } catch (error) {
      this.logger.error(`Cannot renew held jobs: ${(error as Error).message}`);
    }
  }

  private openBlockingConnection(): Redis {
    const connection = createRedisClient(this.options.url, 'job-queue-reader');
    this.blockingConnections.push(connection);
    return connection;
  }
}
