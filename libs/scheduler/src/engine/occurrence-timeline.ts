interface Entry {
  at: number;
  taskId: string;
}

/**
 * Each tracked task's next due time, ordered by a binary min-heap: O(log n) per change and a few
 * dozen bytes per task, so a million schedules fit easily. A task that is moved or removed leaves
 * its old heap entry behind; entries that no longer match `dueAt` are skipped and compacted away.
 */
export class OccurrenceTimeline {
  private heap: Entry[] = [];
  private readonly dueAt = new Map<string, number>();

  get size(): number {
    return this.dueAt.size;
  }

  set(taskId: string, at: number): void {
    if (this.dueAt.get(taskId) === at) return;
    this.dueAt.set(taskId, at);
    this.push({ at, taskId });
    if (this.heap.length > 2 * this.dueAt.size + 1024) this.compact();
  }

  remove(taskId: string): void {
    this.dueAt.delete(taskId);
  }

  /** Makes `entries` the whole timeline: tasks not among them are dropped. */
  replaceAll(entries: Entry[]): void {
    const keep = new Set(entries.map((entry) => entry.taskId));
    for (const taskId of this.dueAt.keys()) if (!keep.has(taskId)) this.dueAt.delete(taskId);
    for (const entry of entries) this.set(entry.taskId, entry.at);
  }

  /** The earliest due time, if any task is tracked. */
  peek(): number | undefined {
    this.dropStale();
    return this.heap[0]?.at;
  }

  /** Removes and returns every task due at or before `now`, earliest first. */
  takeDue(now: number): Entry[] {
    const due: Entry[] = [];
    for (let next = this.peek(); next !== undefined && next <= now; next = this.peek()) {
      const entry = this.pop()!;
      this.dueAt.delete(entry.taskId);
      due.push(entry);
    }
    return due;
  }

  private isCurrent(entry: Entry): boolean {
    return this.dueAt.get(entry.taskId) === entry.at;
  }

  private dropStale(): void {
    while (this.heap.length > 0 && !this.isCurrent(this.heap[0])) this.pop();
  }

  private compact(): void {
    this.heap = this.heap.filter((entry) => this.isCurrent(entry));
    for (let index = (this.heap.length >> 1) - 1; index >= 0; index--) this.siftDown(index);
  }

  private push(entry: Entry): void {
    this.heap.push(entry);
    let index = this.heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (this.heap[parent].at <= entry.at) break;
      this.heap[index] = this.heap[parent];
      index = parent;
    }
    this.heap[index] = entry;
  }

  private pop(): Entry | undefined {
    const top = this.heap[0];
    const last = this.heap.pop();
    if (this.heap.length > 0 && last) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private siftDown(start: number): void {
    const entry = this.heap[start];
    let index = start;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= this.heap.length) break;
      const right = left + 1;
      const child =
        right < this.heap.length && this.heap[right].at < this.heap[left].at ? right : left;
      if (this.heap[child].at >= entry.at) break;
      this.heap[index] = this.heap[child];
      index = child;
    }
    this.heap[index] = entry;
  }
}
