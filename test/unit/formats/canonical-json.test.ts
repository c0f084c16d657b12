/**
 * The event's JSON text handed to an encoder (src/formats/canonical-json.ts): taken as it is when
 * it is a one-line string, the event serialised otherwise; the `canonical` record format and the
 * syslog JSON body use it.
 */
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../schemas/canonical/event.js';
import { canonicalJsonOf } from '../../../src/formats/canonical-json.js';
import { recordFormat } from '../../../src/formats/record-format.js';
import { GOLDEN_EVENTS } from '../../golden/canonical-events.js';

const EVENT = GOLDEN_EVENTS[1] as CanonicalEvent;
const SPACED = JSON.stringify(EVENT, null, 1).replace(/\n */g, ' ');

describe('canonicalJsonOf', () => {
  it('is the text given when it is one line, the event serialised when none is given', () => {
    expect(canonicalJsonOf(EVENT, SPACED)).toBe(SPACED);
    expect(canonicalJsonOf(EVENT, undefined)).toBe(JSON.stringify(EVENT));
  });

  it('does not take a text with a raw LF or CR, which no record may hold', () => {
    expect(canonicalJsonOf(EVENT, JSON.stringify(EVENT, null, 2))).toBe(JSON.stringify(EVENT));
    expect(canonicalJsonOf(EVENT, SPACED.replace(' ', '\r'))).toBe(JSON.stringify(EVENT));
  });

  it('ignores what is not a string: events.map(encode) passes each index', () => {
    const encode = recordFormat('canonical')?.encoder({ product: { vendor: 'A', name: 'B' } });
    if (encode === undefined) throw new Error('no canonical format');
    expect([EVENT, EVENT].map(encode as unknown as (e: CanonicalEvent, i: number) => string)).toEqual([JSON.stringify(EVENT), JSON.stringify(EVENT)]);
    const syslog = recordFormat('syslog5424')?.encoder({ product: { vendor: 'A', name: 'B' } });
    expect([EVENT].map(syslog as unknown as (e: CanonicalEvent, i: number) => string)).toEqual([syslog?.(EVENT)]);
  });

  it('is what the canonical record format writes', () => {
    const encode = recordFormat('canonical')?.encoder({ product: { vendor: 'A', name: 'B' } });
    expect(encode?.(EVENT, SPACED)).toBe(SPACED);
    expect(encode?.(EVENT)).toBe(JSON.stringify(EVENT));
  });
});
