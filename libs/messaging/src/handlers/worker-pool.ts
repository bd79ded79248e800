import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { MESSAGING_OPTIONS, MessagingOptions } from '../messaging.options';
import { JobQueue, ReservedJob } from '../queue/job-queue';
import { JobHandlerRegistry, UnknownJobTypeError } from './job-handler.registry';

/**
 * `workers` concurrent consumers of the JobQueue. At shutdown they stop taking jobs and finish the
 * ones they hold, so a graceful stop never cuts a job in half.
 */
@Injectable()
export class WorkerPool implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerPool.name);
  private readonly stop = new AbortController();
  private running: Promise<void>[] = [];

  constructor(
    private readonly queue: JobQueue,
    private readonly registry: JobHandlerRegistry,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.running = Array.from({ length: this.options.workers }, (_, index) => this.work(index + 1));
    if (this.options.workers > 0) this.logger.log(`Started ${this.options.workers} worker(s)`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await Promise.all(this.running);
  }

  private async work(worker: number): Promise<void> {
    while (!this.stop.signal.aborted) {
      let job: ReservedJob | null;
      try {
        job = await this.queue.reserve(this.stop.signal);
      } catch (error) {
        this.logger.error(`Worker ${worker} cannot reserve a job`, (error as Error).stack);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      if (!job) return;
      await this.run(job);
    }
  }

  /**
   * Handlers record their own outcomes (a failed delivery is a `failed` run, not an error). An
   * error that escapes a handler means it could not do its work at all (the store is down, say),
   * so the job is released to be delivered again rather than acknowledged and lost. A job nobody
   * handles is acknowledged: delivering it again cannot help.
   */
  private async run(job: ReservedJob): Promise<void> {
    const label = `Job ${job.id} (${job.type}, ${job.correlationId}, delivery ${job.deliveryCount})`;
    try {
      await this.registry.dispatch(job);
    } catch (error) {
      const unhandled = error instanceof UnknownJobTypeError;
      this.logger.error(
        `${label} ${unhandled ? 'dropped' : 'will be retried'}: ${(error as Error).message}`,
      );
      if (!unhandled) return this.settle(() => this.queue.release(job), label);
    }
    await this.settle(() => this.queue.acknowledge(job), label);
  }

  /** The queue may be unreachable too; the job then comes back after its visibility timeout. */
  private async settle(action: () => Promise<void>, label: string): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.logger.error(
        `${label} could not be settled with the queue: ${(error as Error).message}`,
      );
    }
  }
}
