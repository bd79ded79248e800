import type { Database } from 'better-sqlite3';

/**
 * Schema versions, applied in order and recorded in `PRAGMA user_version`. Never edit a shipped
 * migration: append a new one.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE tasks (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT,
    task_type TEXT NOT NULL,
    payload TEXT NOT NULL,
    scheduled_at INTEGER NOT NULL,
    repeat_interval TEXT,
    cron_expression TEXT,
    timezone TEXT NOT NULL,
    priority TEXT NOT NULL,
    target TEXT,
    status TEXT NOT NULL,
    next_run_at INTEGER,
    last_run_at INTEGER,
    run_count INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX tasks_by_creation ON tasks (created_at, id);
  CREATE INDEX tasks_by_next_run ON tasks (status, next_run_at);
  CREATE TABLE task_runs (
    id TEXT PRIMARY KEY,
    task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    scheduled_for INTEGER NOT NULL,
    enqueued_at INTEGER NOT NULL,
    started_at INTEGER,
    finished_at INTEGER,
    status TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    error TEXT
  );
  CREATE INDEX task_runs_by_task ON task_runs (task_id, scheduled_for DESC, enqueued_at DESC);
  CREATE INDEX task_runs_by_status ON task_runs (status, enqueued_at);
  `,
  // 2: updates became compare-and-set on a version counter.
  `ALTER TABLE tasks ADD COLUMN version INTEGER NOT NULL DEFAULT 0;`,
];

/** Brings the database up to the newest schema; refuses a database newer than this code. */
export function migrate(db: Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `Database schema version ${current} is newer than this build knows (${MIGRATIONS.length}); upgrade the service`,
    );
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
