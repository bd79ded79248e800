import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { Task, TaskRun } from '@app/contracts';
import { Delivery, deliveryMessage } from './delivery';

/**
 * POSTs the run as JSON. A non-2xx answer, a network error or no answer within
 * `WEBHOOK_TIMEOUT_MS` fails the run. `Idempotency-Key` carries the run id, so a receiver can
 * drop a repeated delivery of the same run.
 */
@Injectable()
export class WebhookDelivery extends Delivery {
  constructor(private readonly config: AppConfig) {
    super();
  }

  async deliver(task: Task, run: TaskRun): Promise<void> {
    if (task.target?.type !== 'webhook') throw new Error(`Task ${task.id} has no webhook target`);
    const { url, headers } = task.target;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'idempotency-key': run.id,
        },
        body: JSON.stringify(deliveryMessage(task, run)),
        signal: AbortSignal.timeout(this.config.webhookTimeoutMs),
      });
    } catch (error) {
      const reason =
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${this.config.webhookTimeoutMs} ms`
          : ((error as Error & { cause?: Error }).cause?.message ?? (error as Error).message);
      throw new Error(`webhook POST ${url} failed: ${reason}`, { cause: error });
    }
    // Read the body either way so the connection can be reused.
    const body = await response.text().catch(() => '');
    if (!response.ok) {
      const excerpt = body.length > 200 ? `${body.slice(0, 200)}…` : body;
      throw new Error(
        `webhook answered ${response.status} ${response.statusText}${excerpt ? `: ${excerpt}` : ''}`,
      );
    }
  }
}
