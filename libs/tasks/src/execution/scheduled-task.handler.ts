import { Injectable, Logger } from '@nestjs/common';
import {
  RunRepository,
  RunStatus,
  SCHEDULED_TASK_JOB,
  ScheduledTaskJobPayload,
  TaskRepository,
} from '@app/contracts';
import { JobHandler, JobProcessor, ReservedJob } from '@app/messaging';
import { Delivery } from './delivery';
import { LogDelivery } from './log.delivery';
import { WebhookDelivery } from './webhook.delivery';

/** Runs a fired task: marks its run `running`, delivers it to its target, records the outcome. */
@Injectable()
@JobHandler(SCHEDULED_TASK_JOB)
export class ScheduledTaskHandler implements JobProcessor {
  private readonly logger = new Logger(ScheduledTaskHandler.name);
  private readonly deliveries: Record<'log' | 'webhook', Delivery>;

  constructor(
    private readonly tasks: TaskRepository,
    private readonly runs: RunRepository,
    log: LogDelivery,
    webhook: WebhookDelivery,
  ) {
    this.deliveries = { log, webhook };
  }

  async process(job: ReservedJob): Promise<void> {
    const { task_id: taskId, run_id: runId } = job.payload as unknown as ScheduledTaskJobPayload;
    // Only a queued run can start, so a job delivered twice runs once; a job taken over from a
    // worker that died may also restart the run that worker left `running`.
    const run = await this.runs.start(runId, new Date(), job.deliveryCount > 1);
    if (!run) {
      this.logger.debug(`Run ${runId} of task ${taskId} is not queued any more; skipped`);
      return;
    }
    const task = await this.tasks.findById(taskId);
    let error: string | null = null;
    try {
      if (!task) throw new Error(`task ${taskId} no longer exists`);
      await this.deliveries[task.target?.type ?? 'log'].deliver(task, run);
    } catch (failure) {
      error = (failure as Error).message;
      this.logger.warn(`Run ${runId} of task ${taskId} failed: ${error}`);
    }
    await this.runs.finish(runId, {
      status: error === null ? RunStatus.Succeeded : RunStatus.Failed,
      finishedAt: new Date(),
      error,
    });
  }
}
