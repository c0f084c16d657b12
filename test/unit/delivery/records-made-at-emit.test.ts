/**
 * Records made at emit (src/delivery/records-made-at-emit.ts): `emit` makes a destination's
 * records from the events at hand, and the pipeline takes them instead of parsing the queued JSON
 * again, only where they are the records the queued JSON makes.
 *
 * The class alone: taken once, for the entry with the very bytes; refused and forgotten when an
 * entry's bytes differ (seqs of a failed append taken by the next one); records read past are
 * forgotten; nothing is made for an event JSON would change, or one the encoder refuses; the cap.
 * Then a real forwarder (disk queue, file destination) in both modes: what is written is exactly
 * the records of the events' JSON, whether made at emit (paced emits), made from the queue past
 * the cap (a burst), or not made at all (an event JSON changes, whose ECS record made from the
 * object would differ); and an event changed by its caller after `emit` resolved is delivered as
 * emitted.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import type { RecordBytes } from '../../../src/destinations/destination.js';
import { parseConfig } from '../../../src/delivery/config/load.js';
import type { Forwarder } from '../../../src/delivery/forwarder.js';
import { RecordsMadeAtEmit } from '../../../src/delivery/records-made-at-emit.js';
import { recordFormat } from '../../../src/formats/record-format.js';
import { events } from '../destinations/fixtures.js';
import { FORWARDER_MODES } from '../../helpers/forwarder-modes.js';
import { testScope } from '../../helpers/test-scope.js';

const { cleanup, tempDir } = testScope('siemkit-made-at-emit-');

const bytesOf = (e: CanonicalEvent): Buffer => Buffer.from(JSON.stringify(e), 'utf8');
const entry = (b: Buffer): RecordBytes => ({ buffer: b, start: 0, end: b.length });
/** The bytes inside a larger buffer, as a queue read returns them. */
const within = (b: Buffer): RecordBytes => ({ buffer: Buffer.concat([Buffer.from('xx'), b, Buffer.from('yy')]), start: 2, end: 2 + b.length });
const recordOf = (e: CanonicalEvent): string => `R:${e.event_id}`;

describe('RecordsMadeAtEmit', () => {
  it('gives the record made for a seq to the entry with the very bytes, once', () => {
    const made = new RecordsMadeAtEmit(recordOf, 1 << 20);
    const list = events(3, 'm');
    const data = list.map(bytesOf);
    made.make(10, list, data);
    expect(made.held.records).toBe(3);
    expect(made.take(10, entry(data[0] as Buffer))).toBe('R:evt_m_0');
    expect(made.take(11, within(data[1] as Buffer))).toBe('R:evt_m_1');
    // Taken: read again (after a rewind), it is not there, and the queued JSON is parsed instead.
    expect(made.take(11, entry(data[1] as Buffer))).toBeUndefined();
    expect(made.take(12, entry(data[2] as Buffer))).toBe('R:evt_m_2');
    expect(made.held).toEqual({ records: 0, bytes: 0 });
  });

  it('refuses a record whose entry holds other bytes (a failed append’s seqs, taken by the next), and forgets it', () => {
    const made = new RecordsMadeAtEmit(recordOf, 1 << 20);
    const [lost, kept] = events(2, 'f');
    // Made for seq 5, but that append failed: seq 5 went to the next append's event.
    made.make(5, [lost as CanonicalEvent], [bytesOf(lost as CanonicalEvent)]);
    made.make(5, [kept as CanonicalEvent], [bytesOf(kept as CanonicalEvent)]);
    expect(made.held).toEqual({ records: 1, bytes: 'R:evt_f_1'.length + bytesOf(kept as CanonicalEvent).length });
    expect(made.take(5, entry(bytesOf(kept as CanonicalEvent)))).toBe('R:evt_f_1');
    expect(made.held).toEqual({ records: 0, bytes: 0 });
    const other = new RecordsMadeAtEmit(recordOf, 1 << 20);
    other.make(5, [lost as CanonicalEvent], [bytesOf(lost as CanonicalEvent)]);
    expect(other.take(5, entry(bytesOf(kept as CanonicalEvent)))).toBeUndefined();
    expect(other.held.records).toBe(0);
  });

  it('forgets the records of seqs read past, and has none for a seq before its oldest', () => {
    const made = new RecordsMadeAtEmit(recordOf, 1 << 20);
    const list = events(4, 'p');
    const data = list.map(bytesOf);
    made.make(1, list, data);
    expect(made.take(3, entry(data[2] as Buffer))).toBe('R:evt_p_2');
    expect(made.held.records).toBe(1);
    expect(made.take(1, entry(data[0] as Buffer))).toBeUndefined();
    expect(made.take(4, entry(data[3] as Buffer))).toBe('R:evt_p_3');
  });

  it('makes nothing for an event JSON would give back changed, nor for one the encoder refuses', () => {
    const made = new RecordsMadeAtEmit((e) => {
      if (e.event_id === 'evt_r_1') throw new Error('cannot encode');
      return recordOf(e);
    }, 1 << 20);
    const [a, refused, c] = events(3, 'r') as [CanonicalEvent, CanonicalEvent, CanonicalEvent];
    const changed = { ...c, request_id: undefined } as unknown as CanonicalEvent;
    made.make(1, [a, refused, changed], [a, refused, changed].map(bytesOf));
    expect(made.held.records).toBe(1);
    expect(made.take(1, entry(bytesOf(a)))).toBe('R:evt_r_0');
    expect(made.take(2, entry(bytesOf(refused)))).toBeUndefined();
    expect(made.take(3, entry(bytesOf(changed)))).toBeUndefined();
  });

  it('stops making at its cap, and makes again once records are taken', () => {
    // One event six times over: records of one size.
    const list = Array.from({ length: 6 }, (_, i) => ({ ...(events(1)[0] as CanonicalEvent), event_id: `evt_c_${i}` }));
    const data = list.map(bytesOf);
    const one = recordOf(list[0] as CanonicalEvent).length + (data[0] as Buffer).length;
    const made = new RecordsMadeAtEmit(recordOf, 2 * one);
    made.make(1, list.slice(0, 4), data.slice(0, 4));
    expect(made.held.records).toBe(2);
    expect(made.take(1, entry(data[0] as Buffer))).toBe('R:evt_c_0');
    expect(made.take(2, entry(data[1] as Buffer))).toBe('R:evt_c_1');
    expect(made.take(3, entry(data[2] as Buffer))).toBeUndefined();
    made.make(5, list.slice(4), data.slice(4));
    expect(made.held.records).toBe(2);
  });
});

describe.each(FORWARDER_MODES)('a forwarder, $mode', ({ mode, create }) => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  async function forwarder(format: string): Promise<{ f: Forwarder; file: string; encode: (e: CanonicalEvent) => string }> {
    const dir = tempDir();
    const file = path.join(dir, 'out.ndjson');
    const config = parseConfig({ data_dir: dir, destinations: [{ name: 'archive', type: 'file', format, path: file, batch: { max_events: 50, flush_interval_ms: 0 } }] }, 'test', { baseDir: dir });
    const f = await create(config, { log: () => undefined });
    cleanup.push(() => f.close({ deadlineMs: 0 }).then(() => undefined));
    const encode = (recordFormat(format) as NonNullable<ReturnType<typeof recordFormat>>).encoder({ product: config.product });
    return { f, file, encode };
  }

  const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
  /** The records the queued JSON makes: each event through JSON, then the encoder. */
  const fromJson = (encode: (e: CanonicalEvent) => string, list: readonly unknown[]): string[] => list.map((e) => encode(JSON.parse(JSON.stringify(e)) as CanonicalEvent));

  it('writes exactly the records of the events’ JSON, made at emit or not', async () => {
    const take = vi.spyOn(RecordsMadeAtEmit.prototype, 'take');
    const { f, file, encode } = await forwarder('ocsf');
    const paced = events(120, 'paced');
    for (let i = 0; i < paced.length; i += 20) {
      await f.emit(paced.slice(i, i + 20));
      await f.flush();
    }
    // A burst past what is made ahead (4 MiB, some 1,700 records): most of it made from the queue.
    const burst = events(6_000, 'burst');
    await Promise.all([0, 1, 2, 3, 4, 5].map((k) => f.emit(burst.slice(k * 1_000, (k + 1) * 1_000))));
    expect((await f.flush()).drained).toBe(true);
    expect(lines(file)).toEqual(fromJson(encode, [...paced, ...burst]));
    if (mode === 'in-thread') {
      const taken = take.mock.results.filter((r) => r.type === 'return' && r.value !== undefined).length;
      expect(taken).toBeGreaterThanOrEqual(paced.length);
      expect(taken).toBeLessThan(paced.length + burst.length);
    }
  });

  it('an event that JSON gives back changed is written as its JSON makes it (ECS writes an empty payload for an undefined member of the object)', async () => {
    const { f, file, encode } = await forwarder('ecs');
    // The fourth golden event's payload is all mapped to ECS fields: what is left over, `{ note: undefined }`, ECS writes as `"payload":{}`; parsed from JSON, nothing is left over.
    const [plain, , , other] = events(4, 'u');
    const odd = { ...(other as CanonicalEvent), payload: { ...(other as CanonicalEvent).payload, note: undefined } };
    // Made from the object, the record would differ from the queued JSON's.
    expect(encode(odd as CanonicalEvent)).not.toBe(fromJson(encode, [odd])[0]);
    await f.emit([plain, odd]);
    expect((await f.flush()).drained).toBe(true);
    expect(lines(file)).toEqual(fromJson(encode, [plain, odd]));
  });

  it('delivers an event as emitted when its caller changes the object once emit has resolved', async () => {
    const { f, file, encode } = await forwarder('ocsf');
    const list = events(30, 'mut');
    const before = structuredClone(list);
    await f.emit(list);
    for (const e of list) {
      e.message = 'changed after emit';
      e.actor.id = 'usr_someone_else';
    }
    expect((await f.flush()).drained).toBe(true);
    expect(lines(file)).toEqual(fromJson(encode, before));
  });
});
