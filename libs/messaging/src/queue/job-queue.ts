import { Job } from '@app/contracts';

/** A job handed to one consumer. */
export interface ReservedJob extends Job {
  /** 1 on first delivery; more when the job was taken over from a consumer that stopped. */
  deliveryCount: number;
}

/**
 * The JobQueue port shared by the scheduler (producer) and the workers (consumers).
 *
 * Contract, the same for every adapter:
 * - `enqueue` never runs the job inline; it returns once the job is queued.
 * - `reserve` hands each queued job to one consumer, every `high` job before any `normal` and every
 *   `normal` before any `low`, first in first out within a priority.
 * - A reserved job stays owned by its consumer until `acknowledge`; a handler failure is the
 *   consumer's to record, never thrown back at the producer.
 * - Delivery is at least once: a consumer may see a job again (`deliveryCount` > 1), so handlers
 *   must be idempotent.
 */
export abstract class JobQueue {
  /**
   * True when a job reserved by a consumer that died (crash, SIGKILL) is handed to another
   * consumer by the queue itself. False when it is lost with the process, as in memory.
   */
  abstract readonly redeliversAbandonedJobs: boolean;

  abstract enqueue(job: Job): Promise<void>;

  /** Waits for the next job; resolves null once `signal` is aborted. */
  abstract reserve(signal: AbortSignal): Promise<ReservedJob | null>;

  /** The consumer is done with a reserved job, whatever its outcome. */
  abstract acknowledge(job: ReservedJob): Promise<void>;

  /**
   * The consumer could not work on a reserved job: it is delivered again later (with a higher
   * `deliveryCount`), to this consumer or another.
   */
  abstract release(job: ReservedJob): Promise<void>;

  /** Jobs waiting to be reserved. */
  abstract depth(): Promise<number>;
}
