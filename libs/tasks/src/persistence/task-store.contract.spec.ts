import { JobPriority, RunStatus, Task, TaskRun, TaskStatus, TaskType } from '@app/contracts';
import { RepeatInterval } from '@app/contracts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  REDIS_URL,
  deleteKeys,
  describeWithRedis,
  uniqueKeyPrefix,
} from '../../../../test/support/redis';
import { openMemoryTaskStore } from './memory/memory-task-store';
import { openRedisTaskStore } from './redis/redis-task-store';
import { openSqliteTaskStore } from './sqlite/sqlite-task-store';
import { TaskStore } from './task-store';

const folder = mkdtempSync(join(tmpdir(), 'task-store-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let counter = 0;
const at = (seconds: number) => new Date(Date.UTC(2030, 0, 1) + seconds * 1000);

function aTask(overrides: Partial<Task> = {}): Task {
  counter++;
  return {
    id: `task-${String(counter).padStart(4, '0')}`,
    name: `Task ${counter}`,
    description: null,
    taskType: TaskType.Repeated,
    payload: { nested: { list: [1, 'two', null] }, unicode: 'é✓' },
    scheduledAt: at(0),
    repeatInterval: RepeatInterval.Daily,
    cronExpression: null,
    timezone: 'Europe/Berlin',
    priority: JobPriority.Normal,
    target: { type: 'webhook', url: 'http://127.0.0.1/hook', headers: { a: 'b' } },
    status: TaskStatus.Active,
    nextRunAt: at(60),
    lastRunAt: null,
    runCount: 0,
    createdAt: at(counter),
    updatedAt: at(counter),
    version: 0,
    ...overrides,
  };
}

function aRun(taskId: string, overrides: Partial<TaskRun> = {}): TaskRun {
  counter++;
  return {
    id: `run-${counter}`,
    taskId,
    scheduledFor: at(60),
    enqueuedAt: at(61),
    startedAt: null,
    finishedAt: null,
    status: RunStatus.Queued,
    attempt: 1,
    error: null,
    ...overrides,
  };
}

const redisPrefix = uniqueKeyPrefix('task-store');

// One contract, every backend: what passes on memory must mean the same on sqlite and Redis.
describe.each([
  ['memory', describe, () => openMemoryTaskStore()],
  ['sqlite', describe, () => openSqliteTaskStore(join(folder, `store-${++counter}.sqlite`))],
  [
    'redis',
    describeWithRedis,
    () => openRedisTaskStore({ url: REDIS_URL, keyPrefix: `${redisPrefix}${++counter}:` }),
  ],
])('Task store contract: %s', (_backend, describeBackend, open: () => TaskStore) => {
  describeBackend('', () => {
    let store: TaskStore;
    beforeEach(() => (store = open()));
    afterEach(() => store.close());
    afterAll(() => deleteKeys(redisPrefix));

    it('stores and reads back every field of a task', async () => {
      const task = aTask({ description: 'with description', lastRunAt: at(5), runCount: 3 });
      await store.tasks.insert(task);

      expect(await store.tasks.findById(task.id)).toEqual(task);
      expect(await store.tasks.findById('missing')).toBeNull();
    });

    it('returns copies: changing a returned task does not change the store', async () => {
      const task = aTask();
      await store.tasks.insert(task);
      const read = (await store.tasks.findById(task.id))!;
      read.payload.changed = true;
      read.name = 'changed';

      expect(await store.tasks.findById(task.id)).toEqual(task);
    });

    it('lists oldest first, filters and pages', async () => {
      const tasks = [
        aTask({ taskType: TaskType.Scheduled, repeatInterval: null }),
        aTask({ status: TaskStatus.Paused, nextRunAt: null }),
        aTask(),
        aTask({
          status: TaskStatus.Completed,
          nextRunAt: null,
          taskType: TaskType.Scheduled,
          repeatInterval: null,
        }),
      ];
      for (const task of [...tasks].reverse()) await store.tasks.insert(task);
      const ids = (page: { items: Task[] }) => page.items.map((task) => task.id);

      expect(ids(await store.tasks.list({}, { page: 1, size: 10 }))).toEqual(
        tasks.map((task) => task.id),
      );
      expect(await store.tasks.list({}, { page: 2, size: 3 })).toMatchObject({
        total: 4,
        items: [{ id: tasks[3].id }],
      });
      expect(ids(await store.tasks.list({ isActive: true }, { page: 1, size: 10 }))).toEqual([
        tasks[0].id,
        tasks[2].id,
      ]);
      expect(
        ids(
          await store.tasks.list(
            { isActive: false, taskType: TaskType.Scheduled },
            { page: 1, size: 10 },
          ),
        ),
      ).toEqual([tasks[3].id]);
      expect(await store.tasks.listScheduled()).toEqual(
        expect.arrayContaining([
          { id: tasks[0].id, nextRunAt: at(60) },
          { id: tasks[2].id, nextRunAt: at(60) },
        ]),
      );
      expect(await store.tasks.listScheduled()).toHaveLength(2);
    });

    it('updates only the given fields, including setting them to null', async () => {
      const task = aTask({ description: 'old' });
      await store.tasks.insert(task);

      const updated = await store.tasks.update(
        task.id,
        { description: null, name: 'new', nextRunAt: null, target: null },
        0,
      );

      expect(updated).toEqual({
        ...task,
        description: null,
        name: 'new',
        nextRunAt: null,
        target: null,
        version: 1,
      });
      expect(await store.tasks.update('missing', { name: 'x' }, 0)).toBeNull();
    });

    it('refuses an update based on a version that has moved on, e.g. by a claim', async () => {
      const task = aTask();
      await store.tasks.insert(task);
      const claimed = await store.tasks.claimOccurrence({
        taskId: task.id,
        scheduledFor: at(60),
        nextRunAt: null,
        run: aRun(task.id),
      });
      expect(claimed).toMatchObject({ status: TaskStatus.Completed, version: 1 });

      expect(await store.tasks.update(task.id, { status: TaskStatus.Paused }, 0)).toBeNull();
      expect(await store.tasks.findById(task.id)).toMatchObject({ status: TaskStatus.Completed });
      expect(await store.tasks.update(task.id, { name: 'renamed' }, 1)).toMatchObject({
        name: 'renamed',
        status: TaskStatus.Completed,
        version: 2,
      });
      expect(await store.tasks.listScheduled()).toEqual([]);
    });

    it('claims an occurrence once: records the run and advances the task atomically', async () => {
      const task = aTask({ runCount: 2 });
      await store.tasks.insert(task);
      const run = aRun(task.id);

      const claimed = await store.tasks.claimOccurrence({
        taskId: task.id,
        scheduledFor: at(60),
        nextRunAt: at(120),
        run,
      });

      expect(claimed).toMatchObject({
        nextRunAt: at(120),
        lastRunAt: run.enqueuedAt,
        runCount: 3,
        status: TaskStatus.Active,
      });
      expect(await store.runs.findById(run.id)).toEqual(run);
      const again = await store.tasks.claimOccurrence({
        taskId: task.id,
        scheduledFor: at(60),
        nextRunAt: at(120),
        run: aRun(task.id),
      });
      expect(again).toBeNull();
      expect((await store.runs.listByTask(task.id, { page: 1, size: 10 })).total).toBe(1);
    });

    it('gives a contended occurrence to exactly one of many concurrent claims', async () => {
      const task = aTask();
      await store.tasks.insert(task);

      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          store.tasks.claimOccurrence({
            taskId: task.id,
            scheduledFor: at(60),
            nextRunAt: at(120),
            run: aRun(task.id),
          }),
        ),
      );

      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store.tasks.findById(task.id))!.runCount).toBe(1);
    });

    it('refuses to claim for a paused task or a task that no longer exists', async () => {
      const paused = aTask({ status: TaskStatus.Paused });
      await store.tasks.insert(paused);

      expect(
        await store.tasks.claimOccurrence({
          taskId: paused.id,
          scheduledFor: at(60),
          nextRunAt: null,
          run: aRun(paused.id),
        }),
      ).toBeNull();
      expect(
        await store.tasks.claimOccurrence({
          taskId: 'gone',
          scheduledFor: at(60),
          nextRunAt: null,
          run: aRun('gone'),
        }),
      ).toBeNull();
    });

    it('completes a task whose last occurrence is claimed', async () => {
      const task = aTask({ taskType: TaskType.Scheduled, repeatInterval: null });
      await store.tasks.insert(task);

      const claimed = await store.tasks.claimOccurrence({
        taskId: task.id,
        scheduledFor: at(60),
        nextRunAt: null,
        run: aRun(task.id),
      });

      expect(claimed).toMatchObject({ status: TaskStatus.Completed, nextRunAt: null, runCount: 1 });
      expect(await store.tasks.listScheduled()).toEqual([]);
    });

    it('records a manual run without touching the schedule', async () => {
      const task = aTask();
      await store.tasks.insert(task);
      const run = aRun(task.id);

      expect(await store.tasks.recordManualRun(run)).toMatchObject({
        nextRunAt: task.nextRunAt,
        runCount: 1,
        lastRunAt: run.enqueuedAt,
      });
      expect(await store.tasks.recordManualRun(aRun('gone'))).toBeNull();
      expect(await store.runs.findById(run.id)).toEqual(run);
    });

    it('moves runs through queued, running and finished, starting each only once', async () => {
      const task = aTask();
      await store.tasks.insert(task);
      const run = aRun(task.id);
      await store.tasks.recordManualRun(run);

      const started = await store.runs.start(run.id, at(62));
      expect(started).toMatchObject({ status: RunStatus.Running, startedAt: at(62) });
      expect(await store.runs.start(run.id, at(63))).toBeNull();
      expect(await store.runs.listUnfinished()).toEqual([started]);

      const requeued = await store.runs.requeue(run.id);
      expect(requeued).toMatchObject({ status: RunStatus.Queued, startedAt: null, attempt: 2 });
      expect(await store.runs.requeue(run.id)).toBeNull();

      await store.runs.start(run.id, at(64));
      const finished = await store.runs.finish(run.id, {
        status: RunStatus.Failed,
        finishedAt: at(65),
        error: 'nope',
      });
      expect(finished).toMatchObject({
        status: RunStatus.Failed,
        finishedAt: at(65),
        error: 'nope',
        attempt: 2,
      });
      expect(await store.runs.listUnfinished()).toEqual([]);
      expect(await store.runs.start('missing', at(66))).toBeNull();
    });

    it('lets a redelivered job take over a run its dead worker left running, as the next attempt', async () => {
      const task = aTask();
      await store.tasks.insert(task);
      const run = aRun(task.id);
      await store.tasks.recordManualRun(run);
      await store.runs.start(run.id, at(62));

      expect(await store.runs.start(run.id, at(63))).toBeNull();
      expect(await store.runs.start(run.id, at(90), true)).toMatchObject({
        status: RunStatus.Running,
        startedAt: at(90),
        attempt: 2,
      });
      await store.runs.finish(run.id, {
        status: RunStatus.Succeeded,
        finishedAt: at(91),
        error: null,
      });
      expect(await store.runs.start(run.id, at(92), true)).toBeNull();
    });

    it('lists a task runs newest first and pages them', async () => {
      const task = aTask();
      await store.tasks.insert(task);
      const runs = [
        aRun(task.id, { scheduledFor: at(10) }),
        aRun(task.id, { scheduledFor: at(30) }),
        aRun(task.id, { scheduledFor: at(20) }),
      ];
      for (const run of runs) await store.tasks.recordManualRun(run);

      const page = await store.runs.listByTask(task.id, { page: 1, size: 2 });
      expect(page.total).toBe(3);
      expect(page.items.map((run) => run.id)).toEqual([runs[1].id, runs[2].id]);
      expect(
        (await store.runs.listByTask(task.id, { page: 2, size: 2 })).items.map((run) => run.id),
      ).toEqual([runs[0].id]);
    });

    it('deletes a task together with its run history', async () => {
      const task = aTask();
      await store.tasks.insert(task);
      const run = aRun(task.id);
      await store.tasks.recordManualRun(run);

      expect(await store.tasks.delete(task.id)).toBe(true);
      expect(await store.tasks.delete(task.id)).toBe(false);
      expect(await store.runs.findById(run.id)).toBeNull();
      expect(await store.runs.start(run.id, at(70))).toBeNull();
    });
  });
});

describe('SQLite task store', () => {
  it('creates its file and folder, and keeps data across reopening', async () => {
    const path = join(folder, 'deep', 'er', 'scheduler.sqlite');
    const first = openSqliteTaskStore(path);
    const task = aTask();
    await first.tasks.insert(task);
    await first.close();

    const second = openSqliteTaskStore(path);
    expect(await second.tasks.findById(task.id)).toEqual(task);
    await second.close();
  });

  it('refuses a database written by a newer schema version', async () => {
    const path = join(folder, 'future.sqlite');
    await openSqliteTaskStore(path).close();
    const BetterSqlite3 = (await import('better-sqlite3')).default;
    const raw = new BetterSqlite3(path);
    raw.pragma('user_version = 99');
    raw.close();

    expect(() => openSqliteTaskStore(path)).toThrow(/schema version 99 is newer/);
  });
});
