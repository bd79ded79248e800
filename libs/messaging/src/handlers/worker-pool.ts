import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { MESSAGING_OPTIONS, MessagingOptions } from '../messaging.options';
import { JobQueue, ReservedJob } from '../queue/job-queue';
import { JobHandlerRegistry } from './job-handler.registry';

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
      try {
        await this.registry.dispatch(job);
      } catch (error) {
        this.logger.error(
          `Job ${job.id} (${job.type}, ${job.correlationId}) failed: ${(error as Error).message}`,
          (error as Error).stack,
        );
      } finally {
        await this.queue.acknowledge(job);
      }
    }
  }
}
