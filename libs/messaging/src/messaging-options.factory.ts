import { AppConfig } from '@app/config';
import { MessagingOptions } from './messaging.options';

/**
 * Messaging options from the validated configuration: with the redis store, jobs and
 * notifications go through the same Redis; otherwise they stay in this process.
 */
export function messagingOptionsFrom(config: AppConfig, workers: number): MessagingOptions {
  return {
    transport: config.storeBackend === 'redis' ? 'redis' : 'memory',
    workers,
    backupFile: config.messagingBackupFile,
    redis: { url: config.redisUrl, keyPrefix: config.redisKeyPrefix },
    visibilityTimeoutMs: config.visibilityTimeoutMs,
  };
}
