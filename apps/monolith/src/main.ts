import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig, createLogger } from '@app/config';
import { configureHttpApplication, createFastifyAdapter } from '@app/tasks';
import { MonolithModule } from './monolith.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(
    MonolithModule,
    createFastifyAdapter(),
    {
      bufferLogs: true,
      abortOnError: false,
    },
  );
  const config = app.get(AppConfig);
  const logger = createLogger(config);
  app.useLogger(logger);
  configureHttpApplication(app);
  // SIGTERM/SIGINT close the application: the engine stops, workers finish their jobs, the store
  // closes. Then exit 0 rather than re-raising the signal, which node ignores as PID 1 in a container.
  app.enableShutdownHooks(undefined, { useProcessExit: true });
  await app.listen(config.port, config.host);
  logger.log(
    `Task scheduler listening on http://localhost:${config.port} (store: ${config.storeBackend})`,
    'Bootstrap',
  );
}

bootstrap().catch((error: Error) => {
  // Configuration errors name the offending variables; print them without a stack to bury them.
  console.error(error.name === 'InvalidEnvironmentError' ? error.message : error);
  process.exit(1);
});
