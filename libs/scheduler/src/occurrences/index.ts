export * from './date-time';
export * from './cron-patterns';
export * from './occurrences';
export { isValidTimeZone } from './time-zone';
