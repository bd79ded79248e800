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
