import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { AppConfig, validateEnvironment } from '@app/config';
import { configureHttpApplication, createFastifyAdapter } from '@app/tasks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MonolithModule } from '../../apps/monolith/src/monolith.module';

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

/**
 * The real monolith, listening on a free loopback port, configured only by `environment` (no
 * process.env), exactly as `npm start` composes it.
 */
export async function startTestApp(environment: Record<string, string>): Promise<TestApp> {
  const config = new AppConfig(validateEnvironment({ MESSAGING_BACKUP_FILE: '', ...environment }));
  const moduleRef = await Test.createTestingModule({ imports: [MonolithModule] })
    .overrideProvider(AppConfig)
    .useValue(config)
    .compile();
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
