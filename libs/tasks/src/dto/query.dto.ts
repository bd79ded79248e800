import { ApiPropertyOptional } from '@nestjs/swagger';
import { TaskType } from '@app/contracts';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 100;
/** Keeps offsets well inside what every store can take. */
export const MAX_PAGE = 1_000_000;

const clampPageSize = ({ value }: { value: unknown }) =>
  typeof value === 'number' && value > MAX_PAGE_SIZE ? MAX_PAGE_SIZE : value;

const parseBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

// Defaults make these optional for callers; the explicit decorator says so in the OpenAPI document.
export class PageQueryDto {
  /** 1-based page number. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  @ApiPropertyOptional()
  page: number = 1;

  /** Items per page; values above 100 are capped at 100. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Transform(clampPageSize)
  @ApiPropertyOptional()
  size: number = 20;
}

export class ListTasksQueryDto extends PageQueryDto {
  @IsOptional()
  @IsEnum(TaskType)
  task_type?: TaskType;

  /** `true` for active tasks only, `false` for paused, cancelled and completed ones. */
  @IsOptional()
  @Transform(parseBoolean)
  @IsBoolean()
  is_active?: boolean;
}

export class NextRunsQueryDto {
  /** How many occurrences, 1 to 100. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  @ApiPropertyOptional()
  count: number = 10;
}
