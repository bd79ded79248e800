import { randomUUID } from 'node:crypto';
import { Job } from './job';
import { Task } from './task';
import { TaskRun } from './task-run';

/** The job type the scheduler enqueues when a task's occurrence is due. */
export const SCHEDULED_TASK_JOB = 'scheduled_task';

// A type alias (not an interface) so it is assignable to Job's Record<string, unknown> payload.
export type ScheduledTaskJobPayload = {
  task_id: string;
  run_id: string;
  /** ISO-8601 UTC instant of the occurrence this job delivers. */
  scheduled_for: string;
};

/** Notification topic: a task's schedule or state changed, so a scheduler must re-read it. */
export const TASK_CHANGED_TOPIC = 'task.changed';

export interface TaskChangedNotification {
  task_id: string;
}

/** The job that delivers `run` of `task`. */
export function createScheduledTaskJob(
  task: Pick<Task, 'id' | 'priority'>,
  run: Pick<TaskRun, 'id' | 'scheduledFor'>,
): Job<ScheduledTaskJobPayload> {
  return {
    id: randomUUID(),
    type: SCHEDULED_TASK_JOB,
    payload: { task_id: task.id, run_id: run.id, scheduled_for: run.scheduledFor.toISOString() },
    priority: task.priority,
    correlationId: `task_${task.id}`,
    createdAt: new Date().toISOString(),
  };
}
