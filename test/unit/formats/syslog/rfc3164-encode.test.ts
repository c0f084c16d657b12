import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../../schemas/canonical/event.js';
import { encodeRfc3164 } from '../../../../src/formats/syslog/rfc3164-encode.js';
import { GOLDEN_EVENTS } from '../../../golden/canonical-events.js';

const PRODUCT = { vendor: 'Acme', name: 'ScaiDrive', version: '1.4.2' };
const EVENT: CanonicalEvent = { ...(GOLDEN_EVENTS[0] as CanonicalEvent), timestamp: '2024-02-06T01:02:03.999+02:00', severity: 'critical' };

describe('encodeRfc3164', () => {
  it('writes <PRI>Mmm dd hh:mm:ss HOSTNAME TAG[pid]: and the JSON event', () => {
    expect(encodeRfc3164(EVENT, { product: PRODUCT, hostname: 'host.example', procId: '42' })).toBe(`<106>Feb  5 23:02:03 host.example ScaiDrive[42]: ${JSON.stringify(EVENT)}`);
  });

  it('leaves out [pid] without a procId, and writes "-" without a hostname', () => {
    expect(encodeRfc3164(EVENT, { product: PRODUCT, facility: 16 })).toBe(`<130>Feb  5 23:02:03 - ScaiDrive: ${JSON.stringify(EVENT)}`);
  });

  it('sanitises HOSTNAME, TAG and PID', () => {
    const message = encodeRfc3164(EVENT, { product: { vendor: 'A', name: 'Scai-Drive 2 ☁' }, hostname: 'my host\n', procId: '[1 2]' });
    expect(message.startsWith('<106>Feb  5 23:02:03 my_host_ ScaiDrive2[_1_2_]: {')).toBe(true);
  });

  it('holds no raw CR or LF', () => {
    const message = encodeRfc3164({ ...EVENT, message: 'a\r\nb', tenant_id: '\n' }, { product: PRODUCT, hostname: '\r\n' });
    expect(message).not.toMatch(/[\r\n]/);
  });

  it('rejects options outside their ranges', () => {
    expect(() => encodeRfc3164(EVENT, { product: PRODUCT, facility: 99 })).toThrow(RangeError);
  });
});
