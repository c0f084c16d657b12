import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIPv4, isIPv6, isIpAddress } from '../../../../schemas/formats/ip.js';

describe('isIPv4', () => {
  const cases: { in: string; out: boolean }[] = [
    { in: '0.0.0.0', out: true },
    { in: '203.0.113.9', out: true },
    { in: '255.255.255.255', out: true },
    { in: '256.0.0.1', out: false },
    { in: '10.0.0', out: false },
    { in: '10.0.0.1.2', out: false },
    { in: '010.0.0.1', out: false },
    { in: '10.0.0.', out: false },
    { in: '.10.0.0', out: false },
    { in: '10..0.1', out: false },
    { in: '1000.0.0.1', out: false },
    { in: ' 10.0.0.1', out: false },
    { in: '', out: false },
  ];
  for (const c of cases) it(JSON.stringify(c.in), () => expect(isIPv4(c.in)).toBe(c.out));
});

describe('isIPv6', () => {
  const cases: { in: string; out: boolean }[] = [
    { in: '::', out: true },
    { in: '::1', out: true },
    { in: '1::', out: true },
    { in: '2001:db8::8a2e:370:7334', out: true },
    { in: '2001:0DB8:0000:0000:0000:FF00:0042:8329', out: true },
    { in: '1:2:3:4:5:6:7::', out: true },
    { in: '::ffff:192.0.2.128', out: true },
    { in: '1:2:3:4:5:6:192.0.2.128', out: true },
    { in: '1:2:3:4:5:6:7:8', out: true },
    { in: '1:2:3:4:5:6:7:8:9', out: false },
    { in: '1:2:3:4:5:6:7', out: false },
    { in: '1:2:3:4:5:6:7:8::', out: false },
    { in: ':::', out: false },
    { in: '1::2::3', out: false },
    { in: ':1::', out: false },
    { in: '1:', out: false },
    { in: '12345::', out: false },
    { in: 'g::', out: false },
    { in: '::192.0.2', out: false },
    { in: '::1.2.3.4:5', out: false },
    { in: 'fe80::1%eth0', out: false },
  ];
  for (const c of cases) it(JSON.stringify(c.in), () => expect(isIPv6(c.in)).toBe(c.out));
});

describe('isIpAddress', () => {
  it('accepts what fast-check generates as IPv4 and IPv6', () => {
    fc.assert(fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (ip) => isIpAddress(ip)));
  });

  it('agrees with node:net on arbitrary strings over the address alphabet', () => {
    const alphabet = fc.constantFrom(...'0123456789abcdefABCDEF:.'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 40 }), (s) => {
        // node:net also rejects IPv4 leading zeros; zone ids (`%`) are outside this alphabet.
        expect(isIpAddress(s)).toBe(isIP(s) !== 0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('agreement with ajv-formats', () => {
  // The canonical event validator once used ajv-formats' ipv4/ipv6 regular expressions; the
  // allocation-free parsers replace them and must accept exactly the same strings.
  it('accepts exactly what ajv-formats accepts, on IP-like strings', async () => {
    const { fullFormats } = await import('ajv-formats/dist/formats.js');
    const v4 = fullFormats.ipv4 as RegExp;
    const v6 = fullFormats.ipv6 as RegExp;
    const ipish = fc.stringMatching(/^[0-9a-fA-F:.%]{1,45}$/);
    const real = fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended());
    fc.assert(
      fc.property(fc.oneof(ipish, real), (s) => {
        expect(isIPv4(s), s).toBe(v4.test(s));
        expect(isIPv6(s), s).toBe(v6.test(s));
      }),
      { numRuns: 20_000 },
    );
  });
});
