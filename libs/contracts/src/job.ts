/** Order in which workers take jobs: every `high` job before any `normal`, every `normal` before any `low`. */
export enum JobPriority {
  High = 'high',
  Normal = 'normal',
  Low = 'low',
}

export const JOB_PRIORITIES_IN_ORDER: readonly JobPriority[] = [
  JobPriority.High,
  JobPriority.Normal,
  JobPriority.Low,
];

/** A unit of work on the JobQueue; `type` selects the handler that runs it. */
export interface Job<TPayload = Record<string, unknown>> {
  id: string;
  type: string;
  payload: TPayload;
  priority: JobPriority;
  /** Ties every job of one task together in logs and traces, e.g. `task_<id>`. */
  correlationId: string;
  /** ISO-8601 UTC. */
  createdAt: string;
}
