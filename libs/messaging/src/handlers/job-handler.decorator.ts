import { DiscoveryService } from '@nestjs/core';
import { ReservedJob } from '../queue/job-queue';

/** Implemented by every job handler; a thrown error marks the job failed, nothing more. */
export interface JobProcessor {
  process(job: ReservedJob): Promise<void>;
}

/**
 * Marks a provider as the handler for one job type: `@JobHandler('scheduled_task')`. Handlers are
 * found at boot; two handlers for one type stop the application from starting.
 */
export const JobHandler = DiscoveryService.createDecorator<string>();
