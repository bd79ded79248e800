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
import BetterSqlite3, { Database, Statement } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { TaskStore } from '../task-store';
import { migrate } from './migrations';

interface TaskRow {
  id: string;
  name: string;
  description: string | null;
  task_type: string;
  payload: string;
  scheduled_at: number;
  repeat_interval: string | null;
  cron_expression: string | null;
  timezone: string;
  priority: string;
  target: string | null;
  status: string;
  next_run_at: number | null;
  last_run_at: number | null;
  run_count: number;
  created_at: number;
  updated_at: number;
  version: number;
}

interface RunRow {
  id: string;
  task_id: string;
  scheduled_for: number;
  enqueued_at: number;
  started_at: number | null;
  finished_at: number | null;
  status: string;
  attempt: number;
  error: string | null;
}

const toMillis = (date: Date | null): number | null => (date ? date.getTime() : null);
const toDate = (millis: number | null): Date | null => (millis === null ? null : new Date(millis));

function taskFromRow(row: TaskRow): Task {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    taskType: row.task_type as Task['taskType'],
    payload: JSON.parse(row.payload),
    scheduledAt: new Date(row.scheduled_at),
    repeatInterval: row.repeat_interval as Task['repeatInterval'],
    cronExpression: row.cron_expression,
    timezone: row.timezone,
    priority: row.priority as Task['priority'],
    target: row.target === null ? null : JSON.parse(row.target),
    status: row.status as TaskStatus,
    nextRunAt: toDate(row.next_run_at),
    lastRunAt: toDate(row.last_run_at),
    runCount: row.run_count,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    version: row.version,
  };
}

/** Column values for the task fields that are present in `task`. */
function taskColumns(task: Partial<Task>): Record<string, unknown> {
  const columns: Record<string, unknown> = {
    id: task.id,
    name: task.name,
    description: task.description,
    task_type: task.taskType,
    payload: task.payload === undefined ? undefined : JSON.stringify(task.payload),
    scheduled_at: task.scheduledAt?.getTime(),
    repeat_interval: task.repeatInterval,
    cron_expression: task.cronExpression,
    timezone: task.timezone,
    priority: task.priority,
    target: task.target === undefined ? undefined : task.target && JSON.stringify(task.target),
    status: task.status,
    next_run_at: task.nextRunAt === undefined ? undefined : toMillis(task.nextRunAt),
    last_run_at: task.lastRunAt === undefined ? undefined : toMillis(task.lastRunAt),
    run_count: task.runCount,
    created_at: task.createdAt?.getTime(),
    updated_at: task.updatedAt?.getTime(),
    version: task.version,
  };
  return Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));
}

function runFromRow(row: RunRow): TaskRun {
  return {
    id: row.id,
    taskId: row.task_id,
    scheduledFor: new Date(row.scheduled_for),
    enqueuedAt: new Date(row.enqueued_at),
    startedAt: toDate(row.started_at),
    finishedAt: toDate(row.finished_at),
    status: row.status as RunStatus,
    attempt: row.attempt,
    error: row.error,
  };
}

function runColumns(run: TaskRun): RunRow {
  return {
    id: run.id,
    task_id: run.taskId,
    scheduled_for: run.scheduledFor.getTime(),
    enqueued_at: run.enqueuedAt.getTime(),
    started_at: toMillis(run.startedAt),
    finished_at: toMillis(run.finishedAt),
    status: run.status,
    attempt: run.attempt,
    error: run.error,
  };
}

/**
 * The connection, compiling each SQL text once: the firing path runs the same few statements for
 * every occurrence, and compiling costs more than running them.
 */
class SqliteConnection {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  transaction<T>(work: () => T): () => T {
    return this.db.transaction(work);
  }
}

const INSERT_RUN = `INSERT INTO task_runs (id, task_id, scheduled_for, enqueued_at, started_at, finished_at, status, attempt, error)
  VALUES (@id, @task_id, @scheduled_for, @enqueued_at, @started_at, @finished_at, @status, @attempt, @error)`;
const CLAIM_TASK = `UPDATE tasks SET next_run_at = @next_run_at, status = @status, last_run_at = @at,
    run_count = run_count + 1, updated_at = @at, version = version + 1
  WHERE id = @id AND status = 'active' AND next_run_at = @scheduled_for`;
const COUNT_MANUAL_RUN = `UPDATE tasks SET last_run_at = @at, run_count = run_count + 1, updated_at = @at WHERE id = @id`;

class SqliteTaskRepository extends TaskRepository {
  constructor(private readonly db: SqliteConnection) {
    super();
  }

  async insert(task: Task): Promise<void> {
    const columns = taskColumns(task);
    const names = Object.keys(columns);
    this.db
      .prepare(
        `INSERT INTO tasks (${names.join(', ')}) VALUES (${names.map((n) => '@' + n).join(', ')})`,
      )
      .run(columns);
  }

  async findById(id: string): Promise<Task | null> {
    return this.selectTask(id);
  }

  async list(query: TaskQuery, page: PageRequest): Promise<Page<Task>> {
    const conditions: string[] = [];
    const parameters: Record<string, unknown> = {};
    if (query.taskType !== undefined) {
      conditions.push('task_type = @task_type');
      parameters.task_type = query.taskType;
    }
    if (query.isActive !== undefined) {
      conditions.push(query.isActive ? "status = 'active'" : "status <> 'active'");
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const { total } = this.db
      .prepare(`SELECT COUNT(*) AS total FROM tasks ${where}`)
      .get(parameters) as { total: number };
    const rows = this.db
      .prepare(`SELECT * FROM tasks ${where} ORDER BY created_at, id LIMIT @limit OFFSET @offset`)
      .all({ ...parameters, limit: page.size, offset: (page.page - 1) * page.size }) as TaskRow[];
    return { items: rows.map(taskFromRow), total };
  }

  async update(id: string, changes: TaskChanges, expectedVersion: number): Promise<Task | null> {
    const columns = taskColumns(changes);
    const assignments = [
      ...Object.keys(columns).map((name) => `${name} = @${name}`),
      'version = version + 1',
    ];
    const { changes: updated } = this.db
      .prepare(
        `UPDATE tasks SET ${assignments.join(', ')} WHERE id = @id AND version = @expected_version`,
      )
      .run({ ...columns, id, expected_version: expectedVersion });
    return updated > 0 ? this.selectTask(id) : null;
  }

  async delete(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM tasks WHERE id = ?').run(id).changes > 0;
  }

  async listScheduled(): Promise<Array<Pick<Task, 'id' | 'nextRunAt'>>> {
    const rows = this.db
      .prepare(
        "SELECT id, next_run_at FROM tasks WHERE status = 'active' AND next_run_at IS NOT NULL",
      )
      .all() as Array<Pick<TaskRow, 'id' | 'next_run_at'>>;
    return rows.map((row) => ({ id: row.id, nextRunAt: toDate(row.next_run_at) }));
  }

  async claimOccurrence(claim: OccurrenceClaim): Promise<Task | null> {
    const claimed = this.db.transaction(() => {
      const { changes } = this.db.prepare(CLAIM_TASK).run({
        id: claim.taskId,
        scheduled_for: claim.scheduledFor.getTime(),
        next_run_at: toMillis(claim.nextRunAt),
        status: claim.nextRunAt ? TaskStatus.Active : TaskStatus.Completed,
        at: claim.run.enqueuedAt.getTime(),
      });
      if (changes === 0) return false;
      this.db.prepare(INSERT_RUN).run(runColumns(claim.run));
      return true;
    })();
    return claimed ? this.selectTask(claim.taskId) : null;
  }

  async recordManualRun(run: TaskRun): Promise<Task | null> {
    const recorded = this.db.transaction(() => {
      const { changes } = this.db
        .prepare(COUNT_MANUAL_RUN)
        .run({ id: run.taskId, at: run.enqueuedAt.getTime() });
      if (changes === 0) return false;
      this.db.prepare(INSERT_RUN).run(runColumns(run));
      return true;
    })();
    return recorded ? this.selectTask(run.taskId) : null;
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  private selectTask(id: string): Task | null {
    const row = this.db.prepare('SELECT * FROM tasks WHERE id = ?').get(id) as TaskRow | undefined;
    return row ? taskFromRow(row) : null;
  }
}

class SqliteRunRepository extends RunRepository {
  constructor(private readonly db: SqliteConnection) {
    super();
  }

  async findById(id: string): Promise<TaskRun | null> {
    return this.selectRun(id);
  }

  async listByTask(taskId: string, page: PageRequest): Promise<Page<TaskRun>> {
    const { total } = this.db
      .prepare('SELECT COUNT(*) AS total FROM task_runs WHERE task_id = ?')
      .get(taskId) as { total: number };
    const rows = this.db
      .prepare(
        `SELECT * FROM task_runs WHERE task_id = @task_id
         ORDER BY scheduled_for DESC, enqueued_at DESC LIMIT @limit OFFSET @offset`,
      )
      .all({ task_id: taskId, limit: page.size, offset: (page.page - 1) * page.size }) as RunRow[];
    return { items: rows.map(runFromRow), total };
  }

  async listUnfinished(): Promise<TaskRun[]> {
    const rows = this.db
      .prepare("SELECT * FROM task_runs WHERE status IN ('queued', 'running') ORDER BY enqueued_at")
      .all() as RunRow[];
    return rows.map(runFromRow);
  }

  async start(id: string, startedAt: Date, takeOver = false): Promise<TaskRun | null> {
    const { changes } = this.db
      .prepare(
        `UPDATE task_runs SET status = 'running', started_at = @started_at,
           attempt = CASE status WHEN 'running' THEN attempt + 1 ELSE attempt END
         WHERE id = @id AND (status = 'queued' OR (status = 'running' AND @take_over = 1))`,
      )
      .run({ id, started_at: startedAt.getTime(), take_over: takeOver ? 1 : 0 });
    return changes > 0 ? this.selectRun(id) : null;
  }

  async finish(id: string, outcome: RunOutcome): Promise<TaskRun | null> {
    this.db
      .prepare('UPDATE task_runs SET status = ?, finished_at = ?, error = ? WHERE id = ?')
      .run(outcome.status, outcome.finishedAt.getTime(), outcome.error, id);
    return this.selectRun(id);
  }

  async requeue(id: string): Promise<TaskRun | null> {
    const { changes } = this.db
      .prepare(
        `UPDATE task_runs SET status = 'queued', started_at = NULL, attempt = attempt + 1
         WHERE id = ? AND status = 'running'`,
      )
      .run(id);
    return changes > 0 ? this.selectRun(id) : null;
  }

  private selectRun(id: string): TaskRun | null {
    const row = this.db.prepare('SELECT * FROM task_runs WHERE id = ?').get(id) as
      RunRow | undefined;
    return row ? runFromRow(row) : null;
  }
}

/** Opens (creating it and its folder on first use) and migrates the SQLite file at `path`. */
export function openSqliteTaskStore(path: string): TaskStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path);
  // WAL keeps readers off the writer's back; NORMAL sync loses nothing when the process crashes.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  const connection = new SqliteConnection(db);
  return {
    tasks: new SqliteTaskRepository(connection),
    runs: new SqliteRunRepository(connection),
    close: async () => {
      db.close();
    },
  };
}
