import { AppConfig } from './app-config';
import { EnvironmentVariables, validateEnvironment } from './environment';

describe('validateEnvironment', () => {
  it('gives every variable its documented default when nothing is set', () => {
    expect(validateEnvironment({})).toEqual(new EnvironmentVariables());
    expect(new AppConfig(validateEnvironment({}))).toMatchObject({
      port: 3000,
      storeBackend: 'sqlite',
      sqlitePath: './data/scheduler.sqlite',
      defaultTimezone: 'UTC',
      messagingWorkers: 3,
      messagingBackupFile: './data/jobs_backup.json',
    });
  });

  it('converts numbers and keeps given values', () => {
    const config = new AppConfig(
      validateEnvironment({ PORT: '8080', MESSAGING_WORKERS: '0', SCHEDULER_BACKEND: 'redis' }),
    );
    expect(config).toMatchObject({ port: 8080, messagingWorkers: 0, storeBackend: 'redis' });
  });

  it('turns the queue backup off when MESSAGING_BACKUP_FILE is set empty', () => {
    expect(
      new AppConfig(validateEnvironment({ MESSAGING_BACKUP_FILE: '' })).messagingBackupFile,
    ).toBeNull();
  });

  it('names every bad variable, its value and what is wrong, in one error', () => {
    const attempt = () =>
      validateEnvironment({
        PORT: 'abc',
        SCHEDULER_BACKEND: 'postgres',
        SCHEDULER_TIMEZONE: 'Mars/Olympus',
        REDIS_URL: 'http://example',
        LOG_LEVEL: 'loud',
      });

    expect(attempt).toThrow(/^Invalid configuration:/);
    const message = (() => {
      try {
        attempt();
      } catch (error) {
        return (error as Error).message;
      }
    })()!;
    for (const expected of [
      'PORT="abc"',
      'SCHEDULER_BACKEND="postgres"',
      'SCHEDULER_TIMEZONE="Mars/Olympus"',
      'REDIS_URL="http://example"',
      'LOG_LEVEL="loud"',
    ]) {
      expect(message).toContain(expected);
    }
    expect(message).toContain('one of the following values: sqlite, memory, redis');
  });
});
