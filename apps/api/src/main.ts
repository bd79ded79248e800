import { runHttpApplication } from '@app/tasks';
import { ApiModule } from './api.module';

void runHttpApplication('Task scheduler API', ApiModule);
