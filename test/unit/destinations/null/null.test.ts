/** The `null` destination accepts and discards; it still encodes, so a dry run finds unencodable events. */
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../../schemas/canonical/event.js';
import { createNullDestination, NULL_DESTINATION_TYPE } from '../../../../src/destinations/null/destination.js';
import { RECORD_FORMATS } from '../../../../src/formats/record-format.js';
import { batchOf, contextFor, encoderFor, events, never } from '../fixtures.js';

describe('null destination', () => {
  it('resolves every send and encodes with the context encoder', async () => {
    const d = createNullDestination({}, contextFor('void', { format: 'ecs' }));
    const list = events(3);
    expect(d.encode(list[0] as CanonicalEvent)).toBe(encoderFor('ecs')(list[0] as CanonicalEvent));
    await expect(d.send(batchOf(list), never())).resolves.toBeUndefined();
    await expect(d.close()).resolves.toBeUndefined();
    expect(d).toMatchObject({ name: 'void', type: 'null' });
  });

  it('rejects with the abort reason once aborted', async () => {
    const d = createNullDestination({}, contextFor('void'));
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await expect(d.send(batchOf(events(1)), ac.signal)).rejects.toThrow('stop');
  });

  it('takes every format and no settings', () => {
    expect(NULL_DESTINATION_TYPE.formats).toEqual(RECORD_FORMATS.map((f) => f.name));
    expect(NULL_DESTINATION_TYPE.secretKeys).toEqual([]);
  });
});
