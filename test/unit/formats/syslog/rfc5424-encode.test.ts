import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../../schemas/canonical/event.js';
import type { SyslogBody } from '../../../../src/formats/syslog/body.js';
import { createRfc5424Encoder, encodeRfc5424 } from '../../../../src/formats/syslog/rfc5424-encode.js';
import { readRfc5424 } from '../../../../src/formats/syslog/rfc5424-parse.js';
import { GOLDEN_EVENTS } from '../../../golden/canonical-events.js';

const PRODUCT = { vendor: 'Acme', name: 'ScaiDrive', version: '1.4.2' };
const EVENT: CanonicalEvent = {
  event_id: 'evt_1',
  timestamp: '2024-05-14T11:21:07.123456+02:00',
  tenant_id: 'tnt "a" [b] \\c',
  category: 'AUTHENTICATION',
  action: 'user.login',
  outcome: 'failure',
  severity: 'medium',
  actor: { type: 'user', id: 'usr_1', name: 'Zoë\r\nLine' },
  message: 'two\nlines\r\n',
};

describe('encodeRfc5424', () => {
  it('writes PRI, VERSION, a UTC millisecond TIMESTAMP, the header fields, siemkit SD and BOM + JSON', () => {
    const message = encodeRfc5424(EVENT, { product: PRODUCT, hostname: 'host.example', procId: '4242' });
    expect(message).toBe(
      '<108>1 2024-05-14T09:21:07.123Z host.example ScaiDrive 4242 user.login ' +
        '[siemkit@32473 event_id="evt_1" tenant_id="tnt \\"a\\" [b\\] \\\\c" category="AUTHENTICATION" action="user.login" outcome="failure" severity="medium" actor_type="user" actor_id="usr_1"] ' +
        `\ufeff${JSON.stringify(EVENT)}`,
    );
    // The BOM is EF BB BF in UTF-8, right before the body.
    const bytes = Buffer.from(message);
    const at = bytes.indexOf(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(bytes.subarray(at + 3).toString()).toBe(JSON.stringify(EVENT));
  });

  it('defaults: facility 13 (log audit), enterprise number 32473, HOSTNAME and PROCID NILVALUE', () => {
    const message = encodeRfc5424({ ...EVENT, severity: 'info' }, { product: PRODUCT });
    expect(message.startsWith('<110>1 2024-05-14T09:21:07.123Z - ScaiDrive - user.login [siemkit@32473 ')).toBe(true);
  });

  it('puts the facility and severity in PRI', () => {
    const severities = { info: 6, low: 5, medium: 4, high: 3, critical: 2 } as const;
    for (const facility of [0, 4, 13, 16, 23]) {
      for (const [severity, code] of Object.entries(severities)) {
        const message = encodeRfc5424({ ...EVENT, severity: severity as CanonicalEvent['severity'] }, { product: PRODUCT, facility });
        expect(message.slice(0, message.indexOf('>') + 1)).toBe(`<${facility * 8 + code}>`);
      }
    }
  });

  it('takes the enterprise number into the SD-ID', () => {
    expect(encodeRfc5424(EVENT, { product: PRODUCT, enterpriseNumber: 4711 })).toContain(' [siemkit@4711 event_id="evt_1" ');
  });

  it('sanitises HOSTNAME, APP-NAME and PROCID to printable ASCII within their caps', () => {
    const product = { vendor: 'Acme', name: `Scai Drive ☁ ${'x'.repeat(60)}` };
    const message = encodeRfc5424(EVENT, { product, hostname: `hôst\tname ${'h'.repeat(300)}`, procId: `p i d\n${'9'.repeat(200)}` });
    const r = readRfc5424(message);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.hostname).toBe(`h_st_name_${'h'.repeat(245)}`);
    expect(r.value.appName).toBe(`Scai_Drive___${'x'.repeat(35)}`);
    expect(r.value.procId).toBe(`p_i_d_${'9'.repeat(122)}`);
  });

  it('makes MSGID of the action, cut at 32 octets', () => {
    const action = 'very_long_object_name.with_a_long_verb_too';
    const r = readRfc5424(encodeRfc5424({ ...EVENT, category: 'SECURITY', action }, { product: PRODUCT }));
    expect(r.ok && r.value.msgId).toBe(action.slice(0, 32));
  });

  it('writes NILVALUE for an instant outside years 0000-9999 in UTC', () => {
    const message = encodeRfc5424({ ...EVENT, timestamp: '0000-01-01T00:00:00+00:01' }, { product: PRODUCT });
    expect(message.startsWith('<108>1 - - ScaiDrive - user.login [')).toBe(true);
  });

  it('holds no raw CR or LF anywhere, though the event has them', () => {
    const message = encodeRfc5424({ ...EVENT, tenant_id: 'a\rb', actor: { type: 'user', id: 'x\ny' } }, { product: PRODUCT, hostname: 'a\nb', procId: '\r' });
    expect(message).not.toMatch(/[\r\n]/);
    expect(message).not.toContain('tenant_id=');
    expect(message).not.toContain('actor_id=');
  });

  it('is the same from createRfc5424Encoder, for every golden event', () => {
    const encode = createRfc5424Encoder({ product: PRODUCT, hostname: 'h' });
    for (const event of GOLDEN_EVENTS) expect(encode(event)).toBe(encodeRfc5424(event, { product: PRODUCT, hostname: 'h' }));
  });

  it('rejects options outside their ranges with a RangeError', () => {
    expect(() => encodeRfc5424(EVENT, { product: PRODUCT, facility: 24 })).toThrow(RangeError);
    expect(() => encodeRfc5424(EVENT, { product: PRODUCT, facility: -1 })).toThrow(RangeError);
    expect(() => encodeRfc5424(EVENT, { product: PRODUCT, enterpriseNumber: -5 })).toThrow(RangeError);
    expect(() => encodeRfc5424(EVENT, { product: PRODUCT, body: 'xml' as SyslogBody })).toThrow(RangeError);
  });
});
