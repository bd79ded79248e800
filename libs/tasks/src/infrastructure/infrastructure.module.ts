import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, AppConfigModule } from '@app/config';
import { MessagingModule, messagingOptionsFrom } from '@app/messaging';
import { TaskStoreModule, taskStoreOptionsFrom } from '../persistence/task-store.module';

export interface InfrastructureOptions {
  /** Whether this process runs MESSAGING_WORKERS job workers, or only produces jobs. */
  runWorkers: boolean;
}

/**
 * What every process needs, bound once from the validated environment: configuration, the task
 * store (TaskRepository, RunRepository) and messaging (JobQueue, NotificationBus).
 */
@Module({})
export class InfrastructureModule {
  static forRoot({ runWorkers }: InfrastructureOptions): DynamicModule {
    return {
      module: InfrastructureModule,
      imports: [
        AppConfigModule,
        TaskStoreModule.forRootAsync({ inject: [AppConfig], useFactory: taskStoreOptionsFrom }),
        MessagingModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) =>
            messagingOptionsFrom(config, runWorkers ? config.messagingWorkers : 0),
        }),
      ],
    };
  }
}
