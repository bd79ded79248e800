import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import {
  ConflictError,
  DeliveryTarget,
  FieldViolation,
  InvalidInputError,
  JobPriority,
  NotFoundError,
  Page,
  PageRequest,
  RepeatInterval,
  RunRepository,
  TASK_CHANGED_TOPIC,
  Task,
  TaskChangedNotification,
  TaskChanges,
  TaskQuery,
  TaskRepository,
  TaskRun,
  TaskStatus,
  TaskType,
  createScheduledTaskJob,
  newQueuedRun,
} from '@app/contracts';
import { JobQueue, NotificationBus } from '@app/messaging';
import {
  InvalidCronExpressionError,
  compileCronPattern,
  firstOccurrence,
  parseDateTime,
  upcomingOccurrences,
} from '@app/scheduler';
import { randomUUID } from 'node:crypto';

/** A one-time task may be created this far in the past (clock skew); it then fires at once. */
const CLOCK_SKEW_TOLERANCE_MS = 5_000;

/** What a caller gives to create a task. Date-times are ISO-8601 text, read in the task's zone. */
export interface NewTask {
  name: string;
  description?: string | null;
  taskType: TaskType;
  payload: Record<string, unknown>;
  scheduledAt?: string;
  repeatInterval?: RepeatInterval | null;
  cronExpression?: string | null;
  timezone?: string;
  priority?: JobPriority;
  target?: DeliveryTarget | null;
}

/** A partial update; `isActive` pauses (false) or resumes (true) the task. */
export type TaskUpdate = Partial<Omit<NewTask, 'taskType'>> & { isActive?: boolean };

const TIMING_FIELDS = ['scheduledAt', 'repeatInterval', 'cronExpression', 'timezone'] as const;

/** How often an update is decided again when the task changed under it before giving up. */
const MAX_UPDATE_ATTEMPTS = 5;

// Dates compare by instant. Checked by tag, not instanceof: structuredClone may hand back Dates of
// another realm (as under jest's sandbox).
const isDate = (value: unknown): value is Date =>
  Object.prototype.toString.call(value) === '[object Date]';
const sameValue = (a: unknown, b: unknown) =>
  isDate(a) && isDate(b) ? a.getTime() === b.getTime() : a === b;

/** Task CRUD and control. Every change is stored first, then announced to the scheduler. */
@Injectable()
export class TasksService {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly runs: RunRepository,
    private readonly queue: JobQueue,
    private readonly notifications: NotificationBus,
    private readonly config: AppConfig,
  ) {}

  async create(input: NewTask): Promise<Task> {
    const now = new Date();
    const timezone = input.timezone ?? this.config.defaultTimezone;
    const scheduledAt = this.readScheduledAt(input, timezone, now);
    const task: Task = {
      id: randomUUID(),
      name: input.name,
      description: input.description ?? null,
      taskType: input.taskType,
      payload: input.payload,
      scheduledAt,
      repeatInterval: input.repeatInterval ?? null,
      cronExpression: input.cronExpression ?? null,
      timezone,
      priority: input.priority ?? JobPriority.Normal,
      target: input.target ?? null,
      status: TaskStatus.Active,
      nextRunAt: null,
      lastRunAt: null,
      runCount: 0,
      createdAt: now,
      updatedAt: now,
      version: 0,
    };
    this.assertValidSchedule(task, { scheduledAtChanged: true, now });
    task.nextRunAt = this.firstRun(task, now);
    await this.tasks.insert(task);
    await this.announce(task.id);
    return task;
  }

  async list(query: TaskQuery, page: PageRequest): Promise<Page<Task>> {
    return this.tasks.list(query, page);
  }

  async get(id: string): Promise<Task> {
    const task = await this.tasks.findById(id);
    if (!task) throw new NotFoundError(`Task ${id} does not exist`);
    return task;
  }

  async update(id: string, update: TaskUpdate): Promise<Task> {
    return this.change(id, (task, now) => this.planUpdate(task, update, now));
  }

  async delete(id: string): Promise<void> {
    if (!(await this.tasks.delete(id))) throw new NotFoundError(`Task ${id} does not exist`);
    await this.announce(id);
  }

  async pause(id: string): Promise<Task> {
    return this.change(id, (task, now) => {
      if (task.status === TaskStatus.Paused) return null;
      this.assertCanPause(task);
      return { status: TaskStatus.Paused, nextRunAt: null, updatedAt: now };
    });
  }

  /** Resumes from now: occurrences missed while paused are not fired. */
  async resume(id: string): Promise<Task> {
    return this.change(id, (task, now) => {
      if (task.status === TaskStatus.Active) return null;
      if (task.status !== TaskStatus.Paused) {
        throw new ConflictError(`Task ${id} is ${task.status}; only a paused task can be resumed`);
      }
      return { status: TaskStatus.Active, nextRunAt: this.firstRun(task, now), updatedAt: now };
    });
  }

  /** Final: the task stays readable but never fires or resumes again. */
  async cancel(id: string): Promise<Task> {
    return this.change(id, (task, now) => {
      if (task.status === TaskStatus.Cancelled) return null;
      if (task.status === TaskStatus.Completed) {
        throw new ConflictError(`Task ${id} has already completed`);
      }
      return { status: TaskStatus.Cancelled, nextRunAt: null, updatedAt: now };
    });
  }

  /** The next `count` occurrences, computed exactly as the scheduler will fire them. */
  async nextRuns(id: string, count: number): Promise<Date[]> {
    const task = await this.get(id);
    if (task.status !== TaskStatus.Active) return [];
    return upcomingOccurrences(task, task.nextRunAt, count);
  }

  async listRuns(id: string, page: PageRequest): Promise<Page<TaskRun>> {
    await this.get(id);
    return this.runs.listByTask(id, page);
  }

  /** Fires the task now, outside its schedule, leaving the schedule as it is. */
  async runNow(id: string): Promise<TaskRun> {
    const task = await this.get(id);
    if (task.status === TaskStatus.Cancelled) {
      throw new ConflictError(`Task ${id} is cancelled; a cancelled task cannot run`);
    }
    const now = new Date();
    const run = newQueuedRun(id, now, now);
    const recorded = await this.tasks.recordManualRun(run);
    if (!recorded) throw new NotFoundError(`Task ${id} does not exist`);
    await this.queue.enqueue(createScheduledTaskJob(recorded, run));
    return run;
  }

  /**
   * Reads the task, lets `decide` work out the changes (null: nothing to do) and stores them only
   * if nobody changed the task meanwhile (a scheduler firing it, another request); otherwise
   * decides again on the fresh task. So a pause can never undo a completion it did not see.
   */
  private async change(
    id: string,
    decide: (task: Task, now: Date) => TaskChanges | null,
  ): Promise<Task> {
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      const task = await this.get(id);
      const changes = decide(task, new Date());
      if (!changes) return task;
      const saved = await this.tasks.update(id, changes, task.version);
      if (saved) {
        await this.announce(id);
        return saved;
      }
    }
    throw new ConflictError(`Task ${id} kept changing while it was being updated; try again`);
  }

  private planUpdate(task: Task, update: TaskUpdate, now: Date): TaskChanges {
    if (task.status === TaskStatus.Cancelled) {
      throw new ConflictError(`Task ${task.id} is cancelled; a cancelled task cannot be changed`);
    }
    const timezone = update.timezone ?? task.timezone;
    const changes: TaskChanges = {
      ...definedOnly({
        name: update.name,
        description: update.description,
        payload: update.payload,
        repeatInterval: update.repeatInterval,
        cronExpression: update.cronExpression,
        timezone: update.timezone,
        priority: update.priority,
        target: update.target,
      }),
      updatedAt: now,
    };
    if (update.scheduledAt !== undefined) {
      changes.scheduledAt = this.readScheduledAt(
        { ...update, taskType: task.taskType },
        timezone,
        now,
      );
    }
    // Moving away from `custom` drops the cron expression unless the caller sets one explicitly.
    if (
      update.repeatInterval &&
      update.repeatInterval !== RepeatInterval.Custom &&
      update.cronExpression === undefined
    ) {
      changes.cronExpression = null;
    }
    const differs = (field: (typeof TIMING_FIELDS)[number]) =>
      changes[field] !== undefined && !sameValue(changes[field], task[field]);
    const movedTime = differs('scheduledAt');
    const timingChanged = TIMING_FIELDS.some(differs);
    const merged: Task = { ...task, ...changes };
    this.assertValidSchedule(merged, { scheduledAtChanged: movedTime, now });

    if (update.isActive === false) {
      this.assertCanPause(task);
      return { ...changes, status: TaskStatus.Paused, nextRunAt: null };
    }
    if (update.isActive === true && task.status === TaskStatus.Paused) {
      return { ...changes, status: TaskStatus.Active, nextRunAt: this.firstRun(merged, now) };
    }
    if (task.status === TaskStatus.Completed) {
      // Only a new time brings a completed one-time task back; other edits just edit it.
      if (movedTime) {
        return { ...changes, status: TaskStatus.Active, nextRunAt: this.firstRun(merged, now) };
      }
      if (update.isActive === true) {
        throw new ConflictError(
          `Task ${task.id} has completed; give it a new scheduled_at to run it again`,
        );
      }
      return changes;
    }
    if (timingChanged && task.status === TaskStatus.Active) {
      return { ...changes, nextRunAt: this.firstRun(merged, now) };
    }
    return changes;
  }

  private async announce(taskId: string): Promise<void> {
    const notification: TaskChangedNotification = { task_id: taskId };
    await this.notifications.publish(TASK_CHANGED_TOPIC, notification);
  }

  private assertCanPause(task: Task): void {
    if (task.status !== TaskStatus.Active && task.status !== TaskStatus.Paused) {
      throw new ConflictError(
        `Task ${task.id} is ${task.status}; only an active task can be paused`,
      );
    }
  }

  private readScheduledAt(
    input: Pick<NewTask, 'scheduledAt' | 'taskType' | 'repeatInterval'>,
    timezone: string,
    now: Date,
  ): Date {
    if (input.scheduledAt === undefined) {
      if (input.taskType === TaskType.Repeated && input.repeatInterval === RepeatInterval.Custom) {
        return now;
      }
      throw new InvalidInputError([
        { field: 'scheduled_at', message: 'is required (only custom cron tasks may leave it out)' },
      ]);
    }
    const scheduledAt = parseDateTime(input.scheduledAt, timezone);
    if (!scheduledAt) {
      throw new InvalidInputError([
        {
          field: 'scheduled_at',
          message: `'${input.scheduledAt}' is not a valid ISO-8601 date-time`,
        },
      ]);
    }
    return scheduledAt;
  }

  private firstRun(task: Task, now: Date): Date {
    const first = firstOccurrence(task, now);
    if (!first) {
      throw new InvalidInputError([
        { field: 'cron_expression', message: `'${task.cronExpression}' never matches any date` },
      ]);
    }
    return first;
  }

  private assertValidSchedule(
    task: Task,
    context: { scheduledAtChanged: boolean; now: Date },
  ): void {
    const violations: FieldViolation[] = [];
    if (task.taskType === TaskType.Scheduled) {
      if (task.repeatInterval) {
        violations.push({ field: 'repeat_interval', message: "is only for task_type 'repeated'" });
      }
      if (
        context.scheduledAtChanged &&
        task.scheduledAt.getTime() < context.now.getTime() - CLOCK_SKEW_TOLERANCE_MS
      ) {
        violations.push({
          field: 'scheduled_at',
          message: `is in the past (${task.scheduledAt.toISOString()}); a one-time task needs a future time`,
        });
      }
    } else if (!task.repeatInterval) {
      violations.push({
        field: 'repeat_interval',
        message: "is required for task_type 'repeated' (daily, weekly, monthly or custom)",
      });
    }
    if (task.repeatInterval === RepeatInterval.Custom) {
      if (!task.cronExpression) {
        violations.push({
          field: 'cron_expression',
          message: "is required for repeat_interval 'custom'",
        });
      } else {
        try {
          compileCronPattern(task.cronExpression);
        } catch (error) {
          if (!(error instanceof InvalidCronExpressionError)) throw error;
          violations.push({
            field: 'cron_expression',
            message: `'${task.cronExpression}' is not a valid cron expression: ${error.message}`,
          });
        }
      }
    } else if (task.cronExpression) {
      violations.push({
        field: 'cron_expression',
        message: "is only for repeat_interval 'custom'",
      });
    }
    if (violations.length > 0) throw new InvalidInputError(violations);
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, field]) => field !== undefined),
  ) as Partial<T>;
}
