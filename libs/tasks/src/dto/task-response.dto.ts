import { JobPriority, RepeatInterval, TaskStatus, TaskType } from '@app/contracts';
import { TargetDto } from './target.dto';

export class TaskResponseDto {
  /** @example "8a6e0804-2bd0-4672-b79d-d97027f9071a" */
  id: string;
  /** @example "Daily reminder" */
  name: string;
  description: string | null;
  task_type: TaskType;
  /** @example {"message": "Time for your daily check-in!", "chat_id": "123456789"} */
  payload: Record<string, unknown>;
  /** @example "2024-01-15T09:00:00.000Z" */
  scheduled_at: string;
  repeat_interval: RepeatInterval | null;
  cron_expression: string | null;
  /** True while the task is `active`. */
  is_active: boolean;
  status: TaskStatus;
  /** @example "Europe/Berlin" */
  timezone: string;
  priority: JobPriority;
  /** Null means the default, `{"type": "log"}`. */
  target: TargetDto | null;
  /** The next occurrence (UTC), or null when the task is paused, cancelled or completed. */
  next_run_at: string | null;
  last_run_at: string | null;
  run_count: number;
  created_at: string;
  updated_at: string;
}

export class TaskListResponseDto {
  tasks: TaskResponseDto[];
  total: number;
  page: number;
  size: number;
}

export class NextRunsResponseDto {
  task_id: string;
  /** @example ["2024-01-16T09:00:00.000Z", "2024-01-17T09:00:00.000Z"] */
  next_runs: string[];
}
