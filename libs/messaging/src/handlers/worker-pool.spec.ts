import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Job, JobPriority } from '@app/contracts';
import { ReservedJob } from '../queue/job-queue';
import { MessagingModule } from '../messaging.module';
import { JobQueue } from '../queue/job-queue';
import { JobHandler, JobProcessor } from './job-handler.decorator';

const job = (type: string, id: string, priority = JobPriority.Normal): Job => ({
  id,
  type,
  payload: {},
  priority,
  correlationId: id,
  createdAt: new Date().toISOString(),
});

/** Holds every job until released, to observe how many run at once. */
@Injectable()
@JobHandler('slow')
class SlowHandler implements JobProcessor {
  running = 0;
  maxRunning = 0;
  finished: string[] = [];
  private releases: Array<() => void> = [];

  async process(next: ReservedJob): Promise<void> {
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    await new Promise<void>((resolve) => this.releases.push(resolve));
    this.running--;
    this.finished.push(next.id);
  }

  releaseAll(): void {
    this.releases.splice(0).forEach((release) => release());
  }
}

/** Cannot work the first time it sees a job (its store is down, say), then succeeds. */
@Injectable()
@JobHandler('flaky')
class FlakyHandler implements JobProcessor {
  deliveries: number[] = [];

  async process(next: ReservedJob): Promise<void> {
    this.deliveries.push(next.deliveryCount);
    if (next.deliveryCount === 1) throw new Error('store unavailable');
  }
}

async function startMessaging(workers: number, providers: unknown[] = [SlowHandler, FlakyHandler]) {
  const moduleRef = await Test.createTestingModule({
    imports: [
      MessagingModule.forRoot({
        transport: 'memory',
        workers,
        backupFile: null,
        redis: { url: 'redis://127.0.0.1:6379', keyPrefix: 'unused:' },
        visibilityTimeoutMs: 30_000,
      }),
    ],
    providers: providers as never[],
  }).compile();
  moduleRef.useLogger(false);
  await moduleRef.init();
  return moduleRef;
}

const until = async (check: () => boolean) => {
  for (let tries = 0; !check(); tries++) {
    if (tries > 200) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('MessagingModule workers', () => {
  it('runs at most MESSAGING_WORKERS jobs at once', async () => {
    const app = await startMessaging(3);
    const queue = app.get(JobQueue);
    const handler = app.get(SlowHandler);
    for (let index = 0; index < 7; index++) await queue.enqueue(job('slow', `j${index}`));

    await until(() => handler.running === 3);
    expect(await queue.depth()).toBe(4);
    while (handler.finished.length < 7) {
      handler.releaseAll();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(handler.maxRunning).toBe(3);
    await app.close();
  });

  it('delivers a job again when its handler could not work on it, and drops a job nobody handles', async () => {
    const app = await startMessaging(1);
    const queue = app.get(JobQueue);
    const flaky = app.get(FlakyHandler);
    const slow = app.get(SlowHandler);

    await queue.enqueue(job('flaky', 'f1'));
    await queue.enqueue(job('unknown-type', 'u1'));
    await queue.enqueue(job('slow', 's1'));
    await until(() => slow.running === 1);
    slow.releaseAll();
    await until(() => flaky.deliveries.length === 2);

    expect(flaky.deliveries).toEqual([1, 2]);
    expect(slow.finished).toEqual(['s1']);
    expect(await queue.depth()).toBe(0);
    await app.close();
  });

  it('finishes the jobs it holds before the application closes', async () => {
    const app = await startMessaging(2);
    const queue = app.get(JobQueue);
    const handler = app.get(SlowHandler);
    await queue.enqueue(job('slow', 'held-1'));
    await queue.enqueue(job('slow', 'held-2'));
    await until(() => handler.running === 2);

    const closing = app.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(handler.finished).toEqual([]);
    handler.releaseAll();
    await closing;

    expect(handler.finished.sort()).toEqual(['held-1', 'held-2']);
  });

  it('refuses to start with two handlers for one job type', async () => {
    @Injectable()
    @JobHandler('slow')
    class SecondSlowHandler implements JobProcessor {
      async process(): Promise<void> {}
    }

    await expect(startMessaging(1, [SlowHandler, SecondSlowHandler])).rejects.toThrow(
      /Two handlers for job type 'slow'/,
    );
  });

  it('binds the JobQueue token to the in-memory queue for the memory transport', async () => {
    const app = await startMessaging(0);
    expect(app.get(JobQueue).constructor.name).toBe('InMemoryJobQueue');
    await app.close();
  });
});
