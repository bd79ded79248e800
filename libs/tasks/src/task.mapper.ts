import { DeliveryTarget, InvalidInputError, Task, TaskRun } from '@app/contracts';
import { CreateTaskDto } from './dto/create-task.dto';
import { RunResponseDto } from './dto/run-response.dto';
import { TargetDto } from './dto/target.dto';
import { TaskResponseDto } from './dto/task-response.dto';
import { UpdateTaskDto } from './dto/update-task.dto';
import { NewTask, TaskUpdate } from './tasks.service';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/** Translates between the snake_case wire format and the domain model. */
export class TaskMapper {
  static toResponse(task: Task): TaskResponseDto {
    return {
      id: task.id,
      name: task.name,
      description: task.description,
      task_type: task.taskType,
      payload: task.payload,
      scheduled_at: task.scheduledAt.toISOString(),
      repeat_interval: task.repeatInterval,
      cron_expression: task.cronExpression,
      is_active: task.status === 'active',
      status: task.status,
      timezone: task.timezone,
      priority: task.priority,
      target: task.target,
      next_run_at: iso(task.nextRunAt),
      last_run_at: iso(task.lastRunAt),
      run_count: task.runCount,
      created_at: task.createdAt.toISOString(),
      updated_at: task.updatedAt.toISOString(),
    };
  }

  static runToResponse(run: TaskRun): RunResponseDto {
    return {
      id: run.id,
      task_id: run.taskId,
      scheduled_for: run.scheduledFor.toISOString(),
      enqueued_at: run.enqueuedAt.toISOString(),
      started_at: iso(run.startedAt),
      finished_at: iso(run.finishedAt),
      status: run.status,
      attempt: run.attempt,
      error: run.error,
    };
  }

  static toNewTask(dto: CreateTaskDto): NewTask {
    return {
      ...TaskMapper.toTaskUpdate(dto),
      name: dto.name,
      taskType: dto.task_type,
      payload: dto.payload,
    };
  }

  /** The fields both requests share; absent ones stay undefined, so an update leaves them alone. */
  static toTaskUpdate(dto: UpdateTaskDto): TaskUpdate {
    return {
      name: dto.name,
      description: dto.description,
      payload: dto.payload,
      scheduledAt: dto.scheduled_at,
      repeatInterval: dto.repeat_interval,
      cronExpression: dto.cron_expression,
      timezone: dto.timezone,
      priority: dto.priority,
      target: TaskMapper.toTarget(dto.target),
      isActive: dto.is_active,
    };
  }

  private static toTarget(dto: TargetDto | null | undefined): DeliveryTarget | null | undefined {
    if (!dto) return dto;
    if (dto.type === 'webhook') {
      return { type: 'webhook', url: dto.url!, ...(dto.headers && { headers: dto.headers }) };
    }
    if (dto.url !== undefined || dto.headers !== undefined) {
      throw new InvalidInputError([
        { field: 'target', message: "url and headers are only for targets of type 'webhook'" },
      ]);
    }
    return { type: 'log' };
  }
}
