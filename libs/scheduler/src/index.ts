export { SchedulerEngine } from './engine/scheduler-engine';
export * from './occurrences';
export { SchedulerModule } from './scheduler.module';
