/** One offending input field, named as the API names it, and what is wrong with it. */
export interface FieldViolation {
  field: string;
  message: string;
}

/**
 * Base of every error a module raises on purpose. `kind` says what went wrong in terms any edge
 * (HTTP, a message consumer) can map: the HTTP mapping lives in one global filter.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: 'invalid' | 'not_found' | 'conflict';
  readonly violations: FieldViolation[] = [];
}

export class InvalidInputError extends DomainError {
  override readonly name = 'InvalidInputError';
  readonly kind = 'invalid';

  constructor(override readonly violations: FieldViolation[]) {
    super(violations.map((violation) => `${violation.field}: ${violation.message}`).join('; '));
  }
}

export class NotFoundError extends DomainError {
  override readonly name = 'NotFoundError';
  readonly kind = 'not_found';
}

export class ConflictError extends DomainError {
  override readonly name = 'ConflictError';
  readonly kind = 'conflict';
}
