import { Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { AppConfig } from './app-config';
import { EnvironmentVariables, validateEnvironment } from './environment';

/**
 * Reads the environment (a `.env` file fills in what the process environment leaves unset),
 * validates it when the application is created, and provides the result as `AppConfig`.
 */
@Global()
@Module({
  imports: [ConfigModule.forRoot()],
  providers: [
    {
      provide: AppConfig,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => {
        const names = Object.keys(new EnvironmentVariables());
        return new AppConfig(
          validateEnvironment(Object.fromEntries(names.map((name) => [name, config.get(name)]))),
        );
      },
    },
  ],
  exports: [AppConfig],
})
export class AppConfigModule {}
