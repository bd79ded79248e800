import { EnvironmentVariables, LogFormat, LogLevelName, StoreBackend } from './environment';

/** The validated configuration, in the names the code uses. Inject it; never read process.env. */
export class AppConfig {
  readonly port: number;
  readonly host: string;
  readonly storeBackend: StoreBackend;
  readonly sqlitePath: string;
  readonly redisUrl: string;
  readonly redisKeyPrefix: string;
  readonly defaultTimezone: string;
  readonly messagingWorkers: number;
  /** Null when the backup is turned off. */
  readonly messagingBackupFile: string | null;
  readonly webhookTimeoutMs: number;
  readonly visibilityTimeoutMs: number;
  readonly reconcileIntervalMs: number;
  readonly logLevel: LogLevelName;
  readonly logFormat: LogFormat;

  constructor(environment: EnvironmentVariables) {
    this.port = environment.PORT;
    this.host = environment.HOST;
    this.storeBackend = environment.SCHEDULER_BACKEND;
    this.sqlitePath = environment.SQLITE_PATH;
    this.redisUrl = environment.REDIS_URL;
    this.redisKeyPrefix = environment.REDIS_KEY_PREFIX;
    this.defaultTimezone = environment.SCHEDULER_TIMEZONE;
    this.messagingWorkers = environment.MESSAGING_WORKERS;
    this.messagingBackupFile = environment.MESSAGING_BACKUP_FILE || null;
    this.webhookTimeoutMs = environment.WEBHOOK_TIMEOUT_MS;
    this.visibilityTimeoutMs = environment.MESSAGING_VISIBILITY_TIMEOUT_MS;
    this.reconcileIntervalMs = environment.SCHEDULER_RECONCILE_INTERVAL_MS;
    this.logLevel = environment.LOG_LEVEL;
    this.logFormat = environment.LOG_FORMAT;
  }
}
