import { Task, TaskRun } from '@app/contracts';

/** Sends one run of a task somewhere. Throws when the delivery failed. */
export abstract class Delivery {
  abstract deliver(task: Task, run: TaskRun): Promise<void>;
}

/** The body a webhook receives, and the fields of a log delivery. */
export function deliveryMessage(task: Task, run: TaskRun) {
  return {
    task_id: task.id,
    run_id: run.id,
    scheduled_for: run.scheduledFor.toISOString(),
    payload: task.payload,
  };
}
