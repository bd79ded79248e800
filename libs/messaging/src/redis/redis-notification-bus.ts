import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { RedisConnectionOptions, createRedisClient } from '@app/redis';
import type { Redis } from 'ioredis';
import { NotificationBus, NotificationListener } from '../notifications/notification-bus';

/** Redis Pub/Sub: every subscribed process gets each notification; none is kept for latecomers. */
export class RedisNotificationBus extends NotificationBus implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisNotificationBus.name);
  private readonly publisher: Redis;
  private subscriber?: Redis;
  private readonly listeners = new Map<string, Set<NotificationListener>>();

  constructor(private readonly options: RedisConnectionOptions) {
    super();
    this.publisher = createRedisClient(options.url, 'notifications-publisher');
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      [this.publisher, this.subscriber].map((connection) =>
        connection?.quit().catch(() => undefined),
      ),
    );
  }

  async publish(topic: string, message: unknown): Promise<void> {
    await this.publisher.publish(this.channelOf(topic), JSON.stringify(message));
  }

  subscribe(topic: string, listener: NotificationListener): () => void {
    const channel = this.channelOf(topic);
    let listeners = this.listeners.get(channel);
    if (!listeners) {
      listeners = new Set();
      this.listeners.set(channel, listeners);
      this.subscriberConnection()
        .subscribe(channel)
        .catch((error: Error) =>
          this.logger.error(`Cannot subscribe to ${channel}: ${error.message}`),
        );
    }
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  private subscriberConnection(): Redis {
    if (!this.subscriber) {
      this.subscriber = createRedisClient(this.options.url, 'notifications-subscriber');
      this.subscriber.on('message', (channel: string, text: string) => {
        for (const listener of this.listeners.get(channel) ?? []) {
          try {
            listener(JSON.parse(text));
          } catch (error) {
            this.logger.error(`Listener for ${channel} failed`, (error as Error).stack);
          }
        }
      });
    }
    return this.subscriber;
  }

  private channelOf(topic: string): string {
    return `${this.options.keyPrefix}${topic}`;
  }
}
