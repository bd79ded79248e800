export type NotificationListener = (message: unknown) => void;

/**
 * Fire-and-forget notifications between modules (and later between processes): every subscriber
 * gets a copy, nothing is stored. Use it to say "look again", never to carry work.
 */
export abstract class NotificationBus {
  abstract publish(topic: string, message: unknown): Promise<void>;

  /** Returns a function that ends the subscription. */
  abstract subscribe(topic: string, listener: NotificationListener): () => void;
}
