import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DomainError, FieldViolation } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';

const STATUS_BY_KIND: Record<DomainError['kind'], number> = {
  invalid: HttpStatus.BAD_REQUEST,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
};

interface Problem {
  status: number;
  detail: string;
  errors?: FieldViolation[];
  checks?: unknown;
}

/** Errors raised by the HTTP server itself (body parsing, size limits) carry a 4xx statusCode. */
function isClientError(error: unknown): error is Error & { statusCode: number } {
  const statusCode = (error as { statusCode?: unknown })?.statusCode;
  return (
    error instanceof Error &&
    typeof statusCode === 'number' &&
    statusCode >= 400 &&
    statusCode < 500
  );
}

/**
 * The one place where errors become HTTP responses: RFC 9457 problem details for every status.
 * Anything unexpected becomes a 500 whose body carries only a reference to the logged error.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const { httpAdapter } = this.adapterHost;
    const problem = this.toProblem(exception);
    const body = {
      type: 'about:blank',
      title: STATUS_CODES[problem.status] ?? 'Error',
      ...problem,
      instance: httpAdapter.getRequestUrl(http.getRequest()),
    };
    const response = http.getResponse();
    httpAdapter.setHeader(response, 'content-type', 'application/problem+json');
    httpAdapter.reply(response, body, problem.status);
  }

  private toProblem(exception: unknown): Problem {
    if (exception instanceof DomainError) {
      const problem: Problem = {
        status: STATUS_BY_KIND[exception.kind],
        detail: exception.message,
      };
      if (exception.violations.length > 0) problem.errors = exception.violations;
      return problem;
    }
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      const problem: Problem = { status: exception.getStatus(), detail: exception.message };
      if (typeof response === 'object' && 'details' in response) problem.checks = response.details;
      return problem;
    }
    if (isClientError(exception)) {
      return { status: exception.statusCode, detail: exception.message };
    }
    const reference = randomUUID();
    this.logger.error(
      `Unhandled error (reference ${reference}): ${(exception as Error)?.message}`,
      (exception as Error)?.stack,
    );
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      detail: `Internal error; quote reference ${reference} when reporting it`,
    };
  }
}
