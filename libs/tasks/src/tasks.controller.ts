import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CreateTaskDto } from './dto/create-task.dto';
import { ProblemDetailsDto } from './dto/problem-details.dto';
import { ListTasksQueryDto, NextRunsQueryDto, PageQueryDto } from './dto/query.dto';
import { RunListResponseDto, RunResponseDto } from './dto/run-response.dto';
import { NextRunsResponseDto, TaskListResponseDto, TaskResponseDto } from './dto/task-response.dto';
import { UpdateTaskDto } from './dto/update-task.dto';
import { TaskIdPipe } from './http/task-id.pipe';
import { TaskMapper } from './task.mapper';
import { TasksService } from './tasks.service';

@ApiTags('tasks')
@ApiBadRequestResponse({
  type: ProblemDetailsDto,
  description: 'Invalid input; `errors` names each field',
})
@Controller('api/v1/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  /** Create a one-time or recurring task. */
  @Post()
  @ApiPayloadTooLargeResponse({ type: ProblemDetailsDto, description: 'Body over 64 KiB' })
  async create(@Body() body: CreateTaskDto): Promise<TaskResponseDto> {
    return TaskMapper.toResponse(await this.tasks.create(TaskMapper.toNewTask(body)));
  }

  /** List tasks, oldest first, optionally filtered by type and activity. */
  @Get()
  async list(@Query() query: ListTasksQueryDto): Promise<TaskListResponseDto> {
    const { items, total } = await this.tasks.list(
      { taskType: query.task_type, isActive: query.is_active },
      { page: query.page, size: query.size },
    );
    return { tasks: items.map(TaskMapper.toResponse), total, page: query.page, size: query.size };
  }

  /** Get one task. */
  @Get(':task_id')
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  async get(@Param('task_id', TaskIdPipe) taskId: string): Promise<TaskResponseDto> {
    return TaskMapper.toResponse(await this.tasks.get(taskId));
  }

  /** Change some fields of a task; a change of timing reschedules it at once. */
  @Put(':task_id')
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'The task is cancelled' })
  async update(
    @Param('task_id', TaskIdPipe) taskId: string,
    @Body() body: UpdateTaskDto,
  ): Promise<TaskResponseDto> {
    return TaskMapper.toResponse(await this.tasks.update(taskId, TaskMapper.toTaskUpdate(body)));
  }

  /** Delete a task and its run history; it never fires again. */
  @Delete(':task_id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  async delete(@Param('task_id', TaskIdPipe) taskId: string): Promise<void> {
    await this.tasks.delete(taskId);
  }

  /** Stop firing until resumed. */
  @Post(':task_id/pause')
  @HttpCode(HttpStatus.OK)
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  @ApiConflictResponse({
    type: ProblemDetailsDto,
    description: 'The task is cancelled or completed',
  })
  async pause(@Param('task_id', TaskIdPipe) taskId: string): Promise<TaskResponseDto> {
    return TaskMapper.toResponse(await this.tasks.pause(taskId));
  }

  /** Fire again from the next occurrence after now; runs missed while paused are skipped. */
  @Post(':task_id/resume')
  @HttpCode(HttpStatus.OK)
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  @ApiConflictResponse({
    type: ProblemDetailsDto,
    description: 'The task is cancelled or completed',
  })
  async resume(@Param('task_id', TaskIdPipe) taskId: string): Promise<TaskResponseDto> {
    return TaskMapper.toResponse(await this.tasks.resume(taskId));
  }

  /** Stop the task for good; it stays readable with status `cancelled`. */
  @Post(':task_id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'The task has completed' })
  async cancel(@Param('task_id', TaskIdPipe) taskId: string): Promise<TaskResponseDto> {
    return TaskMapper.toResponse(await this.tasks.cancel(taskId));
  }

  /** The next occurrences (UTC), exactly as the scheduler will fire them. */
  @Get(':task_id/next-runs')
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  async nextRuns(
    @Param('task_id', TaskIdPipe) taskId: string,
    @Query() query: NextRunsQueryDto,
  ): Promise<NextRunsResponseDto> {
    const runs = await this.tasks.nextRuns(taskId, query.count);
    return { task_id: taskId, next_runs: runs.map((at) => at.toISOString()) };
  }

  /** The task's run history, newest first. */
  @Get(':task_id/runs')
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  async runs(
    @Param('task_id', TaskIdPipe) taskId: string,
    @Query() query: PageQueryDto,
  ): Promise<RunListResponseDto> {
    const { items, total } = await this.tasks.listRuns(taskId, query);
    return { runs: items.map(TaskMapper.runToResponse), total, page: query.page, size: query.size };
  }

  /** Fire the task now, outside its schedule, without changing the schedule. */
  @Post(':task_id/run')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'The task is cancelled' })
  async runNow(@Param('task_id', TaskIdPipe) taskId: string): Promise<RunResponseDto> {
    return TaskMapper.runToResponse(await this.tasks.runNow(taskId));
  }
}
