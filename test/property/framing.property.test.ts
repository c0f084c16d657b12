/**
 * Properties of the stream framings and UDP fitting (src/formats/framing):
 *   - octet counting and LF framing round-trip any list of messages over any chunking of the stream
 *     (octet counting: any bytes; LF: any bytes but LF), chunk boundaries falling inside lengths and
 *     inside multi-byte characters included;
 *   - the deframers never throw on arbitrary bytes in arbitrary chunks, and a failure is a
 *     ParseError with an offset inside the stream;
 *   - frameBatch writes, for any list of strings (empty, holding LF, lone surrogates, any length),
 *     exactly the concatenated frames of the single-frame functions, and refuses exactly the
 *     messages they refuse, with their reasons;
 *   - fitDatagram never exceeds maxBytes, always yields valid UTF-8 for text, is a prefix of the
 *     message, and keeps every whole character that fits.
 *
 * Runs: SIEMKIT_PROPERTY_RUNS per property (default 1,000; `npx tsx scripts/property-100k.ts`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StreamFraming } from '../../src/formats/framing/batch.js';
import { frameBatch } from '../../src/formats/framing/batch.js';
import { fitDatagram } from '../../src/formats/framing/datagram.js';
import type { Deframer } from '../../src/formats/framing/deframer.js';
import { frameLf, LfDeframer } from '../../src/formats/framing/lf.js';
import { frameOctetCounting, OctetCountingDeframer } from '../../src/formats/framing/octet-counting.js';
import { ParseError } from '../../src/formats/parse-error.js';
import { hostileText } from '../helpers/canonical-arbitrary.js';

const RUNS = Number(process.env.SIEMKIT_PROPERTY_RUNS ?? 1000);
const TIMEOUT_MS = Math.max(60_000, RUNS * 20);

/** `bytes` cut at the given points (any numbers; taken modulo the length, sorted). */
function chunked(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let last = 0;
  for (const p of [...points, bytes.length]) {
    chunks.push(bytes.subarray(last, p));
    last = p;
  }
  return chunks;
}

function deframe(deframer: Deframer, chunks: Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  for (const chunk of chunks) out.push(...deframer.push(chunk));
  return out;
}

/** Messages as bytes: text with multi-byte characters, or any bytes. */
const message = fc.oneof(
  hostileText({ minLength: 1, maxLength: 300 }).map((s) => Buffer.from(s)),
  fc.uint8Array({ minLength: 1, maxLength: 300 }).map((b) => Buffer.from(b)),
);
const cuts = fc.array(fc.nat(), { maxLength: 12 });

describe('octet counting', () => {
  it(
    'round-trips any messages over any chunking',
    () => {
      fc.assert(
        fc.property(fc.array(message, { maxLength: 8 }), cuts, (messages, points) => {
          const stream = Buffer.concat(messages.map((m) => frameOctetCounting(m)));
          const deframer = new OctetCountingDeframer();
          const out = deframe(deframer, chunked(stream, points));
          expect(out.map((b) => b.toString('hex'))).toEqual(messages.map((m) => m.toString('hex')));
          expect(deframer.end()).toBeUndefined();
          expect(deframer.buffered).toBe(0);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );
});

describe('LF framing', () => {
  it(
    'round-trips any messages without LF over any chunking',
    () => {
      const noLf = message.map((m) => Buffer.from(m.filter((b) => b !== 10))).filter((m) => m.length > 0);
      fc.assert(
        fc.property(fc.array(noLf, { maxLength: 8 }), cuts, (messages, points) => {
          const stream = Buffer.concat(messages.map((m) => frameLf(m)));
          const deframer = new LfDeframer();
          const out = deframe(deframer, chunked(stream, points));
          expect(out.map((b) => b.toString('hex'))).toEqual(messages.map((m) => m.toString('hex')));
          expect(deframer.end()).toBeUndefined();
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );
});

describe('frameBatch', () => {
  const single: Record<StreamFraming, (m: string) => Buffer> = { octet_counting: frameOctetCounting, lf: frameLf };
  // Strings of every kind, and lengths around MSG-LEN's digit counts (9/10, 99/100, 999/1000 bytes).
  const text = fc.oneof(hostileText({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('', '\n', 'a\nb', '\ud800', 'é'), fc.integer({ min: 1, max: 1100 }).map((n) => 'x'.repeat(n)));
  for (const framing of ['octet_counting', 'lf'] as const) {
    it(
      `${framing}: the frames of frameOctetCounting / frameLf back to back, refusing what they refuse`,
      () => {
        fc.assert(
          fc.property(fc.array(text, { maxLength: 12 }), (messages) => {
            const frames: Buffer[] = [];
            const refused: { index: number; reason: string }[] = [];
            messages.forEach((m, index) => {
              try {
                frames.push(single[framing](m));
              } catch (err) {
                refused.push({ index, reason: (err as Error).message });
              }
            });
            const batch = frameBatch(messages, framing);
            expect(batch.bytes.toString('hex')).toBe(Buffer.concat(frames).toString('hex'));
            expect(batch.refused).toEqual(refused);
          }),
          { numRuns: RUNS },
        );
      },
      TIMEOUT_MS,
    );
  }
});

describe('the deframers never throw', () => {
  const streams = fc.oneof(
    fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)),
    // Near-valid streams: frames with digits, spaces and LFs in odd places, cut and lengthened.
    fc.array(fc.oneof(fc.constantFrom('0', '1', '9', ' ', '\n', '12 ', '3 abc', '99999999999 '), fc.string({ maxLength: 8 })), { maxLength: 30 }).map((parts) => Buffer.from(parts.join(''))),
  );
  for (const make of [() => new OctetCountingDeframer({ maxMessageBytes: 64 }), () => new LfDeframer({ maxMessageBytes: 64 }), () => new OctetCountingDeframer(), () => new LfDeframer()]) {
    it(
      `${make().constructor.name} on arbitrary bytes in arbitrary chunks`,
      () => {
        fc.assert(
          fc.property(streams, cuts, (stream, points) => {
            const deframer = make();
            const out = deframe(deframer, chunked(stream, points));
            const error = deframer.end();
            expect(out.reduce((n, m) => n + m.length, 0)).toBeLessThanOrEqual(stream.length);
            if (error !== undefined) {
              expect(error).toBeInstanceOf(ParseError);
              expect(error.format).toBe('framing');
              expect(error.offset).toBeGreaterThanOrEqual(0);
              expect(error.offset).toBeLessThanOrEqual(stream.length);
            }
          }),
          { numRuns: RUNS },
        );
      },
      TIMEOUT_MS,
    );
  }
});

describe('fitDatagram', () => {
  it(
    'never exceeds maxBytes, yields valid UTF-8, and keeps the longest whole-character prefix',
    () => {
      const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
      const text = fc.oneof(hostileText(), fc.string({ unit: 'binary', maxLength: 600 }), fc.string({ unit: 'binary', maxLength: 600 }).map((s) => s.repeat(8)));
      fc.assert(
        fc.property(text, fc.integer({ min: 1, max: 3000 }), (s, maxBytes) => {
          const bytes = Buffer.from(s);
          const { datagram, truncated } = fitDatagram(s, maxBytes);
          expect(datagram.length).toBeLessThanOrEqual(maxBytes);
          expect(truncated).toBe(bytes.length > maxBytes);
          expect(bytes.subarray(0, datagram.length).equals(datagram)).toBe(true);
          decoder.decode(datagram); // throws if it is not UTF-8
          if (truncated) {
            // The cut is at a character boundary, and the next character would not have fitted.
            const rest = decoder.decode(bytes.subarray(datagram.length));
            const next = String.fromCodePoint(rest.codePointAt(0) as number);
            expect(datagram.length + Buffer.byteLength(next)).toBeGreaterThan(maxBytes);
          }
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );
});
