import { Module } from '@nestjs/common';
import { SchedulerModule } from '@app/scheduler';
import { HealthModule, InfrastructureModule, TaskExecutionModule, TasksModule } from '@app/tasks';

/**
 * Everything in one process: the API, the scheduler engine and the workers. Jobs stay in this
 * process unless the store is Redis, in which case store, queue and notifications all use Redis.
 */
@Module({
  imports: [
    InfrastructureModule.forRoot({ runWorkers: true }),
    SchedulerModule,
    TasksModule,
    TaskExecutionModule,
    HealthModule,
  ],
})
export class MonolithModule {}
