import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ReservedJob } from '../queue/job-queue';
import { JobHandler, JobProcessor } from './job-handler.decorator';

export class UnknownJobTypeError extends Error {
  override readonly name = 'UnknownJobTypeError';
}

/** Finds every `@JobHandler` provider at boot and routes each job to the one for its type. */
@Injectable()
export class JobHandlerRegistry implements OnModuleInit {
  private readonly logger = new Logger(JobHandlerRegistry.name);
  private readonly handlers = new Map<string, JobProcessor>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders({ metadataKey: JobHandler.KEY })) {
      const type = this.discovery.getMetadataByDecorator(JobHandler, wrapper);
      const handler = wrapper.instance as JobProcessor | undefined;
      if (!type || !handler) continue;
      if (typeof handler.process !== 'function') {
        throw new Error(
          `${wrapper.name} is a @JobHandler('${type}') without a process(job) method`,
        );
      }
      const existing = this.handlers.get(type);
      if (existing && existing !== handler) {
        throw new Error(
          `Two handlers for job type '${type}': ${existing.constructor.name} and ${wrapper.name}`,
        );
      }
      this.handlers.set(type, handler);
      this.logger.log(`Jobs of type '${type}' go to ${wrapper.name}`);
    }
  }

  async dispatch(job: ReservedJob): Promise<void> {
    const handler = this.handlers.get(job.type);
    if (!handler) throw new UnknownJobTypeError(`No handler for job type '${job.type}'`);
    await handler.process(job);
  }
}
