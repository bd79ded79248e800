/**
 * The split deployment as docker-compose.multi.yml describes it, without Docker: each app service's
 * `command` runs as its own OS process with that service's environment, pointed at the test Redis
 * (a key prefix of its own). Proves the services together behave as one scheduler.
 */
import { validateEnvironment } from '@app/config';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { commandOf, containerPorts, environmentOf, freePort, readCompose } from './support/compose';
import { ApiClient } from './support/http-client';
import { REDIS_URL, deleteKeys, describeWithRedis, uniqueKeyPrefix } from './support/redis';
import { ServiceProcess } from './support/service-process';
import { sleep, waitFor } from './support/test-app';
import { WebhookReceiver } from './support/webhook-receiver';

const COMPOSE_FILE = 'docker-compose.multi.yml';
const APPS = ['api', 'scheduler', 'messaging'] as const;
const READY: Record<(typeof APPS)[number], string> = {
  api: 'Task scheduler API started',
  scheduler: 'Task scheduler engine started',
  messaging: 'Task scheduler messaging started',
};

describe(`${COMPOSE_FILE}`, () => {
  const compose = readCompose(COMPOSE_FILE);

  it('runs redis with append-only persistence and a health check', () => {
    const redis = compose.services.redis;
    expect(redis.image).toMatch(/^redis:/);
    expect(String(redis.command)).toMatch(/--appendonly yes/);
    expect(redis.healthcheck?.test).toEqual(expect.arrayContaining(['redis-cli', 'ping']));
    expect(redis.volumes).toEqual(expect.arrayContaining([expect.stringMatching(/:\/data$/)]));
  });

  it.each(APPS)('runs %s from its own bundle, on Redis, once Redis is healthy', (app) => {
    const service = compose.services[app];
    expect(commandOf(service)).toEqual(['node', `dist/apps/${app}/main.js`]);
    const environment = environmentOf(service);
    expect(environment).toMatchObject({
      SCHEDULER_BACKEND: 'redis',
      REDIS_URL: 'redis://redis:6379',
    });
    expect(() => validateEnvironment(environment)).not.toThrow();
    expect(service.depends_on).toEqual({ redis: { condition: 'service_healthy' } });
    expect(existsSync(join(__dirname, '..', 'apps', app, 'src', 'main.ts'))).toBe(true);
  });

  it('publishes the API port and gives the messaging service its workers', () => {
    expect(containerPorts(compose.services.api)).toEqual([
      Number(environmentOf(compose.services.api).PORT),
    ]);
    expect(Number(environmentOf(compose.services.messaging).MESSAGING_WORKERS)).toBeGreaterThan(0);
  });
});

describeWithRedis(`${COMPOSE_FILE} services as processes`, () => {
  const compose = readCompose(COMPOSE_FILE);
  const prefix = uniqueKeyPrefix('split');
  const receiver = new WebhookReceiver();
  const processes: ServiceProcess[] = [];
  let api: ApiClient;

  /** Starts one service as compose would, but on the test Redis; waits until it is ready. */
  async function start(app: (typeof APPS)[number], overrides: Record<string, string> = {}) {
    const service = compose.services[app];
    const process = new ServiceProcess(app, commandOf(service), {
      ...environmentOf(service),
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      ...overrides,
    });
    processes.push(process);
    await process.waitFor(READY[app]);
    return process;
  }
  const running = (app: string) =>
    processes.filter((process) => process.name === app && process.running);
  const webhook = (path: string) => ({ type: 'webhook', url: `${receiver.url}${path}` });
  const oneTime = (path: string, inMs: number) => ({
    name: `one-time ${path}`,
    task_type: 'scheduled',
    payload: { path },
    scheduled_at: new Date(Date.now() + inMs).toISOString(),
    target: webhook(path),
  });
  const runsOf = async (taskId: string) =>
    (await api.get(`/api/v1/tasks/${taskId}/runs?size=100`)).body;

  beforeAll(async () => {
    for (const app of APPS) {
      if (!existsSync(join(__dirname, '..', 'dist', 'apps', app, 'main.js'))) {
        throw new Error(`dist/apps/${app}/main.js is missing: run \`npm run build\` first`);
      }
    }
    await receiver.start();
    const port = String(await freePort());
    await Promise.all([
      start('api', { PORT: port }),
      start('scheduler'),
      // Short, so a job abandoned by a killed worker is taken over within the test.
      start('messaging', { MESSAGING_VISIBILITY_TIMEOUT_MS: '1500' }),
    ]);
    api = new ApiClient(`http://127.0.0.1:${port}`);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(processes.map((process) => process.stop('SIGKILL')));
    await receiver.stop();
    await deleteKeys(prefix);
  });

  afterEach(() => {
    for (const process of processes.filter((candidate) => candidate.crashed)) {
      console.log(`${process.name} exited on its own:\n${process.tail()}`);
    }
  });

  it('fires a task created on the api in the scheduler and delivers it from the messaging process', async () => {
    const { status, body: task } = await api.post('/api/v1/tasks', oneTime('/once', 600));
    expect(status).toBe(201);

    const { runs } = await waitFor(
      async () => {
        const page = await runsOf(task.id);
        return page.runs[0]?.finished_at && page;
      },
      10_000,
      'the run to finish',
    );

    expect(runs).toMatchObject([
      { status: 'succeeded', scheduled_for: task.scheduled_at, attempt: 1 },
    ]);
    expect(receiver.callsTo('/once')).toHaveLength(1);
    expect(receiver.callsTo('/once')[0].body).toMatchObject({
      task_id: task.id,
      run_id: runs[0].id,
    });
    expect((await api.get(`/api/v1/tasks/${task.id}`)).body).toMatchObject({
      status: 'completed',
      run_count: 1,
    });
  }, 20_000);

  it('follows an update made on the api at once: a task moved 250 ms ahead fires then', async () => {
    const { body: task } = await api.post('/api/v1/tasks', oneTime('/moved', 60_000));
    const movedTo = new Date(Date.now() + 250).toISOString();
    await api.put(`/api/v1/tasks/${task.id}`, { scheduled_at: movedTo });

    await waitFor(async () => receiver.callsTo('/moved').length > 0, 5_000, 'the moved task');
    const { runs } = await runsOf(task.id);
    expect(runs[0].scheduled_for).toBe(movedTo);
    // The scheduler knew about the new time before it came: it fired on time, not 250 ms late.
    expect(new Date(runs[0].enqueued_at).getTime() - new Date(movedTo).getTime()).toBeLessThan(250);
  }, 20_000);

  it('stops firing on pause and delete made on the api, and starts again on resume', async () => {
    const { body: task } = await api.post('/api/v1/tasks', {
      name: 'every second',
      task_type: 'repeated',
      payload: {},
      repeat_interval: 'custom',
      cron_expression: '* * * * * *',
      target: webhook('/paused'),
    });
    await waitFor(async () => receiver.callsTo('/paused').length > 0, 5_000, 'a first delivery');

    await api.post(`/api/v1/tasks/${task.id}/pause`);
    await sleep(400);
    const whilePaused = receiver.callsTo('/paused').length;
    await sleep(2_000);
    expect(receiver.callsTo('/paused')).toHaveLength(whilePaused);

    await api.post(`/api/v1/tasks/${task.id}/resume`);
    await waitFor(
      async () => receiver.callsTo('/paused').length > whilePaused,
      5_000,
      'a delivery after resume',
    );
    await api.delete(`/api/v1/tasks/${task.id}`);
    await sleep(400);
    const afterDelete = receiver.callsTo('/paused').length;
    await sleep(1_500);
    expect(receiver.callsTo('/paused')).toHaveLength(afterDelete);

    const { body: deletedEarly } = await api.post('/api/v1/tasks', oneTime('/deleted', 500));
    await api.delete(`/api/v1/tasks/${deletedEarly.id}`);
    await sleep(1_200);
    expect(receiver.callsTo('/deleted')).toHaveLength(0);
  }, 30_000);

  it('finishes a job whose messaging process was killed with SIGKILL mid-delivery', async () => {
    receiver.holding.add('/killed');
    const { body: task } = await api.post('/api/v1/tasks', oneTime('/killed', 200));
    await waitFor(
      async () => receiver.callsTo('/killed').length === 1,
      5_000,
      'the delivery to start',
    );

    const [messaging] = running('messaging');
    await messaging.stop('SIGKILL');
    receiver.release();
    expect((await runsOf(task.id)).runs[0].status).toBe('running');
    await start('messaging', { MESSAGING_VISIBILITY_TIMEOUT_MS: '1500' });

    const { runs } = await waitFor(
      async () => {
        const page = await runsOf(task.id);
        return page.runs[0]?.status === 'succeeded' && page;
      },
      10_000,
      'the abandoned run to be taken over',
    );
    expect(runs).toMatchObject([{ status: 'succeeded', attempt: 2, error: null }]);
    const calls = receiver.callsTo('/killed');
    expect(calls).toHaveLength(2);
    expect(calls.map((call) => call.headers['idempotency-key'])).toEqual([runs[0].id, runs[0].id]);
  }, 30_000);

  it('fires 200 occurrences exactly once with two schedulers running', async () => {
    await start('scheduler');
    expect(running('scheduler')).toHaveLength(2);
    const dueAt = new Date(Math.ceil((Date.now() + 3_000) / 1000) * 1000).toISOString();
    const ids: string[] = [];
    for (let index = 0; index < 200; index++) {
      const { body } = await api.post('/api/v1/tasks', {
        ...oneTime('/bulk', 0),
        scheduled_at: dueAt,
      });
      ids.push(body.id);
    }

    await waitFor(async () => receiver.callsTo('/bulk').length >= 200, 15_000, '200 deliveries');
    await sleep(1_000);

    const delivered = receiver.callsTo('/bulk').map((call) => call.body.task_id);
    expect(delivered).toHaveLength(200);
    expect(new Set(delivered)).toEqual(new Set(ids));
    const totals = await Promise.all(ids.map(async (id) => (await runsOf(id)).total));
    expect(totals.every((total) => total === 1)).toBe(true);
  }, 40_000);

  it('fires a task that fell due while every scheduler was down once, when one starts again', async () => {
    await Promise.all(running('scheduler').map((scheduler) => scheduler.stop('SIGTERM')));
    const { body: task } = await api.post('/api/v1/tasks', oneTime('/downtime', 500));
    await sleep(1_500);
    expect(receiver.callsTo('/downtime')).toHaveLength(0);
    expect((await api.get(`/api/v1/tasks/${task.id}`)).body).toMatchObject({
      status: 'active',
      run_count: 0,
    });

    await start('scheduler');
    await waitFor(async () => receiver.callsTo('/downtime').length > 0, 5_000, 'the overdue task');
    await sleep(1_000);

    expect(receiver.callsTo('/downtime')).toHaveLength(1);
    expect((await api.get(`/api/v1/tasks/${task.id}`)).body).toMatchObject({
      status: 'completed',
      run_count: 1,
    });
  }, 30_000);

  it('stops every service cleanly on SIGTERM', async () => {
    const exits = await Promise.all(
      running('api')
        .concat(running('scheduler'), running('messaging'))
        .map((process) => process.stop('SIGTERM')),
    );
    expect(exits).toEqual(exits.map(() => ({ code: 0, signal: null })));
  }, 20_000);
});
