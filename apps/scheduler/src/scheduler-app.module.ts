import { Module } from '@nestjs/common';
import { SchedulerModule } from '@app/scheduler';
import { InfrastructureModule } from '@app/tasks';

/** The engine alone: fires due occurrences onto the queue. Several may run against one store. */
@Module({
  imports: [InfrastructureModule.forRoot({ runWorkers: false }), SchedulerModule],
})
export class SchedulerAppModule {}
