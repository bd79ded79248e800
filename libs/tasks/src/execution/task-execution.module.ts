import { Module } from '@nestjs/common';
import { LogDelivery } from './log.delivery';
import { ScheduledTaskHandler } from './scheduled-task.handler';
import { WebhookDelivery } from './webhook.delivery';

/** The `scheduled_task` job handler and the delivery targets it sends runs to. */
@Module({
  providers: [ScheduledTaskHandler, LogDelivery, WebhookDelivery],
})
export class TaskExecutionModule {}
