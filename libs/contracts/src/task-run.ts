import { randomUUID } from 'node:crypto';

export enum RunStatus {
  Queued = 'queued',
  Running = 'running',
  Succeeded = 'succeeded',
  Failed = 'failed',
}

/** One firing of a task: created `queued` when the job is enqueued, finished by the worker. */
export interface TaskRun {
  id: string;
  taskId: string;
  scheduledFor: Date;
  enqueuedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  status: RunStatus;
  attempt: number;
  error: string | null;
}

/** A run about to be enqueued: the first attempt at delivering `scheduledFor` of a task. */
export function newQueuedRun(taskId: string, scheduledFor: Date, enqueuedAt: Date): TaskRun {
  return {
    id: randomUUID(),
    taskId,
    scheduledFor,
    enqueuedAt,
    startedAt: null,
    finishedAt: null,
    status: RunStatus.Queued,
    attempt: 1,
    error: null,
  };
}
