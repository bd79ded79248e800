import { runBackgroundApplication } from '@app/config';
import { SchedulerAppModule } from './scheduler-app.module';

void runBackgroundApplication('Task scheduler engine', SchedulerAppModule);
