import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import {
  RunRepository,
  RunStatus,
  Task,
  TASK_CHANGED_TOPIC,
  TaskChangedNotification,
  TaskRepository,
  TaskRun,
  TaskStatus,
  createScheduledTaskJob,
  newQueuedRun,
} from '@app/contracts';
import { AppConfig } from '@app/config';
import { JobQueue, NotificationBus } from '@app/messaging';
import { nextOccurrenceAfter } from '../occurrences/occurrences';
import { OccurrenceTimeline } from './occurrence-timeline';

const TIMER_NAME = 'scheduler-engine';
const RECONCILE_TIMER_NAME = 'scheduler-engine-reconcile';
const ENQUEUE_RETRY_FIRST_MS = 500;
const ENQUEUE_RETRY_MAX_MS = 30_000;
// setTimeout cannot wait longer than this; a later occurrence is reached by re-arming.
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * Fires due occurrences. One timer is armed for the earliest occurrence on the timeline; when it
 * fires, each due task is claimed in the store (run recorded, next occurrence set, atomically)
 * and then its job is enqueued. The store stays the source of truth: the timeline is rebuilt from
 * it at start and refreshed from it whenever a task-changed notification arrives.
 */
@Injectable()
export class SchedulerEngine implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SchedulerEngine.name);
  private readonly timeline = new OccurrenceTimeline();
  private unsubscribe?: () => void;
  private firing = false;
  private stopped = false;

  constructor(
    private readonly tasks: TaskRepository,
    private readonly runs: RunRepository,
    private readonly queue: JobQueue,
    private readonly notifications: NotificationBus,
    private readonly timers: SchedulerRegistry,
    private readonly config: AppConfig,
  ) {}

  /** Runs before any worker starts (workers start at application bootstrap). */
  async onModuleInit(): Promise<void> {
    await this.relayUnfinishedRuns();
  }

  async onApplicationBootstrap(): Promise<void> {
    this.unsubscribe = this.notifications.subscribe(TASK_CHANGED_TOPIC, (message) => {
      void this.refresh((message as TaskChangedNotification).task_id);
    });
    await this.reconcile();
    this.timers.addInterval(
      RECONCILE_TIMER_NAME,
      setInterval(() => void this.reconcile(), this.config.reconcileIntervalMs),
    );
    this.logger.log(`Tracking ${this.timeline.size} scheduled task(s)`);
  }

  onModuleDestroy(): void {
    this.stopped = true;
    this.unsubscribe?.();
    this.disarm();
    if (this.timers.doesExist('interval', RECONCILE_TIMER_NAME)) {
      this.timers.deleteInterval(RECONCILE_TIMER_NAME);
    }
  }

  /** Re-reads one task from the store and follows its current schedule. */
  async refresh(taskId: string): Promise<void> {
    try {
      this.track(taskId, await this.tasks.findById(taskId));
      this.arm();
    } catch (error) {
      this.logger.error(`Cannot refresh task ${taskId}`, (error as Error).stack);
    }
  }

  /**
   * The run records are the outbox: a run is stored `queued` before its job is enqueued, so a run
   * still `queued` at start may never have reached the queue; it is queued again, and a job
   * delivered twice only runs once, because only a `queued` run can be started.
   *
   * A run still `running` was cut off mid-delivery. A queue that redelivers abandoned jobs (Redis)
   * hands it to another worker by itself. A queue that loses them with the process (memory) cannot,
   * so such runs are requeued here as their next attempt; that is safe because in that deployment
   * no worker runs yet: this runs at module init, and workers start at application bootstrap.
   */
  private async relayUnfinishedRuns(): Promise<void> {
    let relayed = 0;
    for (const stored of await this.runs.listUnfinished()) {
      const interrupted = stored.status === RunStatus.Running;
      if (interrupted && this.queue.redeliversAbandonedJobs) continue;
      const run = interrupted ? await this.runs.requeue(stored.id) : stored;
      const task = run && (await this.tasks.findById(run.taskId));
      if (run && task) {
        await this.enqueue(task, run);
        relayed++;
      }
    }
    if (relayed > 0) this.logger.warn(`Queued ${relayed} unfinished run(s) again`);
  }

  /**
   * Re-reads every schedule from the store, so a missed change notification can neither strand a
   * task (never fired) nor resurrect one (fired after it was paused or deleted).
   */
  async reconcile(): Promise<void> {
    try {
      const scheduled = await this.tasks.listScheduled();
      this.timeline.replaceAll(
        scheduled.map(({ id, nextRunAt }) => ({ taskId: id, at: nextRunAt!.getTime() })),
      );
      this.arm();
    } catch (error) {
      this.logger.error(`Cannot reconcile schedules: ${(error as Error).message}`);
    }
  }

  private track(taskId: string, task: Task | null): void {
    if (task?.status === TaskStatus.Active && task.nextRunAt) {
      this.timeline.set(taskId, task.nextRunAt.getTime());
    } else {
      this.timeline.remove(taskId);
    }
  }

  private arm(): void {
    if (this.stopped || this.firing) return;
    this.disarm();
    const next = this.timeline.peek();
    if (next === undefined) return;
    const delay = Math.min(Math.max(next - Date.now(), 0), MAX_TIMER_DELAY_MS);
    this.timers.addTimeout(
      TIMER_NAME,
      setTimeout(() => void this.fireDue(), delay),
    );
  }

  private disarm(): void {
    if (this.timers.doesExist('timeout', TIMER_NAME)) this.timers.deleteTimeout(TIMER_NAME);
  }

  private async fireDue(): Promise<void> {
    this.timers.deleteTimeout(TIMER_NAME);
    this.firing = true;
    try {
      for (const { taskId, at } of this.timeline.takeDue(Date.now())) {
        if (this.stopped) return;
        await this.fire(taskId, at);
      }
    } finally {
      this.firing = false;
      this.arm();
    }
  }

  private async fire(taskId: string, dueAt: number): Promise<void> {
    try {
      const task = await this.tasks.findById(taskId);
      if (task?.status !== TaskStatus.Active || task.nextRunAt?.getTime() !== dueAt) {
        this.track(taskId, task);
        return;
      }
      const now = new Date();
      const scheduledFor = new Date(dueAt);
      const run = newQueuedRun(taskId, scheduledFor, now);
      // Occurrences missed while the process was down collapse into this one run.
      const nextRunAt = nextOccurrenceAfter(task, new Date(Math.max(dueAt, now.getTime())));
      const claimed = await this.tasks.claimOccurrence({ taskId, scheduledFor, nextRunAt, run });
      if (!claimed) {
        this.track(taskId, await this.tasks.findById(taskId));
        return;
      }
      this.track(taskId, claimed);
      await this.enqueue(claimed, run);
    } catch (error) {
      this.logger.error(`Cannot fire task ${taskId}`, (error as Error).stack);
    }
  }

  /**
   * The claimed run is already stored `queued`, so a queue that is down costs a delay, not the
   * run: enqueueing is retried with backoff while this process runs, and a run still `queued`
   * when it stops is relayed by the next scheduler to start.
   */
  private async enqueue(task: Task, run: TaskRun, attempt = 0): Promise<void> {
    try {
      await this.queue.enqueue(createScheduledTaskJob(task, run));
    } catch (error) {
      const delay = Math.min(ENQUEUE_RETRY_MAX_MS, ENQUEUE_RETRY_FIRST_MS * 2 ** attempt);
      this.logger.error(
        `Cannot enqueue run ${run.id} of task ${task.id} (${(error as Error).message}); retrying in ${delay} ms`,
      );
      if (!this.stopped) setTimeout(() => void this.enqueue(task, run, attempt + 1), delay).unref();
    }
  }
}
