import { Page, PageRequest } from './page';
import { Task, TaskChanges, TaskType } from './task';
import { TaskRun } from './task-run';

export interface TaskQuery {
  taskType?: TaskType;
  isActive?: boolean;
}

/** A due occurrence, claimed by recording its run and advancing the task in one atomic step. */
export interface OccurrenceClaim {
  taskId: string;
  /** The occurrence being claimed; the claim only succeeds while the task's `nextRunAt` still equals it. */
  scheduledFor: Date;
  /** The occurrence after this one, or null when the task has no more (it then becomes `completed`). */
  nextRunAt: Date | null;
  run: TaskRun;
}

/**
 * Port for task persistence. Every adapter (memory, sqlite, and later redis) must give the same
 * answers; the shared contract suite in `libs/tasks` checks that.
 */
export abstract class TaskRepository {
  abstract insert(task: Task): Promise<void>;

  abstract findById(id: string): Promise<Task | null>;

  /** Oldest first (`createdAt`, then `id`), so pages are stable while tasks are added. */
  abstract list(query: TaskQuery, page: PageRequest): Promise<Page<Task>>;

  /**
   * Applies `changes` and increments `version`, only while the stored `version` is still
   * `expectedVersion`; returns the task as stored, or null when it does not exist or changed.
   */
  abstract update(id: string, changes: TaskChanges, expectedVersion: number): Promise<Task | null>;

  /** Deletes the task and its run history; false when it did not exist. */
  abstract delete(id: string): Promise<boolean>;

  /** Every active task with a next run, for rebuilding a scheduler's timeline. */
  abstract listScheduled(): Promise<Array<Pick<Task, 'id' | 'nextRunAt'>>>;

  /**
   * Atomically: if the task is active and its `nextRunAt` equals `claim.scheduledFor`, store the
   * run, set `nextRunAt`, `lastRunAt` and `runCount`, increment `version`, and return the task. Otherwise change
   * nothing and return null (someone else claimed it, or the task changed meanwhile).
   */
  abstract claimOccurrence(claim: OccurrenceClaim): Promise<Task | null>;

  /**
   * Atomically stores a run fired outside the schedule and counts it on the task; null when the
   * task does not exist.
   */
  abstract recordManualRun(run: TaskRun): Promise<Task | null>;

  /** Throws when the store cannot serve requests; used by health checks. */
  abstract ping(): Promise<void>;
}
