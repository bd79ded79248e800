import { Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
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
const STORE_READY_TIMEOUT_MS = 10_000;

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
export class TaskStoreModule
  extends ConfigurableTaskStoreModule
  implements OnModuleInit, OnApplicationShutdown
{
  constructor(
    @Inject(TASK_STORE) private readonly store: TaskStore,
    @Inject(TASK_STORE_OPTIONS) private readonly options: TaskStoreOptions,
  ) {
    super();
  }

  /** A store that cannot be reached stops start-up with a clear error instead of a silent hang. */
  async onModuleInit(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${STORE_READY_TIMEOUT_MS / 1000} s`)),
        STORE_READY_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([this.store.tasks.ping(), timeout]);
    } catch (error) {
      await this.store.close();
      throw new Error(
        `The ${this.options.backend} task store cannot be reached: ${(error as Error).message}`,
        { cause: error },
      );
    } finally {
      clearTimeout(timer);
    }
  }

  // Runs after the workers have finished their last jobs (they stop in beforeApplicationShutdown).
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
