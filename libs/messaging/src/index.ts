export * from './handlers/job-handler.decorator';
export { JobHandlerRegistry, UnknownJobTypeError } from './handlers/job-handler.registry';
export { messagingOptionsFrom } from './messaging-options.factory';
export { MessagingModule } from './messaging.module';
export type { MessagingOptions, MessagingTransport } from './messaging.options';
export * from './notifications/notification-bus';
export * from './queue/job-queue';
