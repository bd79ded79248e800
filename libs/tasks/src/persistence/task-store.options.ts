import { ConfigurableModuleBuilder } from '@nestjs/common';

export type TaskStoreBackend = 'sqlite' | 'memory';

export interface TaskStoreOptions {
  backend: TaskStoreBackend;
  /** The SQLite file, for the `sqlite` backend. */
  sqlitePath: string;
}

export const {
  ConfigurableModuleClass: ConfigurableTaskStoreModule,
  MODULE_OPTIONS_TOKEN: TASK_STORE_OPTIONS,
} = new ConfigurableModuleBuilder<TaskStoreOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ global: true }, (definition, extras) => ({ ...definition, global: extras.global }))
  .build();
