import { Module } from '@nestjs/common';
import { AppConfig, AppConfigModule } from '@app/config';
import { MessagingModule, messagingOptionsFrom } from '@app/messaging';
import { SchedulerModule } from '@app/scheduler';
import { TaskStoreModule, taskStoreOptionsFrom } from '@app/tasks';

/** The engine alone: fires due occurrences onto the queue. Several may run against one store. */
@Module({
  imports: [
    AppConfigModule,
    TaskStoreModule.forRootAsync({ inject: [AppConfig], useFactory: taskStoreOptionsFrom }),
    MessagingModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => messagingOptionsFrom(config, 0),
    }),
    SchedulerModule,
  ],
})
export class SchedulerAppModule {}
