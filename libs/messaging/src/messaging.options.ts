import { ConfigurableModuleBuilder } from '@nestjs/common';
import { RedisConnectionOptions } from '@app/redis';

/** Where jobs and notifications travel: within this process, or through Redis between processes. */
export type MessagingTransport = 'memory' | 'redis';

export interface MessagingOptions {
  transport: MessagingTransport;
  /** Concurrent job consumers in this process; 0 makes a producer-only process. */
  workers: number;
  /** `memory`: where waiting jobs are kept across a graceful restart; null keeps none. */
  backupFile: string | null;
  /** `redis`: the server and key prefix. */
  redis: RedisConnectionOptions;
  /** `redis`: how long a job held by a consumer that stopped stays invisible to others. */
  visibilityTimeoutMs: number;
}

export const {
  ConfigurableModuleClass: ConfigurableMessagingModule,
  MODULE_OPTIONS_TOKEN: MESSAGING_OPTIONS,
} = new ConfigurableModuleBuilder<MessagingOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ global: true }, (definition, extras) => ({ ...definition, global: extras.global }))
  .build();
