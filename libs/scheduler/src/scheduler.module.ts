import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { SchedulerEngine } from './engine/scheduler-engine';

/**
 * The engine that fires due occurrences onto the JobQueue. Needs the TaskRepository and
 * RunRepository tokens (a task store module) and the JobQueue and NotificationBus tokens
 * (MessagingModule) from the composing application.
 */
@Module({
  imports: [ScheduleModule.forRoot()],
  providers: [SchedulerEngine],
  exports: [SchedulerEngine],
})
export class SchedulerModule {}
