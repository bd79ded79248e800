export class FieldViolationDto {
  /** @example "cron_expression" */
  field: string;
  /** @example "'61 * * * *' is not a valid cron expression: Invalid value for minute: 61" */
  message: string;
}

/** RFC 9457 problem details, the body of every error response. */
export class ProblemDetailsDto {
  /** @example "about:blank" */
  type: string;
  /** @example "Bad Request" */
  title: string;
  /** @example 400 */
  status: number;
  /** @example "cron_expression: '61 * * * *' is not a valid cron expression" */
  detail: string;
  /** @example "/api/v1/tasks" */
  instance: string;
  /** Present for invalid input: each offending field and what is wrong with it. */
  errors?: FieldViolationDto[];
}
