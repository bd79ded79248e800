import { ApiClient } from './support/http-client';
import { BACKENDS, TestApp, startTestApp, testStorage } from './support/test-app';

const DAILY_REMINDER = {
  name: 'Daily reminder',
  description: 'Send daily reminder message',
  task_type: 'repeated',
  payload: { message: 'Time for your daily check-in!', chat_id: '123456789' },
  scheduled_at: '2024-01-15T09:00:00Z',
  repeat_interval: 'daily',
};

const inOneHour = () => new Date(Date.now() + 3_600_000).toISOString();
const oneTime = (overrides: Record<string, unknown> = {}) => ({
  name: 'One-off',
  task_type: 'scheduled',
  payload: { n: 1 },
  scheduled_at: inOneHour(),
  ...overrides,
});

/** The wall-clock time of `iso` in `timeZone`, as HH:MM. */
const wallTime = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));

describe.each(BACKENDS)('Task API on the %s store', (backend, describeBackend) => {
  describeBackend('', () => {
    const storage = testStorage(backend);
    let testApp: TestApp;
    let api: ApiClient;

    beforeAll(async () => {
      testApp = await startTestApp(storage.environment());
      api = new ApiClient(testApp.baseUrl);
    });

    afterAll(async () => {
      await testApp.close();
      await storage.dispose();
    });

    describe('POST /api/v1/tasks', () => {
      it("creates the ADR's daily reminder, whose past scheduled_at only anchors the time of day", async () => {
        const { status, body } = await api.post('/api/v1/tasks', DAILY_REMINDER);

        expect(status).toBe(201);
        expect(body).toMatchObject({
          ...DAILY_REMINDER,
          scheduled_at: '2024-01-15T09:00:00.000Z',
          cron_expression: null,
          is_active: true,
          status: 'active',
          timezone: 'UTC',
          priority: 'normal',
          target: null,
          last_run_at: null,
          run_count: 0,
        });
        const next = new Date(body.next_run_at);
        expect(next.getTime()).toBeGreaterThan(Date.now());
        expect(next.getTime() - Date.now()).toBeLessThanOrEqual(86_400_000);
        expect(body.next_run_at).toMatch(/T09:00:00\.000Z$/);
      });

      it('keeps 09:00 local time in the task time zone when no offset is given', async () => {
        const { body } = await api.post('/api/v1/tasks', {
          ...DAILY_REMINDER,
          scheduled_at: '2024-01-15T09:00:00',
          timezone: 'America/New_York',
        });
        expect(body.scheduled_at).toBe('2024-01-15T14:00:00.000Z');

        const { status, body: upcoming } = await api.get(
          `/api/v1/tasks/${body.id}/next-runs?count=30`,
        );

        expect(status).toBe(200);
        expect(upcoming.task_id).toBe(body.id);
        expect(upcoming.next_runs).toHaveLength(30);
        expect(upcoming.next_runs[0]).toBe(body.next_run_at);
        for (const run of upcoming.next_runs)
          expect(wallTime(run, 'America/New_York')).toBe('09:00');
      });

      it('defaults next-runs to 10 and validates count', async () => {
        const { body } = await api.post('/api/v1/tasks', DAILY_REMINDER);

        expect((await api.get(`/api/v1/tasks/${body.id}/next-runs`)).body.next_runs).toHaveLength(
          10,
        );
        for (const count of ['0', '101', 'ten']) {
          const { status, body: problem } = await api.get(
            `/api/v1/tasks/${body.id}/next-runs?count=${count}`,
          );
          expect(status).toBe(400);
          expect(problem.errors[0].field).toBe('count');
        }
      });

      it('accepts a custom cron task without scheduled_at and returns its first match', async () => {
        const { status, body } = await api.post('/api/v1/tasks', {
          name: 'Weekday standup',
          task_type: 'repeated',
          payload: {},
          repeat_interval: 'custom',
          cron_expression: '30 9 * * MON-FRI',
          timezone: 'Europe/Berlin',
          priority: 'high',
          target: {
            type: 'webhook',
            url: 'http://127.0.0.1:9/hook',
            headers: { 'x-token': 'abc' },
          },
        });

        expect(status).toBe(201);
        expect(body.priority).toBe('high');
        expect(body.target).toEqual({
          type: 'webhook',
          url: 'http://127.0.0.1:9/hook',
          headers: { 'x-token': 'abc' },
        });
        const { body: upcoming } = await api.get(`/api/v1/tasks/${body.id}/next-runs?count=10`);
        for (const run of upcoming.next_runs) {
          expect(wallTime(run, 'Europe/Berlin')).toBe('09:30');
          expect(['Sat', 'Sun']).not.toContain(
            new Intl.DateTimeFormat('en-US', {
              timeZone: 'Europe/Berlin',
              weekday: 'short',
            }).format(new Date(run)),
          );
        }
      });

      it.each([
        [
          'repeated without repeat_interval',
          { ...DAILY_REMINDER, repeat_interval: undefined },
          'repeat_interval',
        ],
        [
          'scheduled with repeat_interval',
          oneTime({ repeat_interval: 'daily' }),
          'repeat_interval',
        ],
        [
          'cron_expression without custom',
          { ...DAILY_REMINDER, cron_expression: '* * * * *' },
          'cron_expression',
        ],
        [
          'custom without cron_expression',
          { ...DAILY_REMINDER, repeat_interval: 'custom' },
          'cron_expression',
        ],
        [
          'a minute of 61',
          { ...DAILY_REMINDER, repeat_interval: 'custom', cron_expression: '61 * * * *' },
          'cron_expression',
        ],
        [
          'three cron fields',
          { ...DAILY_REMINDER, repeat_interval: 'custom', cron_expression: '* * *' },
          'cron_expression',
        ],
        [
          'a cron that never matches',
          { ...DAILY_REMINDER, repeat_interval: 'custom', cron_expression: '0 0 30 2 *' },
          'cron_expression',
        ],
        ['an unknown time zone', { ...DAILY_REMINDER, timezone: 'Mars/Olympus' }, 'timezone'],
        ['an unknown field', { ...DAILY_REMINDER, colour: 'blue' }, 'colour'],
        ['a payload that is an array', { ...DAILY_REMINDER, payload: [1, 2] }, 'payload'],
        ['a payload that is a string', { ...DAILY_REMINDER, payload: 'hello' }, 'payload'],
        ['no payload', { ...DAILY_REMINDER, payload: undefined }, 'payload'],
        ['an empty name', { ...DAILY_REMINDER, name: '' }, 'name'],
        ['an unknown task_type', { ...DAILY_REMINDER, task_type: 'sometimes' }, 'task_type'],
        ['an unknown priority', { ...DAILY_REMINDER, priority: 'urgent' }, 'priority'],
        ['a null priority', { ...DAILY_REMINDER, priority: null }, 'priority'],
        [
          'a malformed scheduled_at',
          { ...DAILY_REMINDER, scheduled_at: '15/01/2024 09:00' },
          'scheduled_at',
        ],
        [
          'an impossible date',
          { ...DAILY_REMINDER, scheduled_at: '2024-02-30T09:00:00Z' },
          'scheduled_at',
        ],
        [
          'a one-time task without scheduled_at',
          oneTime({ scheduled_at: undefined }),
          'scheduled_at',
        ],
        [
          'a one-time task in the past',
          oneTime({ scheduled_at: '2024-01-15T09:00:00Z' }),
          'scheduled_at',
        ],
        ['a webhook without url', { ...DAILY_REMINDER, target: { type: 'webhook' } }, 'target.url'],
        [
          'a webhook with a non-http url',
          { ...DAILY_REMINDER, target: { type: 'webhook', url: 'ftp://x/y' } },
          'target.url',
        ],
        [
          'a log target with a url',
          { ...DAILY_REMINDER, target: { type: 'log', url: 'http://x/y' } },
          'target',
        ],
        ['an unknown target type', { ...DAILY_REMINDER, target: { type: 'email' } }, 'target.type'],
        [
          'an unknown target field',
          { ...DAILY_REMINDER, target: { type: 'log', to: 'me' } },
          'target.to',
        ],
        [
          'a header name with a space',
          {
            ...DAILY_REMINDER,
            target: { type: 'webhook', url: 'http://x/y', headers: { 'bad name': 'v' } },
          },
          'target.headers',
        ],
        [
          'a header value with a line break',
          {
            ...DAILY_REMINDER,
            target: { type: 'webhook', url: 'http://x/y', headers: { a: 'v\r\nx: y' } },
          },
          'target.headers',
        ],
        [
          'non-string headers',
          { ...DAILY_REMINDER, target: { type: 'webhook', url: 'http://x/y', headers: { a: 1 } } },
          'target.headers',
        ],
      ])('rejects %s with a 400 naming the field', async (_case, input, field) => {
        const { status, contentType, body } = await api.post('/api/v1/tasks', input);

        expect(status).toBe(400);
        expect(contentType).toContain('application/problem+json');
        expect(body).toMatchObject({
          type: 'about:blank',
          title: 'Bad Request',
          status: 400,
          instance: '/api/v1/tasks',
        });
        expect(body.errors.map((error: { field: string }) => error.field)).toContain(field);
        expect(body.detail).toContain(field.split('.')[0]);
      });

      it('explains what is wrong with a cron expression', async () => {
        const { body } = await api.post('/api/v1/tasks', {
          ...DAILY_REMINDER,
          repeat_interval: 'custom',
          cron_expression: '61 * * * *',
        });
        expect(body.errors).toEqual([
          {
            field: 'cron_expression',
            message: expect.stringMatching(/'61 \* \* \* \*'.*minute.*61/),
          },
        ]);
      });

      it('rejects a body that is not JSON with 400 and one over 64 KiB with 413', async () => {
        const malformed = await api.send('POST', '/api/v1/tasks', '{"name": ');
        expect(malformed.status).toBe(400);
        expect(malformed.contentType).toContain('application/problem+json');

        const oversized = await api.post('/api/v1/tasks', {
          ...DAILY_REMINDER,
          payload: { blob: 'x'.repeat(70_000) },
        });
        expect(oversized.status).toBe(413);
        expect(oversized.body).toMatchObject({ status: 413, title: 'Payload Too Large' });
      });
    });

    describe('GET /api/v1/tasks', () => {
      it('filters by type and activity and pages in creation order', async () => {
        const scratchApi = await startTestApp(storage.environment('list'));
        const client = new ApiClient(scratchApi.baseUrl);
        try {
          const created: string[] = [];
          for (let index = 0; index < 5; index++) {
            const input =
              index % 2 === 0
                ? { ...DAILY_REMINDER, name: `task ${index}` }
                : oneTime({ name: `task ${index}` });
            created.push((await client.post('/api/v1/tasks', input)).body.id);
          }
          await client.post(`/api/v1/tasks/${created[0]}/pause`);

          const all = await client.get('/api/v1/tasks');
          expect(all.body).toMatchObject({ total: 5, page: 1, size: 20 });
          expect(all.body.tasks.map((task: { id: string }) => task.id)).toEqual(created);

          const second = await client.get('/api/v1/tasks?page=2&size=2');
          expect(second.body).toMatchObject({ total: 5, page: 2, size: 2 });
          expect(second.body.tasks.map((task: { id: string }) => task.id)).toEqual(
            created.slice(2, 4),
          );

          const repeated = await client.get('/api/v1/tasks?task_type=repeated');
          expect(repeated.body.total).toBe(3);
          const activeRepeated = await client.get(
            '/api/v1/tasks?task_type=repeated&is_active=true',
          );
          expect(activeRepeated.body.tasks.map((task: { id: string }) => task.id)).toEqual([
            created[2],
            created[4],
          ]);
          const inactive = await client.get('/api/v1/tasks?is_active=false');
          expect(inactive.body.tasks.map((task: { id: string }) => task.id)).toEqual([created[0]]);
          const scheduled = await client.get('/api/v1/tasks?task_type=scheduled');
          expect(scheduled.body.total).toBe(2);

          expect((await client.get('/api/v1/tasks?size=500')).body.size).toBe(100);
          expect((await client.get('/api/v1/tasks?page=9')).body).toMatchObject({
            tasks: [],
            total: 5,
          });
        } finally {
          await scratchApi.close();
        }
      });

      it.each([
        ['page=0', 'page'],
        ['size=0', 'size'],
        ['page=abc', 'page'],
        ['is_active=maybe', 'is_active'],
        ['task_type=other', 'task_type'],
        ['page=1000000000000000000', 'page'],
        ['unknown=1', 'unknown'],
      ])('rejects ?%s with a 400 naming the parameter', async (query, field) => {
        const { status, body } = await api.get(`/api/v1/tasks?${query}`);
        expect(status).toBe(400);
        expect(body.errors.map((error: { field: string }) => error.field)).toContain(field);
      });
    });

    describe('single task endpoints', () => {
      it('returns 404 problem details for a task that does not exist, on every endpoint', async () => {
        const missing = '/api/v1/tasks/00000000-0000-0000-0000-000000000000';
        const calls = [
          api.get(missing),
          api.put(missing, { name: 'x' }),
          api.delete(missing),
          api.post(`${missing}/pause`),
          api.post(`${missing}/resume`),
          api.post(`${missing}/cancel`),
          api.post(`${missing}/run`),
          api.get(`${missing}/next-runs`),
          api.get(`${missing}/runs`),
        ];
        for (const { status, contentType, body } of await Promise.all(calls)) {
          expect(status).toBe(404);
          expect(contentType).toContain('application/problem+json');
          expect(body).toMatchObject({ status: 404, title: 'Not Found' });
        }
      });

      it('updates only the given fields and reschedules when timing changes', async () => {
        const { body: task } = await api.post('/api/v1/tasks', DAILY_REMINDER);

        const renamed = await api.put(`/api/v1/tasks/${task.id}`, {
          name: 'Updated reminder name',
        });
        expect(renamed.status).toBe(200);
        expect(renamed.body).toMatchObject({
          name: 'Updated reminder name',
          next_run_at: task.next_run_at,
          payload: task.payload,
        });

        const moved = await api.put(`/api/v1/tasks/${task.id}`, {
          scheduled_at: '2024-01-16T10:00:00Z',
        });
        expect(moved.body.next_run_at).toMatch(/T10:00:00\.000Z$/);
        expect((await api.get(`/api/v1/tasks/${task.id}`)).body.next_run_at).toBe(
          moved.body.next_run_at,
        );

        const custom = await api.put(`/api/v1/tasks/${task.id}`, {
          repeat_interval: 'custom',
          cron_expression: '15 6 1 * *',
        });
        expect(custom.body).toMatchObject({
          repeat_interval: 'custom',
          cron_expression: '15 6 1 * *',
        });
        expect(custom.body.next_run_at).toMatch(/-01T06:15:00\.000Z$/);

        const backToDaily = await api.put(`/api/v1/tasks/${task.id}`, { repeat_interval: 'daily' });
        expect(backToDaily.body).toMatchObject({ repeat_interval: 'daily', cron_expression: null });
        expect(backToDaily.body.next_run_at).toMatch(/T10:00:00\.000Z$/);
      });

      it.each([
        [{ name: null }, 'name'],
        [{ payload: null }, 'payload'],
        [{ task_type: 'scheduled' }, 'task_type'],
        [{ cron_expression: '* * * * *' }, 'cron_expression'],
        [{ repeat_interval: 'custom' }, 'cron_expression'],
        [{ timezone: 'Nowhere/Special' }, 'timezone'],
        [{ is_active: 'yes' }, 'is_active'],
      ])('rejects the update %j with a 400 naming %s', async (update, field) => {
        const { body: task } = await api.post('/api/v1/tasks', DAILY_REMINDER);
        const { status, body } = await api.put(`/api/v1/tasks/${task.id}`, update);
        expect(status).toBe(400);
        expect(body.errors.map((error: { field: string }) => error.field)).toContain(field);
        expect((await api.get(`/api/v1/tasks/${task.id}`)).body).toEqual(task);
      });

      it('pauses, resumes and cancels, with 409 for what a state does not allow', async () => {
        const { body: task } = await api.post('/api/v1/tasks', DAILY_REMINDER);

        const paused = await api.post(`/api/v1/tasks/${task.id}/pause`);
        expect(paused.status).toBe(200);
        expect(paused.body).toMatchObject({
          status: 'paused',
          is_active: false,
          next_run_at: null,
        });
        expect((await api.get(`/api/v1/tasks/${task.id}/next-runs`)).body.next_runs).toEqual([]);

        const resumed = await api.post(`/api/v1/tasks/${task.id}/resume`);
        expect(resumed.body).toMatchObject({
          status: 'active',
          is_active: true,
          next_run_at: task.next_run_at,
        });

        const viaUpdate = await api.put(`/api/v1/tasks/${task.id}`, { is_active: false });
        expect(viaUpdate.body).toMatchObject({ status: 'paused', next_run_at: null });

        const cancelled = await api.post(`/api/v1/tasks/${task.id}/cancel`);
        expect(cancelled.body).toMatchObject({
          status: 'cancelled',
          is_active: false,
          next_run_at: null,
        });
        expect((await api.get(`/api/v1/tasks/${task.id}`)).body.status).toBe('cancelled');
        expect((await api.post(`/api/v1/tasks/${task.id}/cancel`)).status).toBe(200);

        for (const call of [
          api.post(`/api/v1/tasks/${task.id}/resume`),
          api.post(`/api/v1/tasks/${task.id}/pause`),
          api.post(`/api/v1/tasks/${task.id}/run`),
          api.put(`/api/v1/tasks/${task.id}`, { is_active: true }),
        ]) {
          const { status, body } = await call;
          expect(status).toBe(409);
          expect(body).toMatchObject({ status: 409, title: 'Conflict' });
        }
      });

      it('answers 404 for a task id that is not a UUID, on every endpoint', async () => {
        const { body: task } = await api.post('/api/v1/tasks', DAILY_REMINDER);
        for (const path of [`/api/v1/tasks/${task.id}:runs`, '/api/v1/tasks/not-a-task']) {
          expect((await api.get(path)).status).toBe(404);
          expect((await api.delete(path)).status).toBe(404);
          expect((await api.get(`${path}/runs`)).status).toBe(404);
        }
        expect((await api.get(`/api/v1/tasks/${task.id}`)).status).toBe(200);
        expect((await api.get(`/api/v1/tasks/${task.id}/runs`)).status).toBe(200);
      });

      it('deletes a task: 204, then 404', async () => {
        const { body: task } = await api.post('/api/v1/tasks', DAILY_REMINDER);

        const deleted = await api.delete(`/api/v1/tasks/${task.id}`);
        expect(deleted.status).toBe(204);
        expect(deleted.body).toBeUndefined();
        expect((await api.get(`/api/v1/tasks/${task.id}`)).status).toBe(404);
        expect((await api.delete(`/api/v1/tasks/${task.id}`)).status).toBe(404);
      });
    });

    describe('service endpoints', () => {
      it('reports the store and the queue healthy', async () => {
        const { status, body } = await api.get('/health');
        expect(status).toBe(200);
        expect(body).toMatchObject({
          status: 'ok',
          info: { store: { status: 'up' }, queue: { status: 'up' } },
        });
        expect((await api.get('/health/live')).status).toBe(200);
      });

      it('documents every endpoint, field and error response in OpenAPI', async () => {
        const { status, body } = await api.get('/api/docs-json');
        expect(status).toBe(200);
        expect(Object.keys(body.paths)).toEqual(
          expect.arrayContaining([
            '/api/v1/tasks',
            '/api/v1/tasks/{task_id}',
            '/api/v1/tasks/{task_id}/pause',
            '/api/v1/tasks/{task_id}/resume',
            '/api/v1/tasks/{task_id}/cancel',
            '/api/v1/tasks/{task_id}/next-runs',
            '/api/v1/tasks/{task_id}/runs',
            '/api/v1/tasks/{task_id}/run',
            '/health',
          ]),
        );
        const create = body.components.schemas.CreateTaskDto;
        expect(create.required).toEqual(expect.arrayContaining(['name', 'task_type', 'payload']));
        expect(create.properties.task_type.enum).toEqual(['scheduled', 'repeated']);
        expect(create.properties.repeat_interval.enum).toEqual([
          'daily',
          'weekly',
          'monthly',
          'custom',
        ]);
        expect(create.properties.cron_expression.example).toBe('0 9 * * MON-FRI');
        expect(body.components.schemas.TaskResponseDto.properties.status.enum).toEqual([
          'active',
          'paused',
          'cancelled',
          'completed',
        ]);
        const post = body.paths['/api/v1/tasks'].post;
        expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['201', '400', '413']));
        expect(post.responses['400'].content['application/json'].schema.$ref).toContain(
          'ProblemDetailsDto',
        );
        expect(Object.keys(body.paths['/api/v1/tasks/{task_id}/resume'].post.responses)).toEqual(
          expect.arrayContaining(['200', '404', '409']),
        );
        const listParameters = body.paths['/api/v1/tasks'].get.parameters;
        expect(listParameters.map((parameter: { name: string }) => parameter.name).sort()).toEqual([
          'is_active',
          'page',
          'size',
          'task_type',
        ]);
        expect(
          listParameters.every((parameter: { required: boolean }) => !parameter.required),
        ).toBe(true);
        expect((await fetch(`${testApp.baseUrl}/api/docs`)).status).toBe(200);
      });
    });
  });
});
