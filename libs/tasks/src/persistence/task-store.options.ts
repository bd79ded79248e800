import { ConfigurableModuleBuilder } from '@nestjs/common';

import { RedisConnectionOptions } from '@app/redis';

export type TaskStoreBackend = 'sqlite' | 'memory' | 'redis';

export interface TaskStoreOptions {
  backend: TaskStoreBackend;
  /** The SQLite file, for the `sqlite` backend. */
  sqlitePath: string;
  /** The server and key prefix, for the `redis` backend. */
  redis: RedisConnectionOptions;
}

export const {
  ConfigurableModuleClass: ConfigurableTaskStoreModule,
  MODULE_OPTIONS_TOKEN: TASK_STORE_OPTIONS,
} = new ConfigurableModuleBuilder<TaskStoreOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ global: true }, (definition, extras) => ({ ...definition, global: extras.global }))
  .build();
