export { AppConfig } from './app-config';
export { AppConfigModule } from './app-config.module';
export * from './environment';
export { createLogger } from './logging';
export { runApplication, runBackgroundApplication } from './bootstrap';
