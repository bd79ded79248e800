import { Module } from '@nestjs/common';
import { AppConfig, AppConfigModule } from '@app/config';
import { MessagingModule, messagingOptionsFrom } from '@app/messaging';
import { TaskExecutionModule, TaskStoreModule, taskStoreOptionsFrom } from '@app/tasks';

/** MESSAGING_WORKERS workers that deliver fired tasks and record their runs. */
@Module({
  imports: [
    AppConfigModule,
    TaskStoreModule.forRootAsync({ inject: [AppConfig], useFactory: taskStoreOptionsFrom }),
    MessagingModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => messagingOptionsFrom(config, config.messagingWorkers),
    }),
    TaskExecutionModule,
  ],
})
export class MessagingAppModule {}
