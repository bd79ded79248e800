export { TaskExecutionModule } from './execution/task-execution.module';
export { HealthModule } from './health/health.module';
export { InfrastructureModule } from './infrastructure/infrastructure.module';
export {
  configureHttpApplication,
  createFastifyAdapter,
  runHttpApplication,
} from './http/http-application';
export { TaskStoreModule } from './persistence/task-store.module';
export type { TaskStoreBackend, TaskStoreOptions } from './persistence/task-store.options';
export { TasksModule } from './tasks.module';
export { TasksService } from './tasks.service';
