import { Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { NotificationBus, NotificationListener } from '../notifications/notification-bus';

/** In-process bus: listeners run on a later tick, so a publisher never runs them inline. */
export class InMemoryNotificationBus extends NotificationBus {
  private readonly logger = new Logger(InMemoryNotificationBus.name);
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(topic: string, message: unknown): Promise<void> {
    setImmediate(() => this.emitter.emit(topic, message));
  }

  subscribe(topic: string, listener: NotificationListener): () => void {
    const guarded = (message: unknown) => {
      try {
        listener(message);
      } catch (error) {
        this.logger.error(
          `Listener for ${topic} failed`,
          error instanceof Error ? error.stack : error,
        );
      }
    };
    this.emitter.on(topic, guarded);
    return () => this.emitter.off(topic, guarded);
  }
}
