import { Module } from '@nestjs/common';
import { InfrastructureModule, TaskExecutionModule } from '@app/tasks';

/** MESSAGING_WORKERS workers that deliver fired tasks and record their runs. */
@Module({
  imports: [InfrastructureModule.forRoot({ runWorkers: true }), TaskExecutionModule],
})
export class MessagingAppModule {}
