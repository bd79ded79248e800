import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test, TestingModuleBuilder } from '@nestjs/testing';
import { AppConfig, validateEnvironment } from '@app/config';
import { configureHttpApplication, createFastifyAdapter } from '@app/tasks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MonolithModule } from '../../apps/monolith/src/monolith.module';
import { REDIS_URL, deleteKeys, describeWithRedis, uniqueKeyPrefix } from './redis';

export interface TestApp {
  baseUrl: string;
  app: NestFastifyApplication;
  close(): Promise<void>;
}

/** A scratch folder for SQLite files and queue backups, removed by `dispose`. */
export function scratchDirectory(): { path: string; dispose(): void } {
  const path = mkdtempSync(join(tmpdir(), 'scheduler-test-'));
  return { path, dispose: () => rmSync(path, { recursive: true, force: true }) };
}

/** Every store backend, with the `describe` to use for it (Redis suites need a Redis). */
export const BACKENDS: Array<[string, jest.Describe]> = [
  ['memory', describe],
  ['sqlite', describe],
  ['redis', describeWithRedis],
];

/**
 * Isolated storage for one suite on `backend`: each `environment(name)` is a fresh store (an
 * SQLite file, or a Redis key prefix no one else uses). `dispose` removes all of it.
 */
export function testStorage(backend: string) {
  const scratch = scratchDirectory();
  const prefix = uniqueKeyPrefix(backend);
  return {
    path: scratch.path,
    environment: (store = 'main'): Record<string, string> => ({
      SCHEDULER_BACKEND: backend,
      SQLITE_PATH: `${scratch.path}/${store}.sqlite`,
      REDIS_URL,
      REDIS_KEY_PREFIX: `${prefix}${store}:`,
    }),
    dispose: async () => {
      scratch.dispose();
      if (backend === 'redis') await deleteKeys(prefix);
    },
  };
}

/**
 * The real monolith, listening on a free loopback port, configured only by `environment` (no
 * process.env), exactly as `npm start` composes it.
 */
export async function startTestApp(
  environment: Record<string, string>,
  override: (builder: TestingModuleBuilder) => TestingModuleBuilder = (builder) => builder,
): Promise<TestApp> {
  const config = new AppConfig(validateEnvironment({ MESSAGING_BACKUP_FILE: '', ...environment }));
  const moduleRef = await override(
    Test.createTestingModule({ imports: [MonolithModule] })
      .overrideProvider(AppConfig)
      .useValue(config),
  ).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(), {
    logger: ['error'],
  });
  configureHttpApplication(app);
  await app.listen(0, '127.0.0.1');
  return { baseUrl: await app.getUrl(), app, close: () => app.close() };
}

/** Polls `check` until it returns a truthy value, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
