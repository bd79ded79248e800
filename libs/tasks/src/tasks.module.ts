import { Module } from '@nestjs/common';
import { HttpEdgeModule } from './http/http-edge.module';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

/**
 * The task REST API under /api/v1/tasks. Needs the task store tokens (TaskStoreModule) and the
 * JobQueue and NotificationBus tokens (MessagingModule) from the composing application.
 */
@Module({
  imports: [HttpEdgeModule],
  controllers: [TasksController],
  providers: [TasksService],
  exports: [TasksService],
})
export class TasksModule {}
