import { runBackgroundApplication } from '@app/config';
import { MessagingAppModule } from './messaging-app.module';

void runBackgroundApplication('Task scheduler messaging', MessagingAppModule);
