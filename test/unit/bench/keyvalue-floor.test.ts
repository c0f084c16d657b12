import { describe, expect, it } from 'vitest';
import { checkFloors, floorCef, floorLeef } from '../../../bench/keyvalue-floor.js';
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import { encodeCef } from '../../../src/formats/cef/index.js';
import { encodeLeef } from '../../../src/formats/leef/index.js';
import { GOLDEN_EVENTS } from '../../golden/canonical-events.js';

const product = { vendor: 'Acme', name: 'ScaiDrive', version: '1.4.2' };

describe('the CEF and LEEF floors of bench/formats.bench.ts', () => {
  it('write, for every golden event, the very line encodeCef and encodeLeef write', () => {
    for (const event of GOLDEN_EVENTS) {
      expect(floorCef(event), event.event_id).toBe(encodeCef(event, { product }));
      expect(floorLeef(event), event.event_id).toBe(encodeLeef(event, { product }));
    }
  });

  it('are read back to each golden event by the real parsers', () => {
    expect(() => checkFloors(GOLDEN_EVENTS)).not.toThrow();
  });

  it('are refused by checkFloors for an event outside the golden shape, naming it', () => {
    const golden = GOLDEN_EVENTS[0] as CanonicalEvent;
    // A message over msg's 1,023 characters: encodeCef keeps it in the rest, the floor writes it into msg.
    const long: CanonicalEvent = { ...golden, event_id: 'evt_long_message', message: 'x'.repeat(1_100) };
    expect(floorCef(long)).not.toBe(encodeCef(long, { product }));
    expect(() => checkFloors([long])).toThrow(/floorCef does not give event evt_long_message back/);
  });
});
