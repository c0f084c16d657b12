import { describe, expect, it } from 'vitest';
import type { RecordRejection } from '../../../../src/delivery/inputs/emit-records.js';
import { batchRecords, emitRecords } from '../../../../src/delivery/inputs/emit-records.js';
import type { InputRecord } from '../../../../src/delivery/inputs/ndjson-stream.js';
import { readNdjson } from '../../../../src/delivery/inputs/ndjson-stream.js';
import { GOLDEN_EVENTS } from '../../../golden/canonical-events.js';
import { eventually, FakeSink } from './fake-sink.js';

async function* from<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

/** A source that yields what it is given and waits, as a followed file does. */
function controlledSource<T>(): { source: AsyncGenerator<T>; push: (item: T) => void; end: () => void; reads: () => number } {
  const queue: T[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  let reads = 0;
  async function* source(): AsyncGenerator<T> {
    for (;;) {
      while (queue.length === 0 && !ended) await new Promise<void>((r) => (wake = r));
      if (queue.length === 0) return;
      reads++;
      yield queue.shift() as T;
    }
  }
  return {
    source: source(),
    push: (item) => {
      queue.push(item);
      wake?.();
    },
    end: () => {
      ended = true;
      wake?.();
    },
    reads: () => reads,
  };
}

describe('batchRecords', () => {
  it('cuts a fast source into batches of maxRecords, keeping order', async () => {
    const items = Array.from({ length: 2_501 }, (_, i) => i);
    const batches = await collect(batchRecords(from(items), { maxRecords: 1_000 }));
    expect(batches.map((b) => b.length)).toEqual([1_000, 1_000, 501]);
    expect(batches.flat()).toEqual(items);
  });

  it('closes a batch after maxDelayMs while the source waits for more', async () => {
    const c = controlledSource<number>();
    const batches = batchRecords(c.source, { maxRecords: 1_000, maxDelayMs: 5 });
    c.push(1);
    c.push(2);
    // The source has nothing more and has not ended: only the timer can close this batch.
    expect((await batches.next()).value).toEqual([1, 2]);
    c.push(3);
    expect((await batches.next()).value).toEqual([3]);
    c.end();
    expect((await batches.next()).done).toBe(true);
  });

  it('stops without waiting for a source that is blocked', async () => {
    const c = controlledSource<number>();
    const batches = batchRecords(c.source, { maxDelayMs: 1 });
    c.push(1);
    expect((await batches.next()).value).toEqual([1]);
    // A read is now pending on the blocked source; return() must not hang on it.
    await batches.return(undefined);
    c.end();
  });
});

describe('emitRecords', () => {
  const [first, second, third] = GOLDEN_EVENTS as [unknown, unknown, unknown];

  it('emits readable records in order and reports refused ones by record number', async () => {
    const sink = new FakeSink();
    const bad = { ...(second as object), severity: 'apocalyptic' };
    const text = [JSON.stringify(first), 'not json', JSON.stringify(bad), JSON.stringify(third)].join('\n');
    const rejected: RecordRejection[] = [];
    const result = await emitRecords(readNdjson([text]), sink, { onRejected: (r) => rejected.push(r) });
    expect(result).toEqual({ records: 4, accepted: 2, rejected: 2 });
    expect(sink.events).toEqual([first, third]);
    expect(rejected.map((r) => r.index)).toEqual([2, 3]);
    expect(rejected[0]?.errors[0]?.code).toBe('json_invalid');
    expect(rejected[1]?.eventId).toBe((bad as unknown as { event_id: string }).event_id);
    expect(rejected[1]?.errors.some((e) => e.path === '/severity')).toBe(true);
  });

  it('emits one batch at a time, in order, each after the one before is done', async () => {
    const sink = new FakeSink();
    const records: InputRecord[] = Array.from({ length: 25 }, (_, i) => ({ index: i + 1, end: i, value: GOLDEN_EVENTS[i % GOLDEN_EVENTS.length] }));
    const done: number[][] = [];
    let open = 0;
    let maxOpen = 0;
    const emit = sink.emit.bind(sink);
    sink.emit = async (events) => {
      maxOpen = Math.max(maxOpen, ++open);
      try {
        return await emit(events);
      } finally {
        open--;
      }
    };
    await emitRecords(from(records), sink, { maxRecords: 10, onBatchDone: (b) => void done.push(b.map((r) => r.index)) });
    expect(sink.calls.map((c) => c.length)).toEqual([10, 10, 5]);
    expect(done.flat()).toEqual(records.map((r) => r.index));
    expect(maxOpen).toBe(1);
  });

  it('reads the next batch while one is being emitted', async () => {
    const sink = new FakeSink();
    let release: () => void = () => {};
    sink.gate = new Promise((r) => (release = r));
    const c = controlledSource<InputRecord>();
    const running = emitRecords(c.source, sink, { maxRecords: 1 });
    c.push({ index: 1, end: 1, value: first });
    c.push({ index: 2, end: 2, value: second });
    await eventually(() => sink.calls.length === 1 && c.reads() === 2, 'the second record read during the first emit');
    release();
    c.end();
    expect(await running).toEqual({ records: 2, accepted: 2, rejected: 0 });
  });

  it('rejects with the error of emit, after the batches before it', async () => {
    const sink = new FakeSink();
    const records = Array.from({ length: 3 }, (_, i): InputRecord => ({ index: i + 1, end: i, value: first }));
    let calls = 0;
    const emit = sink.emit.bind(sink);
    sink.emit = async (events) => {
      if (++calls === 2) throw new Error('disk full');
      return emit(events);
    };
    await expect(emitRecords(from(records), sink, { maxRecords: 1 })).rejects.toThrow('disk full');
    expect(sink.events).toHaveLength(1);
  });

  it('does not call emit for a batch of unreadable records only', async () => {
    const sink = new FakeSink();
    const result = await emitRecords(readNdjson(['x\ny\n']), sink);
    expect(result).toEqual({ records: 2, accepted: 0, rejected: 2 });
    expect(sink.calls).toEqual([]);
  });
});
