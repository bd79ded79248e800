import { Injectable, Logger } from '@nestjs/common';
import { Task, TaskRun } from '@app/contracts';
import { Delivery, deliveryMessage } from './delivery';

/** The default target: one structured log line per run. */
@Injectable()
export class LogDelivery extends Delivery {
  private readonly logger = new Logger('TaskDelivery');

  async deliver(task: Task, run: TaskRun): Promise<void> {
    this.logger.log({
      message: 'task delivered',
      task_name: task.name,
      ...deliveryMessage(task, run),
    });
  }
}
