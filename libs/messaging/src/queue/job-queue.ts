import { Job } from '@app/contracts';

/**
 * The JobQueue port shared by the scheduler (producer) and the workers (consumers).
 *
 * Contract, the same for every adapter:
 * - `enqueue` never runs the job inline; it returns once the job is queued.
 * - `reserve` hands each queued job to one consumer, every `high` job before any `normal` and every
 *   `normal` before any `low`, first in first out within a priority.
 * - A reserved job stays owned by its consumer until `acknowledge`; a handler failure is the
 *   consumer's to record, never thrown back at the producer.
 */
export abstract class JobQueue {
  abstract enqueue(job: Job): Promise<void>;

  /** Waits for the next job; resolves null once `signal` is aborted. */
  abstract reserve(signal: AbortSignal): Promise<Job | null>;

  /** The consumer is done with a reserved job, whatever its outcome. */
  abstract acknowledge(job: Job): Promise<void>;

  /** Jobs waiting to be reserved. */
  abstract depth(): Promise<number>;
}
