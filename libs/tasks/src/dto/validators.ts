import { ValidateIf, ValidationOptions, registerDecorator } from 'class-validator';
import { isValidTimeZone, parseDateTime } from '@app/scheduler';

/** An ISO-8601 date-time, with an offset or (read in the task's time zone) without one. */
export function IsDateTime(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isDateTime',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: '$property must be an ISO-8601 date-time such as 2024-01-15T09:00:00Z',
        ...options,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && parseDateTime(value, 'UTC') !== null,
      },
    });
}

/** An IANA time zone name the runtime knows, such as Europe/Berlin. */
export function IsIanaTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isIanaTimeZone',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: '$property must be an IANA time zone such as Europe/Berlin (got $value)',
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isValidTimeZone(value),
      },
    });
}

// RFC 9110: a header name is a token; a value may not contain CR, LF or NUL.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[^\r\n\0]*$/;

/** HTTP request headers: valid names, string values without line breaks. */
export function IsHttpHeaders(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isHttpHeaders',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message:
          "$property must map header names (letters, digits and !#$%&'*+.^_`|~-) to string values without line breaks",
        ...options,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.entries(value).every(
            ([name, entry]) =>
              HEADER_NAME.test(name) && typeof entry === 'string' && HEADER_VALUE.test(entry),
          ),
      },
    });
}

/** The field may be left out, but when present it is validated: unlike `@IsOptional`, null is an error. */
export function IsOmittable(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}
