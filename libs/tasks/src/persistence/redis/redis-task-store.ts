import {
  OccurrenceClaim,
  Page,
  PageRequest,
  RunOutcome,
  RunRepository,
  Task,
  TaskChanges,
  TaskQuery,
  TaskRepository,
  TaskRun,
  TaskStatus,
  TaskType,
} from '@app/contracts';
import { RedisConnectionOptions, createRedisClient } from '@app/redis';
import type { Redis } from 'ioredis';
import { TaskStore } from '../task-store';
import {
  CLAIM_OCCURRENCE,
  DELETE_TASK,
  FINISH_RUN,
  RECORD_MANUAL_RUN,
  REQUEUE_RUN,
  START_RUN,
  UPDATE_TASK,
} from './redis-scripts';

const TASK_DATES = new Set(['scheduledAt', 'nextRunAt', 'lastRunAt', 'createdAt', 'updatedAt']);
const RUN_DATES = new Set(['scheduledFor', 'enqueuedAt', 'startedAt', 'finishedAt']);

/** Hash fields for the given values: JSON, with dates as epoch milliseconds. */
function toFields(values: object): string[] {
  return Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .flatMap(([field, value]) => [
      field,
      JSON.stringify(value instanceof Date ? value.getTime() : value),
    ]);
}

function fromFields<T>(reply: string[] | Record<string, string>, dates: Set<string>): T {
  const pairs = Array.isArray(reply)
    ? Array.from({ length: reply.length / 2 }, (_, index) => [
        reply[2 * index],
        reply[2 * index + 1],
      ])
    : Object.entries(reply);
  return Object.fromEntries(
    pairs.map(([field, raw]) => {
      const value = JSON.parse(raw);
      return [field, dates.has(field) && value !== null ? new Date(value) : value];
    }),
  ) as T;
}

const toTask = (reply: string[] | Record<string, string>) => fromFields<Task>(reply, TASK_DATES);
const toRun = (reply: string[] | Record<string, string>) => fromFields<TaskRun>(reply, RUN_DATES);

/** The hashes at `keys`, in order, in one round trip; keys deleted meanwhile are left out. */
async function readHashes(redis: Redis, keys: string[]): Promise<Record<string, string>[]> {
  if (keys.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const key of keys) pipeline.hgetall(key);
  return ((await pipeline.exec()) ?? [])
    .map(([, fields]) => fields as Record<string, string>)
    .filter((fields) => Object.keys(fields).length > 0);
}

/** Run history is ordered by occurrence, then by enqueue time (the member's sortable prefix). */
const runMember = (run: TaskRun) =>
  `${String(run.enqueuedAt.getTime()).padStart(15, '0')}:${run.id}`;
const runIdOf = (member: string) => member.slice(member.indexOf(':') + 1);

/** A new run as the recording scripts take it (RUN_ARGS in redis-scripts.ts). */
const runArgs = (run: TaskRun) => [
  run.id,
  runMember(run),
  String(run.scheduledFor.getTime()),
  String(run.enqueuedAt.getTime()),
  ...toFields(run),
];

/**
 * Key layout, under the configured prefix:
 * - `task:<id>` hash of the task; `tasks` (all), `tasks:type:<type>` and `tasks:active` sorted
 *   sets scored by creation time, for stable listing; `schedule` sorted set scored by next run.
 * - `run:<id>` hash of a run; `runs-of:<task id>` sorted set by occurrence; `runs:unfinished`.
 * Every change that spans keys is one Lua script, so it is atomic.
 */
class RedisKeys {
  constructor(private readonly prefix: string) {}
  task = (id: string) => `${this.prefix}task:${id}`;
  taskRuns = (id: string) => `${this.prefix}runs-of:${id}`;
  run = (id: string) => `${this.prefix}run:${id}`;
  runPrefix = () => `${this.prefix}run:`;
  all = () => `${this.prefix}tasks`;
  byType = (type: TaskType) => `${this.prefix}tasks:type:${type}`;
  active = () => `${this.prefix}tasks:active`;
  schedule = () => `${this.prefix}schedule`;
  unfinished = () => `${this.prefix}runs:unfinished`;
}

class RedisTaskRepository extends TaskRepository {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    super();
  }

  async insert(task: Task): Promise<void> {
    const created = task.createdAt.getTime();
    const transaction = this.redis
      .multi()
      .hset(this.keys.task(task.id), ...toFields(task))
      .zadd(this.keys.all(), created, task.id)
      .zadd(this.keys.byType(task.taskType), created, task.id);
    if (task.status === TaskStatus.Active) {
      transaction.zadd(this.keys.active(), created, task.id);
      if (task.nextRunAt) transaction.zadd(this.keys.schedule(), task.nextRunAt.getTime(), task.id);
    }
    await transaction.exec();
  }

  async findById(id: string): Promise<Task | null> {
    const fields = await this.redis.hgetall(this.keys.task(id));
    return Object.keys(fields).length > 0 ? toTask(fields) : null;
  }

  async list(query: TaskQuery, page: PageRequest): Promise<Page<Task>> {
    const start = (page.page - 1) * page.size;
    const base = query.taskType ? this.keys.byType(query.taskType) : this.keys.all();
    let ids: string[];
    let total: number;
    if (query.isActive === undefined || (query.isActive && !query.taskType)) {
      const key = query.isActive ? this.keys.active() : base;
      [total, ids] = await Promise.all([
        this.redis.zcard(key),
        this.redis.zrange(key, start, start + page.size - 1),
      ]);
    } else {
      const matching = query.isActive
        ? await this.redis.zinter(2, base, this.keys.active(), 'WEIGHTS', 1, 0)
        : await this.redis.zdiff(2, base, this.keys.active());
      total = matching.length;
      ids = matching.slice(start, start + page.size);
    }
    return { items: await this.loadTasks(ids), total };
  }

  async update(id: string, changes: TaskChanges, expectedVersion: number): Promise<Task | null> {
    const reply = (await this.redis.eval(
      UPDATE_TASK,
      3,
      this.keys.task(id),
      this.keys.active(),
      this.keys.schedule(),
      id,
      String(expectedVersion),
      ...toFields(changes),
    )) as string[] | null;
    return reply ? toTask(reply) : null;
  }

  async delete(id: string): Promise<boolean> {
    const keys = [
      this.keys.task(id),
      this.keys.all(),
      this.keys.byType(TaskType.Scheduled),
      this.keys.byType(TaskType.Repeated),
      this.keys.active(),
      this.keys.schedule(),
      this.keys.taskRuns(id),
      this.keys.unfinished(),
    ];
    return (
      (await this.redis.eval(DELETE_TASK, keys.length, ...keys, id, this.keys.runPrefix())) === 1
    );
  }

  async listScheduled(): Promise<Array<Pick<Task, 'id' | 'nextRunAt'>>> {
    const flat = await this.redis.zrange(this.keys.schedule(), 0, -1, 'WITHSCORES');
    return Array.from({ length: flat.length / 2 }, (_, index) => ({
      id: flat[2 * index],
      nextRunAt: new Date(Number(flat[2 * index + 1])),
    }));
  }

  async claimOccurrence(claim: OccurrenceClaim): Promise<Task | null> {
    const reply = (await this.redis.eval(
      CLAIM_OCCURRENCE,
      6,
      this.keys.task(claim.taskId),
      this.keys.active(),
      this.keys.schedule(),
      this.keys.taskRuns(claim.taskId),
      this.keys.unfinished(),
      this.keys.run(claim.run.id),
      claim.taskId,
      String(claim.scheduledFor.getTime()),
      JSON.stringify(claim.nextRunAt ? claim.nextRunAt.getTime() : null),
      JSON.stringify(claim.nextRunAt ? TaskStatus.Active : TaskStatus.Completed),
      ...runArgs(claim.run),
    )) as string[] | null;
    return reply ? toTask(reply) : null;
  }

  async recordManualRun(run: TaskRun): Promise<Task | null> {
    const reply = (await this.redis.eval(
      RECORD_MANUAL_RUN,
      4,
      this.keys.task(run.taskId),
      this.keys.taskRuns(run.taskId),
      this.keys.unfinished(),
      this.keys.run(run.id),
      ...runArgs(run),
    )) as string[] | null;
    return reply ? toTask(reply) : null;
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  private async loadTasks(ids: string[]): Promise<Task[]> {
    return (await readHashes(this.redis, ids.map(this.keys.task))).map(toTask);
  }
}

class RedisRunRepository extends RunRepository {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    super();
  }

  async findById(id: string): Promise<TaskRun | null> {
    const fields = await this.redis.hgetall(this.keys.run(id));
    return Object.keys(fields).length > 0 ? toRun(fields) : null;
  }

  async listByTask(taskId: string, page: PageRequest): Promise<Page<TaskRun>> {
    const start = (page.page - 1) * page.size;
    const key = this.keys.taskRuns(taskId);
    const [total, members] = await Promise.all([
      this.redis.zcard(key),
      this.redis.zrevrange(key, start, start + page.size - 1),
    ]);
    return { items: await this.loadRuns(members.map(runIdOf)), total };
  }

  async listUnfinished(): Promise<TaskRun[]> {
    return this.loadRuns(await this.redis.zrange(this.keys.unfinished(), 0, -1));
  }

  async start(id: string, startedAt: Date, takeOver = false): Promise<TaskRun | null> {
    const reply = (await this.redis.eval(
      START_RUN,
      1,
      this.keys.run(id),
      String(startedAt.getTime()),
      takeOver ? '1' : '0',
    )) as string[] | null;
    return reply ? toRun(reply) : null;
  }

  async finish(id: string, outcome: RunOutcome): Promise<TaskRun | null> {
    const reply = (await this.redis.eval(
      FINISH_RUN,
      2,
      this.keys.run(id),
      this.keys.unfinished(),
      id,
      ...toFields(outcome),
    )) as string[] | null;
    return reply ? toRun(reply) : null;
  }

  async requeue(id: string): Promise<TaskRun | null> {
    const reply = (await this.redis.eval(REQUEUE_RUN, 1, this.keys.run(id))) as string[] | null;
    return reply ? toRun(reply) : null;
  }

  private async loadRuns(ids: string[]): Promise<TaskRun[]> {
    return (await readHashes(this.redis, ids.map(this.keys.run))).map(toRun);
  }
}

/** Tasks and runs in Redis, shared by every process of a split deployment. */
export function openRedisTaskStore(options: RedisConnectionOptions): TaskStore {
  const redis = createRedisClient(options.url, 'task-store');
  const keys = new RedisKeys(options.keyPrefix);
  return {
    tasks: new RedisTaskRepository(redis, keys),
    runs: new RedisRunRepository(redis, keys),
    close: async () => {
      await redis.quit().catch(() => undefined);
    },
  };
}
