import { existsSync } from 'node:fs';
import { NotificationBus } from '@app/messaging';
import { RunResponseDto } from '../libs/tasks/src/dto/run-response.dto';
import { ApiClient } from './support/http-client';
import {
  BACKENDS,
  TestApp,
  scratchDirectory,
  sleep,
  startTestApp,
  testStorage,
  waitFor,
} from './support/test-app';
import { WebhookReceiver } from './support/webhook-receiver';

type Run = RunResponseDto;

describe.each(BACKENDS)('Firing tasks on the %s store', (backend, describeBackend) => {
  describeBackend('', () => {
    const storage = testStorage(backend);
    const receiver = new WebhookReceiver();
    let testApp: TestApp;
    let api: ApiClient;

    const webhook = (path: string, headers?: Record<string, string>) => ({
      type: 'webhook',
      url: `${receiver.url}${path}`,
      ...(headers && { headers }),
    });
    const everySecond = (path: string) => ({
      name: `every second ${path}`,
      task_type: 'repeated',
      payload: { path },
      repeat_interval: 'custom',
      cron_expression: '* * * * * *',
      target: webhook(path),
    });
    const runsOf = async (taskId: string): Promise<Run[]> =>
      (await api.get(`/api/v1/tasks/${taskId}/runs?size=100`)).body.runs;
    const finishedRuns = async (taskId: string, count: number) =>
      waitFor(
        async () => {
          const runs = await runsOf(taskId);
          const finished = runs.filter((run) => run.finished_at);
          return finished.length >= count && runs;
        },
        5_000,
        `${count} finished run(s) of ${taskId}`,
      );

    beforeAll(async () => {
      await receiver.start();
      testApp = await startTestApp({
        ...storage.environment(),
        WEBHOOK_TIMEOUT_MS: '1000',
      });
      api = new ApiClient(testApp.baseUrl);
    });

    afterAll(async () => {
      await testApp.close();
      await receiver.stop();
      await storage.dispose();
    });

    it('fires a one-time task at its time, delivers it to the webhook and completes it', async () => {
      const scheduledAt = new Date(Date.now() + 400).toISOString();
      const { body: task } = await api.post('/api/v1/tasks', {
        name: 'One-off webhook',
        task_type: 'scheduled',
        payload: { message: 'hello' },
        scheduled_at: scheduledAt,
        target: webhook('/one-off', { authorization: 'Bearer token' }),
      });
      expect(task.next_run_at).toBe(scheduledAt);

      const [run] = await finishedRuns(task.id, 1);

      expect(run).toMatchObject({
        task_id: task.id,
        scheduled_for: scheduledAt,
        status: 'succeeded',
        attempt: 1,
        error: null,
      });
      expect(new Date(run.enqueued_at).getTime()).toBeGreaterThanOrEqual(
        new Date(scheduledAt).getTime(),
      );
      expect(new Date(run.started_at!).getTime()).toBeGreaterThanOrEqual(
        new Date(run.enqueued_at).getTime(),
      );
      const [call] = receiver.callsTo('/one-off');
      expect(call.body).toEqual({
        task_id: task.id,
        run_id: run.id,
        scheduled_for: scheduledAt,
        payload: { message: 'hello' },
      });
      expect(call.headers).toMatchObject({
        authorization: 'Bearer token',
        'content-type': 'application/json',
        'idempotency-key': run.id,
      });
      const { body: done } = await api.get(`/api/v1/tasks/${task.id}`);
      expect(done).toMatchObject({
        status: 'completed',
        is_active: false,
        next_run_at: null,
        run_count: 1,
      });
      expect(done.last_run_at).toBe(run.enqueued_at);
      expect((await api.get(`/api/v1/tasks/${task.id}/next-runs`)).body.next_runs).toEqual([]);
    });

    it('keeps a completed one-time task completed when an edit does not give it a new time', async () => {
      const scheduledAt = new Date(Date.now() + 200).toISOString();
      const { body: task } = await api.post('/api/v1/tasks', {
        name: 'Done once',
        task_type: 'scheduled',
        payload: {},
        scheduled_at: scheduledAt,
      });
      await finishedRuns(task.id, 1);

      for (const edit of [
        { timezone: 'Asia/Tokyo' },
        { cron_expression: null },
        { scheduled_at: scheduledAt },
        { name: 'renamed' },
      ]) {
        const { status, body } = await api.put(`/api/v1/tasks/${task.id}`, edit);
        expect(status).toBe(200);
        expect({ edit, ...body }).toMatchObject({ edit, status: 'completed', next_run_at: null });
      }
      await sleep(300);
      expect(await runsOf(task.id)).toHaveLength(1);

      const again = new Date(Date.now() + 200).toISOString();
      const { body: reactivated } = await api.put(`/api/v1/tasks/${task.id}`, {
        scheduled_at: again,
      });
      expect(reactivated).toMatchObject({ status: 'active', next_run_at: again });
      await finishedRuns(task.id, 2);
    });

    it('fires a one-time task created a moment in the past (clock skew) at once', async () => {
      const { status, body: task } = await api.post('/api/v1/tasks', {
        name: 'Skewed',
        task_type: 'scheduled',
        payload: {},
        scheduled_at: new Date(Date.now() - 2_000).toISOString(),
      });
      expect(status).toBe(201);

      const [run] = await finishedRuns(task.id, 1);
      expect(run.status).toBe('succeeded');
    });

    it('fires a seconds-level cron task every second and lists its runs newest first', async () => {
      const { body: task } = await api.post('/api/v1/tasks', everySecond('/cron'));

      const runs = await finishedRuns(task.id, 2);
      await api.delete(`/api/v1/tasks/${task.id}`);

      const times = runs.map((run) => new Date(run.scheduled_for).getTime());
      expect(times).toEqual([...times].sort((a, b) => b - a));
      for (const time of times) expect(time % 1000).toBe(0);
      expect(times[0] - times[1]).toBe(1000);
      expect(runs.filter((run) => run.finished_at).every((run) => run.status === 'succeeded')).toBe(
        true,
      );
    });

    it('records a failed run with the reason when the webhook answers 500', async () => {
      const { body: task } = await api.post('/api/v1/tasks', {
        name: 'Broken receiver',
        task_type: 'scheduled',
        payload: {},
        scheduled_at: new Date(Date.now() + 100).toISOString(),
        target: webhook('/fail'),
      });

      const [run] = await finishedRuns(task.id, 1);

      expect(run.status).toBe('failed');
      expect(run.error).toContain('500');
      expect(run.error).toContain('receiver is down');
    });

    it('records a failed run when the webhook cannot be reached', async () => {
      const { body: task } = await api.post('/api/v1/tasks', {
        name: 'Nobody listens',
        task_type: 'scheduled',
        payload: {},
        scheduled_at: new Date(Date.now() + 100).toISOString(),
        target: { type: 'webhook', url: 'http://127.0.0.1:9/closed' },
      });

      const [run] = await finishedRuns(task.id, 1);

      expect(run.status).toBe('failed');
      expect(run.error).toMatch(/webhook POST .* failed/);
    });

    it('stops firing while paused and starts again on resume, without a burst of missed runs', async () => {
      const { body: task } = await api.post('/api/v1/tasks', everySecond('/paused'));
      await finishedRuns(task.id, 1);

      await api.post(`/api/v1/tasks/${task.id}/pause`);
      await sleep(300); // let a job enqueued just before the pause finish
      const whilePaused = receiver.callsTo('/paused').length;
      await sleep(2_200);
      expect(receiver.callsTo('/paused')).toHaveLength(whilePaused);

      const { body: resumed } = await api.post(`/api/v1/tasks/${task.id}/resume`);
      expect(new Date(resumed.next_run_at).getTime()).toBeGreaterThan(Date.now() - 1_000);
      await waitFor(
        async () => receiver.callsTo('/paused').length > whilePaused,
        3_000,
        'a delivery after resume',
      );
      await api.delete(`/api/v1/tasks/${task.id}`);
      expect(receiver.callsTo('/paused').length).toBeLessThanOrEqual(whilePaused + 2);
    });

    it('never fires a deleted or cancelled task again', async () => {
      const { body: deleted } = await api.post('/api/v1/tasks', everySecond('/deleted'));
      const { body: cancelled } = await api.post('/api/v1/tasks', everySecond('/cancelled'));
      await finishedRuns(deleted.id, 1);
      await finishedRuns(cancelled.id, 1);

      await api.delete(`/api/v1/tasks/${deleted.id}`);
      await api.post(`/api/v1/tasks/${cancelled.id}/cancel`);
      await sleep(300);
      const counts = [receiver.callsTo('/deleted').length, receiver.callsTo('/cancelled').length];
      await sleep(2_200);

      expect([receiver.callsTo('/deleted').length, receiver.callsTo('/cancelled').length]).toEqual(
        counts,
      );
      expect((await api.get(`/api/v1/tasks/${cancelled.id}`)).body.status).toBe('cancelled');
    });

    it('reschedules at once when an update moves the time', async () => {
      const { body: task } = await api.post('/api/v1/tasks', {
        name: 'Moved',
        task_type: 'scheduled',
        payload: {},
        scheduled_at: new Date(Date.now() + 3_600_000).toISOString(),
        target: webhook('/moved'),
      });

      const soon = new Date(Date.now() + 300).toISOString();
      await api.put(`/api/v1/tasks/${task.id}`, { scheduled_at: soon });

      const [run] = await finishedRuns(task.id, 1);
      expect(run).toMatchObject({ scheduled_for: soon, status: 'succeeded' });
    });

    it('runs a task on demand without touching its schedule', async () => {
      const { body: task } = await api.post('/api/v1/tasks', {
        name: 'On demand',
        task_type: 'repeated',
        payload: { why: 'manual' },
        scheduled_at: '2024-01-15T09:00:00Z',
        repeat_interval: 'weekly',
        target: webhook('/manual'),
      });

      const { status, body: run } = await api.post(`/api/v1/tasks/${task.id}/run`);

      expect(status).toBe(202);
      expect(run).toMatchObject({ task_id: task.id, status: 'queued', attempt: 1 });
      const [finished] = await finishedRuns(task.id, 1);
      expect(finished).toMatchObject({ id: run.id, status: 'succeeded' });
      expect(receiver.callsTo('/manual')[0].body.run_id).toBe(run.id);
      const { body: after } = await api.get(`/api/v1/tasks/${task.id}`);
      expect(after).toMatchObject({
        next_run_at: task.next_run_at,
        status: 'active',
        run_count: 1,
      });
    });
  });
});

describe('Restarting with the sqlite store', () => {
  const scratch = scratchDirectory();
  const receiver = new WebhookReceiver();
  const environment = () => ({
    SCHEDULER_BACKEND: 'sqlite',
    SQLITE_PATH: `${scratch.path}/scheduler.sqlite`,
    MESSAGING_BACKUP_FILE: `${scratch.path}/jobs_backup.json`,
  });

  beforeAll(() => receiver.start());
  afterAll(async () => {
    await receiver.stop();
    scratch.dispose();
  });

  it('keeps tasks, runs and schedules, and fires a task that fell due while it was down', async () => {
    const first = await startTestApp(environment());
    let api = new ApiClient(first.baseUrl);
    const { body: daily } = await api.post('/api/v1/tasks', {
      name: 'Daily reminder',
      task_type: 'repeated',
      payload: { message: 'hi' },
      scheduled_at: '2024-01-15T09:00:00',
      repeat_interval: 'daily',
      timezone: 'Europe/Berlin',
    });
    const { body: paused } = await api.post('/api/v1/tasks', {
      name: 'Paused',
      task_type: 'repeated',
      payload: {},
      repeat_interval: 'custom',
      cron_expression: '0 0 * * *',
    });
    await api.post(`/api/v1/tasks/${paused.id}/pause`);
    const { body: manual } = await api.post(`/api/v1/tasks/${daily.id}/run`);
    await waitFor(
      async () => (await api.get(`/api/v1/tasks/${daily.id}/runs`)).body.runs[0]?.finished_at,
      5_000,
    );
    const dueSoon = new Date(Date.now() + 1_500).toISOString();
    const { body: oneTime } = await api.post('/api/v1/tasks', {
      name: 'Due while down',
      task_type: 'scheduled',
      payload: {},
      scheduled_at: dueSoon,
      target: { type: 'webhook', url: `${receiver.url}/after-restart` },
    });
    const before = (await api.get('/api/v1/tasks')).body;
    await first.close();

    await sleep(Math.max(0, new Date(dueSoon).getTime() - Date.now()) + 200);
    const second = await startTestApp(environment());
    api = new ApiClient(second.baseUrl);
    try {
      const after = (await api.get('/api/v1/tasks')).body;
      expect(after.total).toBe(3);
      expect(after.tasks.find((task: { id: string }) => task.id === daily.id)).toEqual(
        before.tasks.find((task: { id: string }) => task.id === daily.id),
      );
      expect(after.tasks.find((task: { id: string }) => task.id === paused.id)).toMatchObject({
        status: 'paused',
      });
      const { body: runs } = await api.get(`/api/v1/tasks/${daily.id}/runs`);
      expect(runs).toMatchObject({ total: 1, runs: [{ id: manual.id, status: 'succeeded' }] });
      expect((await api.get(`/api/v1/tasks/${daily.id}/next-runs?count=1`)).body.next_runs).toEqual(
        [daily.next_run_at],
      );

      const { body: overdueRuns } = await waitFor(
        async () => {
          const response = await api.get(`/api/v1/tasks/${oneTime.id}/runs`);
          return response.body.runs[0]?.finished_at && response;
        },
        5_000,
        'the overdue one-time task to run',
      );
      expect(overdueRuns).toMatchObject({
        total: 1,
        runs: [{ scheduled_for: dueSoon, status: 'succeeded' }],
      });
      expect(receiver.callsTo('/after-restart')).toHaveLength(1);
      expect((await api.get(`/api/v1/tasks/${oneTime.id}`)).body.status).toBe('completed');
    } finally {
      await second.close();
    }
  });

  it.each([
    ['saved to the backup file at a graceful shutdown', true],
    ['lost by the queue, as in a crash, and relayed from the run records', false],
  ])(
    'delivers a job that was still queued when the service stopped: %s',
    async (_case, withBackup) => {
      const backupFile = `${scratch.path}/backup-${withBackup}.json`;
      const settings = {
        ...environment(),
        SQLITE_PATH: `${scratch.path}/queued-${withBackup}.sqlite`,
        MESSAGING_BACKUP_FILE: withBackup ? backupFile : '',
      };
      const path = `/queued-${withBackup}`;
      // No workers: the job stays in the queue until the service stops.
      const first = await startTestApp({ ...settings, MESSAGING_WORKERS: '0' });
      let api = new ApiClient(first.baseUrl);
      const { body: task } = await api.post('/api/v1/tasks', {
        name: 'Queued at shutdown',
        task_type: 'repeated',
        payload: {},
        scheduled_at: '2024-01-15T09:00:00Z',
        repeat_interval: 'daily',
        target: { type: 'webhook', url: `${receiver.url}${path}` },
      });
      const { body: run } = await api.post(`/api/v1/tasks/${task.id}/run`);
      await first.close();
      expect(existsSync(backupFile)).toBe(withBackup);

      const second = await startTestApp(settings);
      api = new ApiClient(second.baseUrl);
      try {
        const { body: runs } = await waitFor(
          async () => {
            const response = await api.get(`/api/v1/tasks/${task.id}/runs`);
            return response.body.runs[0]?.finished_at && response;
          },
          5_000,
          'the queued run to finish',
        );
        expect(runs).toMatchObject({ total: 1, runs: [{ id: run.id, status: 'succeeded' }] });
        await sleep(200);
        expect(receiver.callsTo(path)).toHaveLength(1);
        expect(existsSync(backupFile)).toBe(false);
      } finally {
        await second.close();
      }
    },
  );
});

describe('A scheduler that misses change notifications', () => {
  const storage = testStorage('memory');
  let testApp: TestApp;
  let api: ApiClient;

  /** Publishes nothing: every task.changed notification is lost, as Pub/Sub may lose them. */
  class DeafNotificationBus extends NotificationBus {
    async publish(): Promise<void> {}
    subscribe(): () => void {
      return () => undefined;
    }
  }

  beforeAll(async () => {
    testApp = await startTestApp(
      { ...storage.environment(), SCHEDULER_RECONCILE_INTERVAL_MS: '300' },
      (builder) => builder.overrideProvider(NotificationBus).useValue(new DeafNotificationBus()),
    );
    api = new ApiClient(testApp.baseUrl);
  });
  afterAll(async () => {
    await testApp.close();
    await storage.dispose();
  });

  it('still fires a new task, and stops firing a paused one, after its next reconcile', async () => {
    const { body: task } = await api.post('/api/v1/tasks', {
      name: 'Unannounced',
      task_type: 'repeated',
      payload: {},
      repeat_interval: 'custom',
      cron_expression: '* * * * * *',
    });
    const fired = await waitFor(
      async () => (await api.get(`/api/v1/tasks/${task.id}/runs`)).body.total > 0,
      3_000,
      'a run without any notification',
    );
    expect(fired).toBe(true);

    await api.post(`/api/v1/tasks/${task.id}/pause`);
    await sleep(400);
    const { total } = (await api.get(`/api/v1/tasks/${task.id}/runs`)).body;
    await sleep(1_500);
    expect((await api.get(`/api/v1/tasks/${task.id}/runs`)).body.total).toBe(total);
  });
});
