import { Module } from '@nestjs/common';
import { AppConfig, AppConfigModule } from '@app/config';
import { MessagingModule } from '@app/messaging';
import { SchedulerModule } from '@app/scheduler';
import { HealthModule, TaskExecutionModule, TaskStoreModule, TasksModule } from '@app/tasks';

/** Everything in one process: the API, the scheduler engine and the workers, over in-memory messaging. */
@Module({
  imports: [
    AppConfigModule,
    TaskStoreModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        backend: config.storeBackend,
        sqlitePath: config.sqlitePath,
      }),
    }),
    MessagingModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        transport: 'memory',
        workers: config.messagingWorkers,
        backupFile: config.messagingBackupFile,
      }),
    }),
    SchedulerModule,
    TasksModule,
    TaskExecutionModule,
    HealthModule,
  ],
})
export class MonolithModule {}
