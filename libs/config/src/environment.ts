// Implicit conversion reads each property's design type, which needs the metadata polyfill.
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsString,
  IsTimeZone,
  IsUrl,
  Max,
  Min,
  ValidationError,
  validateSync,
} from 'class-validator';

export const STORE_BACKENDS = ['sqlite', 'memory', 'redis'] as const;
export type StoreBackend = (typeof STORE_BACKENDS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export const LOG_FORMATS = ['json', 'text'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Every environment variable the service reads, with its default. `.env.example` mirrors this. */
export class EnvironmentVariables {
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3000;

  @IsString()
  @IsNotEmpty()
  HOST: string = '0.0.0.0';

  @IsIn(STORE_BACKENDS)
  SCHEDULER_BACKEND: StoreBackend = 'sqlite';

  @IsString()
  @IsNotEmpty()
  SQLITE_PATH: string = './data/scheduler.sqlite';

  /** Used when SCHEDULER_BACKEND=redis: the store, the job queue and notifications all live there. */
  @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false, require_protocol: true })
  REDIS_URL: string = 'redis://127.0.0.1:6379';

  /** Every Redis key the service writes starts with this, so deployments can share one Redis. */
  @IsString()
  @IsNotEmpty()
  REDIS_KEY_PREFIX: string = 'scheduler:';

  @IsTimeZone()
  SCHEDULER_TIMEZONE: string = 'UTC';

  @IsInt()
  @Min(0)
  @Max(256)
  MESSAGING_WORKERS: number = 3;

  /** Empty turns the backup off. */
  @IsString()
  MESSAGING_BACKUP_FILE: string = './data/jobs_backup.json';

  @IsInt()
  @Min(100)
  @Max(300_000)
  WEBHOOK_TIMEOUT_MS: number = 10_000;

  /** How long a job reserved by a worker that stopped answering stays invisible to others. */
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  MESSAGING_VISIBILITY_TIMEOUT_MS: number = 30_000;

  /** How often a scheduler re-reads every schedule from the store, to repair a missed notification. */
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  SCHEDULER_RECONCILE_INTERVAL_MS: number = 30_000;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevelName = 'log';

  @IsIn(LOG_FORMATS)
  LOG_FORMAT: LogFormat = 'json';
}

/** Thrown at start-up; the message names every variable that is wrong and why. */
export class InvalidEnvironmentError extends Error {
  override readonly name = 'InvalidEnvironmentError';
}

function describe(error: ValidationError, raw: Record<string, unknown>): string {
  const reasons = Object.values(error.constraints ?? {}).join('; ');
  return `${error.property}=${JSON.stringify(raw[error.property])}: ${reasons}`;
}

/** Validates `process.env`-shaped input; unset or empty variables take their defaults. */
export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  const defaults = new EnvironmentVariables();
  const provided = Object.fromEntries(
    Object.keys(defaults)
      .filter((name) => raw[name] !== undefined && raw[name] !== '')
      .map((name) => [name, raw[name]]),
  );
  // MESSAGING_BACKUP_FILE may be set empty on purpose, to turn the backup off.
  if (raw.MESSAGING_BACKUP_FILE === '') provided.MESSAGING_BACKUP_FILE = '';
  const environment = plainToInstance(
    EnvironmentVariables,
    { ...defaults, ...provided },
    { enableImplicitConversion: true },
  );
  const errors = validateSync(environment, { forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new InvalidEnvironmentError(
      `Invalid configuration:\n${errors.map((error) => `  - ${describe(error, raw)}`).join('\n')}`,
    );
  }
  return environment;
}
