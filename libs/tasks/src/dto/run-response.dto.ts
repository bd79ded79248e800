import { RunStatus } from '@app/contracts';

export class RunResponseDto {
  id: string;
  task_id: string;
  /** The occurrence this run delivers (for a manual run, when it was requested). */
  scheduled_for: string;
  enqueued_at: string;
  started_at: string | null;
  finished_at: string | null;
  status: RunStatus;
  attempt: number;
  /** Why the run failed. @example "webhook answered 503 Service Unavailable" */
  error: string | null;
}

export class RunListResponseDto {
  runs: RunResponseDto[];
  total: number;
  page: number;
  size: number;
}
