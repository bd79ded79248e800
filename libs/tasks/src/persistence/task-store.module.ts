import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { RunRepository, TaskRepository } from '@app/contracts';
import { openMemoryTaskStore } from './memory/memory-task-store';
import { openRedisTaskStore } from './redis/redis-task-store';
import { openSqliteTaskStore } from './sqlite/sqlite-task-store';
import { TaskStore } from './task-store';
import {
  ConfigurableTaskStoreModule,
  TASK_STORE_OPTIONS,
  TaskStoreOptions,
} from './task-store.options';

const TASK_STORE = Symbol('TASK_STORE');

const backends: Record<TaskStoreOptions['backend'], (options: TaskStoreOptions) => TaskStore> = {
  sqlite: (options) => openSqliteTaskStore(options.sqlitePath),
  memory: () => openMemoryTaskStore(),
  redis: (options) => openRedisTaskStore(options.redis),
};

function openTaskStore(options: TaskStoreOptions): TaskStore {
  const open = backends[options.backend];
  if (!open) {
    throw new Error(
      `Unknown task store backend '${options.backend}' (expected one of: ${Object.keys(backends).join(', ')})`,
    );
  }
  return open(options);
}

/** Task store options from the validated configuration. */
export function taskStoreOptionsFrom(config: AppConfig): TaskStoreOptions {
  return {
    backend: config.storeBackend,
    sqlitePath: config.sqlitePath,
    redis: { url: config.redisUrl, keyPrefix: config.redisKeyPrefix },
  };
}

/**
 * Binds the TaskRepository and RunRepository tokens to the configured backend, once, for the whole
 * application: `TaskStoreModule.forRootAsync({ inject: [AppConfig], useFactory: taskStoreOptionsFrom })`.
 */
@Module({
  providers: [
    { provide: TASK_STORE, inject: [TASK_STORE_OPTIONS], useFactory: openTaskStore },
    {
      provide: TaskRepository,
      inject: [TASK_STORE],
      useFactory: (store: TaskStore) => store.tasks,
    },
    { provide: RunRepository, inject: [TASK_STORE], useFactory: (store: TaskStore) => store.runs },
  ],
  exports: [TaskRepository, RunRepository],
})
export class TaskStoreModule extends ConfigurableTaskStoreModule implements OnApplicationShutdown {
  constructor(@Inject(TASK_STORE) private readonly store: TaskStore) {
    super();
  }

  // Runs after the workers have finished their last jobs (they stop in beforeApplicationShutdown).
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
