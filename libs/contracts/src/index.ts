export * from './domain-error';
export * from './job';
export * from './page';
export * from './run.repository';
export * from './scheduled-task-job';
export * from './task';
export * from './task-run';
export * from './task.repository';
