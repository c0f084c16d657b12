/** gzip: one member per call, readable by zlib and by the gzip tool. */
import { execFileSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { GZIP_LEVEL, gzip } from '../../../../src/destinations/transport/gzip.js';

describe('gzip', () => {
  it('round-trips text and bytes, and `gzip -t` accepts members laid end to end', async () => {
    const text = '{"a":"ü€😀"}\n'.repeat(1_000);
    const a = await gzip(text);
    const b = await gzip(Buffer.from('second\n'));
    expect(gunzipSync(a).toString()).toBe(text);
    expect(gunzipSync(Buffer.concat([a, b])).toString()).toBe(`${text}second\n`);
    expect(execFileSync('gzip', ['-dc'], { input: Buffer.concat([a, b]) }).toString()).toBe(`${text}second\n`);
    expect(a.length).toBeLessThan(Buffer.byteLength(text) / 10);
  });

  it('writes the fixed member header that repair looks for (no name, no time)', async () => {
    const m = await gzip('x', GZIP_LEVEL);
    expect([...m.subarray(0, 8)]).toEqual([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00]);
  });
});
