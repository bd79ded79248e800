import { OmitType, PartialType } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { CreateTaskDto } from './create-task.dto';
import { IsOmittable } from './validators';

/** Every field is optional; a change of timing reschedules the task at once. */
export class UpdateTaskDto extends PartialType(OmitType(CreateTaskDto, ['task_type'] as const), {
  skipNullProperties: false,
}) {
  /** `false` pauses the task, `true` resumes it. */
  @IsOmittable()
  @IsBoolean()
  is_active?: boolean;
}
