import { Page, PageRequest } from './page';
import { RunStatus, TaskRun } from './task-run';

export interface RunOutcome {
  status: RunStatus.Succeeded | RunStatus.Failed;
  finishedAt: Date;
  error: string | null;
}

/** Port for run history and run state transitions. */
export abstract class RunRepository {
  abstract findById(id: string): Promise<TaskRun | null>;

  /** Newest first (`scheduledFor`, then `enqueuedAt`). */
  abstract listByTask(taskId: string, page: PageRequest): Promise<Page<TaskRun>>;

  /** Runs still `queued` or `running`, oldest first: the outbox a scheduler relays after a restart. */
  abstract listUnfinished(): Promise<TaskRun[]>;

  /**
   * Moves a `queued` run to `running`; null when the run is gone or not queued. This makes
   * delivery idempotent: a job delivered twice only runs once. With `takeOver`, a `running` run
   * (whose worker died) is started again as the next attempt.
   */
  abstract start(id: string, startedAt: Date, takeOver?: boolean): Promise<TaskRun | null>;

  /** Records the outcome of a `running` run; null when the run is gone. */
  abstract finish(id: string, outcome: RunOutcome): Promise<TaskRun | null>;

  /** Puts interrupted `running` runs back to `queued` with the next attempt number. */
  abstract requeue(id: string): Promise<TaskRun | null>;
}
