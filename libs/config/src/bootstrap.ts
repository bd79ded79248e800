import { INestApplicationContext, Logger, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig } from './app-config';
import { createLogger } from './logging';

/**
 * Creates `app` with `create`, switches to the configured logger, runs `start`, and exits with a
 * readable message if any of it fails. SIGTERM/SIGINT then close the application (timers stop,
 * workers finish their jobs, connections close) and exit 0, rather than re-raising the signal,
 * which node ignores as PID 1 in a container.
 */
export async function runApplication<T extends INestApplicationContext>(
  role: string,
  create: () => Promise<T>,
  start: (app: T, config: AppConfig) => Promise<void> = async () => undefined,
): Promise<void> {
  try {
    const app = await create();
    const config = app.get(AppConfig);
    app.useLogger(createLogger(config));
    app.enableShutdownHooks(undefined, { useProcessExit: true });
    await start(app, config);
    new Logger('Bootstrap').log(`${role} started (store: ${config.storeBackend})`);
  } catch (error) {
    if ((error as Error).name === 'InvalidEnvironmentError') {
      // The message names every offending variable; a stack would only bury it.
      console.error((error as Error).message);
    } else {
      // What was logged before the failure (a Redis connection error, say) explains it.
      Logger.flush();
      console.error(error);
    }
    process.exit(1);
  }
}

/** Runs a process without HTTP (scheduler, messaging) from its composition root. */
export function runBackgroundApplication(role: string, module: Type<unknown>): Promise<void> {
  return runApplication(role, async () => {
    const app = await NestFactory.createApplicationContext(module, {
      bufferLogs: true,
      abortOnError: false,
    });
    await app.init();
    return app;
  });
}
