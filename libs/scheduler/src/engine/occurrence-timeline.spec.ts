import { OccurrenceTimeline } from './occurrence-timeline';

describe('OccurrenceTimeline', () => {
  it('returns due tasks earliest first and leaves later ones', () => {
    const timeline = new OccurrenceTimeline();
    timeline.set('c', 300);
    timeline.set('a', 100);
    timeline.set('b', 200);
    timeline.set('d', 400);

    expect(timeline.takeDue(300).map((entry) => entry.taskId)).toEqual(['a', 'b', 'c']);
    expect(timeline.peek()).toBe(400);
    expect(timeline.size).toBe(1);
  });

  it('follows a moved task to its new time and forgets a removed one', () => {
    const timeline = new OccurrenceTimeline();
    timeline.set('moved', 100);
    timeline.set('removed', 150);
    timeline.set('moved', 500);
    timeline.remove('removed');

    expect(timeline.peek()).toBe(500);
    expect(timeline.takeDue(400)).toEqual([]);
    expect(timeline.takeDue(500)).toEqual([{ taskId: 'moved', at: 500 }]);
    expect(timeline.peek()).toBeUndefined();
  });

  it('stays ordered and bounded under heavy churn', () => {
    const timeline = new OccurrenceTimeline();
    const expected = new Map<string, number>();
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let step = 0; step < 50_000; step++) {
      const id = `t${Math.floor(random() * 1_000)}`;
      if (random() < 0.2) {
        timeline.remove(id);
        expected.delete(id);
      } else {
        const at = Math.floor(random() * 1_000_000);
        timeline.set(id, at);
        expected.set(id, at);
      }
    }

    const due = timeline.takeDue(Number.MAX_SAFE_INTEGER);
    expect(due).toHaveLength(expected.size);
    expect(due.map((entry) => entry.at)).toEqual([...expected.values()].sort((a, b) => a - b));
    for (const entry of due) expect(expected.get(entry.taskId)).toBe(entry.at);
  });
});
