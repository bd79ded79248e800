import { Module } from '@nestjs/common';
import { AppConfig, AppConfigModule } from '@app/config';
import { MessagingModule, messagingOptionsFrom } from '@app/messaging';
import { SchedulerModule } from '@app/scheduler';
import {
  HealthModule,
  TaskExecutionModule,
  TaskStoreModule,
  TasksModule,
  taskStoreOptionsFrom,
} from '@app/tasks';

/**
 * Everything in one process: the API, the scheduler engine and the workers. Jobs stay in this
 * process unless the store is Redis, in which case store, queue and notifications all use Redis.
 */
@Module({
  imports: [
    AppConfigModule,
    TaskStoreModule.forRootAsync({ inject: [AppConfig], useFactory: taskStoreOptionsFrom }),
    MessagingModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => messagingOptionsFrom(config, config.messagingWorkers),
    }),
    SchedulerModule,
    TasksModule,
    TaskExecutionModule,
    HealthModule,
  ],
})
export class MonolithModule {}
