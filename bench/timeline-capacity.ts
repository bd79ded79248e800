/**
 * Capacity check for the scheduler's timeline: memory per tracked task and the cost of
 * computing next occurrences, against a baseline measured in the same run (one Node timer per
 * task, as schedulers that arm a timer or a cron object per job do).
 *
 *   npx ts-node -r tsconfig-paths/register --transpile-only bench/timeline-capacity.ts [tasks]
 */
import { RepeatInterval, TaskType } from '@app/contracts';
import { OccurrenceTimeline } from '../libs/scheduler/src/engine/occurrence-timeline';
import { nextOccurrenceAfter } from '../libs/scheduler/src/occurrences/occurrences';

const count = Number(process.argv[2] ?? 100_000);
const gc = (globalThis as { gc?: () => void }).gc;

function heapAfter(build: () => unknown): { bytes: number; keep: unknown } {
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const keep = build();
  gc?.();
  return { bytes: process.memoryUsage().heapUsed - before, keep };
}

const start = Date.now() + 3_600_000;
const timeline = heapAfter(() => {
  const heap = new OccurrenceTimeline();
  for (let index = 0; index < count; index++) heap.set(`task-${index}`, start + index);
  return heap;
});
const timers = heapAfter(() =>
  Array.from({ length: count }, (_, index) => setTimeout(() => undefined, 3_600_000 + index)),
);
(timers.keep as NodeJS.Timeout[]).forEach(clearTimeout);

const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe'];
const patterns = ['0 9 * * *', '*/15 * * * *', '30 2 * * MON-FRI', '0 0 31 * *'];
const specs = Array.from({ length: 10_000 }, (_, index) => ({
  taskType: TaskType.Repeated,
  repeatInterval: RepeatInterval.Custom,
  cronExpression: patterns[index % patterns.length],
  timezone: zones[index % zones.length],
  scheduledAt: new Date(),
}));
const computeStart = process.hrtime.bigint();
for (const spec of specs) nextOccurrenceAfter(spec, new Date());
const microsPerNext = Number(process.hrtime.bigint() - computeStart) / 1_000 / specs.length;

const perTask = (bytes: number) => (bytes / count).toFixed(0);
console.log(
  `tasks tracked: ${count}${gc ? '' : ' (run node with --expose-gc for exact heap figures)'}`,
);
console.log(
  `timeline heap: ${perTask(timeline.bytes)} B/task; one timer per task: ${perTask(timers.bytes)} B/task`,
);
console.log(`ratio timer-per-task / timeline: ${(timers.bytes / timeline.bytes).toFixed(2)}`);
console.log(`next occurrence (cron, 4 zones incl. DST): ${microsPerNext.toFixed(1)} µs each`);
