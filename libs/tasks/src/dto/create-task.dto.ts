import { JobPriority, RepeatInterval, TaskType } from '@app/contracts';
import { Type } from 'class-transformer';
import {
  IsEnum,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { TargetDto } from './target.dto';
import { IsDateTime, IsIanaTimeZone, IsOmittable } from './validators';

export class CreateTaskDto {
  /** @example "Daily reminder" */
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  /** @example "Send daily reminder message" */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  /** `scheduled` fires once at `scheduled_at`; `repeated` fires on every `repeat_interval`. */
  @IsEnum(TaskType)
  task_type: TaskType;

  /**
   * Any JSON object; delivered as is.
   * @example {"message": "Time for your daily check-in!", "chat_id": "123456789"}
   */
  @IsObject()
  payload: Record<string, unknown>;

  /**
   * ISO-8601. With an offset it is an instant; without one it is a wall-clock time in `timezone`.
   * For `daily`/`weekly`/`monthly` it fixes the time of day, weekday and day of month. Required
   * except for `custom`, where it is the earliest time the cron may fire (default: now).
   * @example "2024-01-15T09:00:00Z"
   */
  @IsOmittable()
  @IsDateTime()
  scheduled_at?: string;

  /** Required for `repeated`, not allowed for `scheduled`. @example "daily" */
  @IsOptional()
  @IsEnum(RepeatInterval)
  repeat_interval?: RepeatInterval | null;

  /**
   * Required for `custom`: 5 crontab fields (minute hour day-of-month month day-of-week), or 6
   * with a leading seconds field.
   * @example "0 9 * * MON-FRI"
   */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cron_expression?: string | null;

  /** IANA zone the schedule follows (default `SCHEDULER_TIMEZONE`). @example "Europe/Berlin" */
  @IsOmittable()
  @IsIanaTimeZone()
  timezone?: string;

  /** Priority of the task's jobs on the queue (default `normal`). */
  @IsOmittable()
  @IsEnum(JobPriority)
  priority?: JobPriority;

  /** Delivery target (default `{"type": "log"}`). */
  @IsOptional()
  @ValidateNested()
  @Type(() => TargetDto)
  target?: TargetDto | null;
}
