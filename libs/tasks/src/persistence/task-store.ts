import { RunRepository, TaskRepository } from '@app/contracts';

/** One backend's repositories, sharing one connection, closed together at shutdown. */
export interface TaskStore {
  tasks: TaskRepository;
  runs: RunRepository;
  close(): Promise<void>;
}
