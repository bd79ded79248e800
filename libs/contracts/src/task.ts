import { JobPriority } from './job';

export enum TaskType {
  /** Fires once at `scheduledAt`. */
  Scheduled = 'scheduled',
  /** Fires on every occurrence of its repeat interval. */
  Repeated = 'repeated',
}

export enum RepeatInterval {
  Daily = 'daily',
  Weekly = 'weekly',
  Monthly = 'monthly',
  /** A cron expression in `cronExpression`. */
  Custom = 'custom',
}

export enum TaskStatus {
  Active = 'active',
  Paused = 'paused',
  Cancelled = 'cancelled',
  /** A one-time task that has fired. */
  Completed = 'completed',
}

export interface LogTarget {
  type: 'log';
}

export interface WebhookTarget {
  type: 'webhook';
  url: string;
  headers?: Record<string, string>;
}

/** Where a task's payload goes when it runs. */
export type DeliveryTarget = LogTarget | WebhookTarget;

export interface Task {
  id: string;
  name: string;
  description: string | null;
  taskType: TaskType;
  payload: Record<string, unknown>;
  scheduledAt: Date;
  repeatInterval: RepeatInterval | null;
  cronExpression: string | null;
  /** IANA time zone in which wall-clock schedules are evaluated. */
  timezone: string;
  priority: JobPriority;
  target: DeliveryTarget | null;
  status: TaskStatus;
  nextRunAt: Date | null;
  lastRunAt: Date | null;
  runCount: number;
  createdAt: Date;
  updatedAt: Date;
  /** Counts changes of state or schedule; updates are compare-and-set on it. */
  version: number;
}

/** The fields a user may change after creation, plus the state the service derives from them. */
export type TaskChanges = Partial<
  Pick<
    Task,
    | 'name'
    | 'description'
    | 'payload'
    | 'scheduledAt'
    | 'repeatInterval'
    | 'cronExpression'
    | 'timezone'
    | 'priority'
    | 'target'
    | 'status'
    | 'nextRunAt'
    | 'updatedAt'
  >
>;
