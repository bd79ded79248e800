import { ConsoleLogger, LogLevel } from '@nestjs/common';
import { LOG_LEVELS } from './environment';
import { AppConfig } from './app-config';

/** A logger that prints `config.logLevel` and every more severe level, as JSON lines or text. */
export function createLogger(config: Pick<AppConfig, 'logLevel' | 'logFormat'>): ConsoleLogger {
  const logLevels = LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(config.logLevel) + 1) as LogLevel[];
  return new ConsoleLogger({ logLevels, json: config.logFormat === 'json' });
}
