import { runHttpApplication } from '@app/tasks';
import { MonolithModule } from './monolith.module';

void runHttpApplication('Task scheduler (monolith)', MonolithModule);
