import {
  OccurrenceClaim,
  Page,
  PageRequest,
  RunOutcome,
  RunRepository,
  RunStatus,
  Task,
  TaskChanges,
  TaskQuery,
  TaskRepository,
  TaskRun,
  TaskStatus,
} from '@app/contracts';
import { TaskStore } from '../task-store';

// Copies in and out, so a caller mutating what it got back can never change the store.
const copy = <T>(value: T): T => structuredClone(value);

function pageOf<T>(items: T[], page: PageRequest): Page<T> {
  const start = (page.page - 1) * page.size;
  return { items: items.slice(start, start + page.size).map(copy), total: items.length };
}

class MemoryTables {
  readonly tasks = new Map<string, Task>();
  readonly runs = new Map<string, TaskRun>();
}

class MemoryTaskRepository extends TaskRepository {
  constructor(private readonly tables: MemoryTables) {
    super();
  }

  async insert(task: Task): Promise<void> {
    this.tables.tasks.set(task.id, copy(task));
  }

  async findById(id: string): Promise<Task | null> {
    const task = this.tables.tasks.get(id);
    return task ? copy(task) : null;
  }

  async list(query: TaskQuery, page: PageRequest): Promise<Page<Task>> {
    const matching = [...this.tables.tasks.values()]
      .filter((task) => query.taskType === undefined || task.taskType === query.taskType)
      .filter(
        (task) =>
          query.isActive === undefined || (task.status === TaskStatus.Active) === query.isActive,
      )
      .sort(
        (a, b) =>
          a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      );
    return pageOf(matching, page);
  }

  async update(id: string, changes: TaskChanges, expectedVersion: number): Promise<Task | null> {
    const task = this.tables.tasks.get(id);
    if (task?.version !== expectedVersion) return null;
    Object.assign(task, copy(changes), { version: task.version + 1 });
    return copy(task);
  }

  async delete(id: string): Promise<boolean> {
    for (const run of this.tables.runs.values()) {
      if (run.taskId === id) this.tables.runs.delete(run.id);
    }
    return this.tables.tasks.delete(id);
  }

  async listScheduled(): Promise<Array<Pick<Task, 'id' | 'nextRunAt'>>> {
    return [...this.tables.tasks.values()]
      .filter((task) => task.status === TaskStatus.Active && task.nextRunAt)
      .map(({ id, nextRunAt }) => ({ id, nextRunAt }));
  }

  async claimOccurrence(claim: OccurrenceClaim): Promise<Task | null> {
    const task = this.tables.tasks.get(claim.taskId);
    if (
      task?.status !== TaskStatus.Active ||
      task.nextRunAt?.getTime() !== claim.scheduledFor.getTime()
    ) {
      return null;
    }
    this.tables.runs.set(claim.run.id, copy(claim.run));
    Object.assign(task, {
      nextRunAt: claim.nextRunAt,
      status: claim.nextRunAt ? TaskStatus.Active : TaskStatus.Completed,
      lastRunAt: claim.run.enqueuedAt,
      runCount: task.runCount + 1,
      updatedAt: claim.run.enqueuedAt,
      version: task.version + 1,
    });
    return copy(task);
  }

  async recordManualRun(run: TaskRun): Promise<Task | null> {
    const task = this.tables.tasks.get(run.taskId);
    if (!task) return null;
    this.tables.runs.set(run.id, copy(run));
    Object.assign(task, {
      lastRunAt: run.enqueuedAt,
      runCount: task.runCount + 1,
      updatedAt: run.enqueuedAt,
    });
    return copy(task);
  }

  async ping(): Promise<void> {}
}

class MemoryRunRepository extends RunRepository {
  constructor(private readonly tables: MemoryTables) {
    super();
  }

  async findById(id: string): Promise<TaskRun | null> {
    const run = this.tables.runs.get(id);
    return run ? copy(run) : null;
  }

  async listByTask(taskId: string, page: PageRequest): Promise<Page<TaskRun>> {
    const runs = [...this.tables.runs.values()]
      .filter((run) => run.taskId === taskId)
      .sort(
        (a, b) =>
          b.scheduledFor.getTime() - a.scheduledFor.getTime() ||
          b.enqueuedAt.getTime() - a.enqueuedAt.getTime(),
      );
    return pageOf(runs, page);
  }

  async listUnfinished(): Promise<TaskRun[]> {
    return [...this.tables.runs.values()]
      .filter((run) => run.status === RunStatus.Queued || run.status === RunStatus.Running)
      .sort((a, b) => a.enqueuedAt.getTime() - b.enqueuedAt.getTime())
      .map(copy);
  }

  async start(id: string, startedAt: Date, takeOver = false): Promise<TaskRun | null> {
    const run = this.tables.runs.get(id);
    if (run?.status === RunStatus.Running && takeOver) run.attempt++;
    else if (run?.status !== RunStatus.Queued) return null;
    Object.assign(run, { status: RunStatus.Running, startedAt });
    return copy(run);
  }

  async finish(id: string, outcome: RunOutcome): Promise<TaskRun | null> {
    const run = this.tables.runs.get(id);
    if (!run) return null;
    Object.assign(run, outcome);
    return copy(run);
  }

  async requeue(id: string): Promise<TaskRun | null> {
    const run = this.tables.runs.get(id);
    if (run?.status !== RunStatus.Running) return null;
    Object.assign(run, { status: RunStatus.Queued, startedAt: null, attempt: run.attempt + 1 });
    return copy(run);
  }
}

/** Keeps everything in this process: for tests and demos, nothing survives a restart. */
export function openMemoryTaskStore(): TaskStore {
  const tables = new MemoryTables();
  return {
    tasks: new MemoryTaskRepository(tables),
    runs: new MemoryRunRepository(tables),
    close: async () => {},
  };
}
