/**
 * Our requests against those of Splunk's own Node client, `splunk-logging` (0.11.1), for the same
 * records and metadata, both sent to the loopback HEC: the same endpoint, the same
 * `Authorization: Splunk <token>`, and the same body, byte for byte, once the one difference of
 * form is set aside (splunk-logging writes `time` as a JSON string, `"1715678467.123"`; we write
 * the number, which Splunk reads the same, §1.3). Its `Content-Type` is
 * `application/x-www-form-urlencoded`, ours `application/json`: HEC reads neither.
 */
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../../schemas/canonical/event.js';
import type { Destination } from '../../../../src/destinations/destination.js';
import { createSplunkHecDestination } from '../../../../src/destinations/splunk-hec/destination.js';
import type { SplunkHecReceiver } from '../../../helpers/receivers/splunk-hec.js';
import * as hec from '../../../helpers/receivers/splunk-hec.js';
import { contextFor, encoderFor, events, never } from '../fixtures.js';

/** The part of splunk-logging's API used here (it ships no types). */
interface SplunkLoggerContext {
  message: unknown;
  metadata?: { time?: number; host?: string; source?: string; sourcetype?: string; index?: string };
}
interface SplunkLogger {
  eventFormatter: (message: unknown, severity: string) => unknown;
  error: (err: Error, context: unknown) => void;
  send(context: SplunkLoggerContext, callback?: (err: Error | null, resp: unknown, body: unknown) => void): void;
}
const { Logger } = createRequire(import.meta.url)('splunk-logging') as { Logger: new (config: Record<string, unknown>) => SplunkLogger };

const open: Array<SplunkHecReceiver | Destination> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

const META = { host: 'saas-eu-1', source: 'scaidrive:audit', sourcetype: 'ocsf:audit', index: 'security' } as const;

/** The same records through splunk-logging: one flush of `list.length` events. */
function sendWithSplunkLogging(url: string, token: string, list: readonly CanonicalEvent[], record: (e: CanonicalEvent) => unknown): Promise<void> {
  const logger = new Logger({ token, url: `${url}/services/collector/event`, maxBatchCount: list.length });
  // The record itself as the event, as our envelope carries it (the default wraps it in {message, severity}).
  logger.eventFormatter = (message) => message;
  const errors: Error[] = [];
  logger.error = (err) => errors.push(err);
  return new Promise((resolve, reject) => {
    list.forEach((e, i) => {
      const callback = i === list.length - 1 ? (err: Error | null) => (err !== null || errors.length > 0 ? reject(err ?? errors[0]) : resolve()) : undefined;
      logger.send({ message: record(e), metadata: { ...META, time: Date.parse(e.timestamp) } }, callback);
    });
  });
}

describe('splunk_hec against splunk-logging (Splunk’s Node client)', () => {
  for (const format of ['ocsf', 'cef'] as const) {
    it(`sends the same ${format} events to the same endpoint, with the same token header and body`, async () => {
      const r = await hec.start({ indexes: [META.index] });
      open.push(r);
      const encode = encoderFor(format);
      const d = createSplunkHecDestination({ endpoint: r.url, token: r.token, ...META }, contextFor('splunk', { format, encode }));
      open.push(d);
      // Golden events with whole-millisecond times (splunk-logging keeps three decimals too).
      const list = events(8).filter((e) => !/\.\d{4,}/.test(e.timestamp));
      await sendWithSplunkLogging(r.url, r.token, list, (e) => (format === 'cef' ? encode(e) : JSON.parse(encode(e))));
      await d.send({ records: list.map((e) => d.encode(e)), events: list }, never());

      expect(r.requests).toHaveLength(2);
      const [theirs, ours] = r.requests as [(typeof r.requests)[0], (typeof r.requests)[0]];
      expect(ours.path).toBe(theirs.path);
      expect(ours.method).toBe(theirs.method);
      expect(ours.headers.authorization).toBe(theirs.headers.authorization);
      expect(theirs.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(ours.headers['content-type']).toBe('application/json');
      // Byte for byte, with splunk-logging's string `time` read as the number it holds.
      expect(ours.text).toBe(theirs.text.replace(/"time":"(\d+\.\d{3})"/g, '"time":$1'));
      // And the HEC saw the same events from both.
      const half = r.events.length / 2;
      expect(half).toBe(list.length);
      const strip = ({ request: _r, envelope: _e, ...rest }: (typeof r.events)[0]) => rest;
      expect(r.events.slice(half).map(strip)).toEqual(r.events.slice(0, half).map(strip));
    });
  }

  it('our gzip body decodes to the same body', async () => {
    const r = await hec.start();
    open.push(r);
    const list = events(5).filter((e) => !/\.\d{4,}/.test(e.timestamp));
    const encode = encoderFor('ocsf');
    await sendWithSplunkLogging(r.url, r.token, list, (e) => JSON.parse(encode(e)));
    const d = createSplunkHecDestination({ endpoint: r.url, token: r.token, ...META, gzip: true }, contextFor('splunk'));
    open.push(d);
    await d.send({ records: list.map((e) => d.encode(e)), events: list }, never());
    const [theirs, ours] = r.requests;
    expect(ours?.headers['content-encoding']).toBe('gzip');
    expect(ours?.text).toBe(theirs?.text.replace(/"time":"(\d+\.\d{3})"/g, '"time":$1'));
  });
});
