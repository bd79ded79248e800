import { ConfigurableModuleBuilder } from '@nestjs/common';

/** Where jobs and notifications travel. Only `memory` (one process) exists so far. */
export type MessagingTransport = 'memory';

export interface MessagingOptions {
  transport: MessagingTransport;
  /** Concurrent job consumers in this process; 0 makes a producer-only process. */
  workers: number;
  /** Where the in-memory queue keeps waiting jobs across a graceful restart; null keeps none. */
  backupFile: string | null;
}

export const {
  ConfigurableModuleClass: ConfigurableMessagingModule,
  MODULE_OPTIONS_TOKEN: MESSAGING_OPTIONS,
} = new ConfigurableModuleBuilder<MessagingOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ global: true }, (definition, extras) => ({ ...definition, global: extras.global }))
  .build();
