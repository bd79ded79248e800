import { Module } from '@nestjs/common';
import { AppConfig, AppConfigModule } from '@app/config';
import { MessagingModule, messagingOptionsFrom } from '@app/messaging';
import { HealthModule, TaskStoreModule, TasksModule, taskStoreOptionsFrom } from '@app/tasks';

/** The REST API and its docs. It writes tasks and announces changes; it runs no jobs itself. */
@Module({
  imports: [
    AppConfigModule,
    TaskStoreModule.forRootAsync({ inject: [AppConfig], useFactory: taskStoreOptionsFrom }),
    MessagingModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => messagingOptionsFrom(config, 0),
    }),
    TasksModule,
    HealthModule,
  ],
})
export class ApiModule {}
