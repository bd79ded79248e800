import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobHandlerRegistry } from './handlers/job-handler.registry';
import { WorkerPool } from './handlers/worker-pool';
import { InMemoryJobQueue } from './memory/in-memory-job-queue';
import { InMemoryNotificationBus } from './memory/in-memory-notification-bus';
import {
  ConfigurableMessagingModule,
  MESSAGING_OPTIONS,
  MessagingOptions,
} from './messaging.options';
import { NotificationBus } from './notifications/notification-bus';
import { JobQueue } from './queue/job-queue';
import { RedisNotificationBus } from './redis/redis-notification-bus';
import { RedisStreamJobQueue } from './redis/redis-stream-job-queue';

interface Transport {
  jobQueue(options: MessagingOptions): JobQueue;
  notificationBus(options: MessagingOptions): NotificationBus;
}

const transports: Record<MessagingOptions['transport'], Transport> = {
  memory: {
    jobQueue: (options) => new InMemoryJobQueue(options.backupFile),
    notificationBus: () => new InMemoryNotificationBus(),
  },
  redis: {
    jobQueue: (options) =>
      new RedisStreamJobQueue({
        ...options.redis,
        visibilityTimeoutMs: options.visibilityTimeoutMs,
      }),
    notificationBus: (options) => new RedisNotificationBus(options.redis),
  },
};

function transportFor(options: MessagingOptions): Transport {
  const transport = transports[options.transport];
  if (!transport) {
    throw new Error(
      `Unknown messaging transport '${options.transport}' (expected one of: ${Object.keys(transports).join(', ')})`,
    );
  }
  return transport;
}

/**
 * The JobQueue and NotificationBus tokens, bound once to the configured transport, and the workers
 * that feed jobs to `@JobHandler` providers. Registered globally with `MessagingModule.forRoot`.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: JobQueue,
      inject: [MESSAGING_OPTIONS],
      useFactory: (options: MessagingOptions) => transportFor(options).jobQueue(options),
    },
    {
      provide: NotificationBus,
      inject: [MESSAGING_OPTIONS],
      useFactory: (options: MessagingOptions) => transportFor(options).notificationBus(options),
    },
    JobHandlerRegistry,
    WorkerPool,
  ],
  exports: [JobQueue, NotificationBus, JobHandlerRegistry],
})
export class MessagingModule extends ConfigurableMessagingModule {}
