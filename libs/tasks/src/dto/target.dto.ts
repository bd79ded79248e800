import { IsIn, IsOptional, IsUrl, ValidateIf } from 'class-validator';
import { IsHttpHeaders } from './validators';

export const TARGET_TYPES = ['log', 'webhook'] as const;

/** Where the task's payload is delivered when it runs. */
export class TargetDto {
  /**
   * `log` writes one structured log line; `webhook` POSTs `{task_id, run_id, scheduled_for, payload}`
   * as JSON to `url`.
   * @example "webhook"
   */
  @IsIn(TARGET_TYPES)
  type: 'log' | 'webhook';

  /**
   * Required for `webhook`: an http(s) URL.
   * @example "https://example.com/hooks/reminder"
   */
  @ValidateIf((target: TargetDto) => target.type === 'webhook' || target.url !== undefined)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  url?: string;

  /**
   * Extra request headers for `webhook`.
   * @example {"Authorization": "Bearer secret"}
   */
  @IsOptional()
  @IsHttpHeaders()
  headers?: Record<string, string>;
}
