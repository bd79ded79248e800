import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { TaskRepository } from '@app/contracts';
import { JobQueue } from '@app/messaging';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly tasks: TaskRepository,
    private readonly queue: JobQueue,
  ) {}

  /** Readiness: 200 when the task store and the job queue answer, else 503 naming the failing one. */
  @Get()
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.checkStore(), () => this.checkQueue()]);
  }

  /** Liveness: 200 while the process serves HTTP. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  private async checkStore() {
    const indicator = this.indicators.check('store');
    try {
      await this.tasks.ping();
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  private async checkQueue() {
    const indicator = this.indicators.check('queue');
    try {
      return indicator.up({ depth: await this.queue.depth() });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
