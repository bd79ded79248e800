import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldViolation, InvalidInputError } from '@app/contracts';

function violationsOf(errors: ValidationError[], parent = ''): FieldViolation[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...violationsOf(error.children ?? [], field)];
  });
}

/**
 * Validates and transforms every body, query and path DTO. Unknown fields are an error, not
 * silently dropped, and each failure names its field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new InvalidInputError(violationsOf(errors)),
  });
}
