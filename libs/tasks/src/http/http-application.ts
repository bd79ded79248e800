import { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { runApplication } from '@app/config';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Request bodies above this size are refused with 413. */
export const MAX_BODY_BYTES = 64 * 1024;

export function createFastifyAdapter(): FastifyAdapter {
  return new FastifyAdapter({ bodyLimit: MAX_BODY_BYTES });
}

/** Serves the OpenAPI document of every controller at /api/docs (JSON at /api/docs-json). */
export function configureHttpApplication(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Task scheduler')
      .setDescription(
        'Create one-time and recurring tasks; each occurrence is fired onto a job queue and delivered to its target. Errors are RFC 9457 problem details.',
      )
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

/** Runs an HTTP process (monolith, api) from its composition root, on the configured port. */
export function runHttpApplication(role: string, module: Type<unknown>): Promise<void> {
  return runApplication(
    role,
    () =>
      NestFactory.create<NestFastifyApplication>(module, createFastifyAdapter(), {
        bufferLogs: true,
        abortOnError: false,
      }),
    async (app, config) => {
      configureHttpApplication(app);
      await app.listen(config.port, config.host);
    },
  );
}
