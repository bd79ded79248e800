import { Module } from '@nestjs/common';
import { HealthModule, InfrastructureModule, TasksModule } from '@app/tasks';

/** The REST API and its docs. It writes tasks and announces changes; it runs no jobs itself. */
@Module({
  imports: [InfrastructureModule.forRoot({ runWorkers: false }), TasksModule, HealthModule],
})
export class ApiModule {}
