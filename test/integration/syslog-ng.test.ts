/**
 * A real receiver: syslog-ng 3.38 (Debian syslog-ng-core; test/helpers/syslog-ng.ts says how it is
 * configured and why) reads our RFC 5424 messages over TCP with octet counting,
 * over UDP (fitDatagram), and over TLS (RFC 5425, mutual certificates), and its own parse must be
 * what we meant: facility and severity, TIMESTAMP, HOSTNAME, APP-NAME, PROCID, MSGID, every SD
 * param unescaped, and a MESSAGE that parses back to the event.
 *
 * A few hundred events per transport with hostile strings (arbitraryCanonicalEvent, fixed seeds),
 * each given a unique event_id (`tcp-17`) to find its record. The test fails, never skips, when
 * /usr/sbin/syslog-ng is missing.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../schemas/canonical/event.js';
import { encodeCef, parseCef } from '../../src/formats/cef/index.js';
import { fitDatagram } from '../../src/formats/framing/datagram.js';
import { encodeLeef, parseLeef } from '../../src/formats/leef/index.js';
import { frameOctetCounting } from '../../src/formats/framing/octet-counting.js';
import { HEADER_FIELD_MAX_OCTETS, headerField } from '../../src/formats/syslog/header-field.js';
import type { Rfc5424EncodeOptions } from '../../src/formats/syslog/rfc5424-encode.js';
import { encodeRfc5424, rfc5424MsgId } from '../../src/formats/syslog/rfc5424-encode.js';
import { SYSLOG_SEVERITY } from '../../src/formats/syslog/severity.js';
import { structuredDataParams } from '../../src/formats/syslog/structured-data.js';
import { readRfc5424 } from '../../src/formats/syslog/rfc5424-parse.js';
import { rfc5424Timestamp } from '../../src/formats/syslog/timestamp.js';
import { validateEvent } from '../../src/validate/canonical.js';
import { arbitraryCanonicalEvent } from '../helpers/canonical-arbitrary.js';
import type { SyslogNg, SyslogNgRecord, SyslogNgSource } from '../helpers/syslog-ng.js';
import { startSyslogNg } from '../helpers/syslog-ng.js';
import type { TlsFiles } from '../helpers/tls-certs.js';
import { tlsFiles } from '../helpers/tls-certs.js';
import { GOLDEN_EVENTS } from '../golden/canonical-events.js';

const EVENTS_PER_TRANSPORT = 300;
/** The most a UDP datagram can carry over IPv4 (65,535 - 8 UDP - 20 IP header bytes). */
const UDP_MAX_PAYLOAD = 65_507;

/** Options that differ per transport, hostile where a configuration could be. */
const OPTIONS: Record<SyslogNgSource, Rfc5424EncodeOptions> = {
  tcp: { product: { vendor: 'Acme', name: 'ScaiDrive', version: '1.4.2' }, hostname: 'siem-forwarder-01.acme.example', procId: '4242' },
  udp: { product: { vendor: 'Acme', name: 'Scai Drive ☁ "cloud" [edition]' }, hostname: 'host name/é\t', procId: 'p[1]', facility: 16, enterpriseNumber: 4711 },
  tls: { product: { vendor: 'Acme', name: 'x'.repeat(60) }, hostname: 'h'.repeat(300), facility: 10, procId: '😀' },
};

/** Events with hostile strings, from a fixed seed, each with a unique event_id naming where it went. */
function events(name: string, seed: number, count = EVENTS_PER_TRANSPORT): CanonicalEvent[] {
  return fc.sample(arbitraryCanonicalEvent({ actions: 'mixed' }), { numRuns: count, seed }).map((e, i) => ({ ...e, event_id: `${name}-${i}` }));
}

/** ISODATE as syslog-ng writes it (years below 1000 without leading zeros) in RFC 3339's four digits. */
const isoDate = (s: string): string => s.replace(/^(\d{1,3})-/, (_, y: string) => `${y.padStart(4, '0')}-`);

/** syslog-ng's record of an event, keyed by the event_id in its SD. */
function byEventId(records: SyslogNgRecord[]): Map<string, SyslogNgRecord> {
  const map = new Map<string, SyslogNgRecord>();
  for (const r of records) {
    const sd = Object.values(r._SDATA ?? {})[0];
    if (sd?.event_id !== undefined) map.set(sd.event_id, r);
  }
  return map;
}

interface Window {
  readonly from: number;
  readonly to: number;
}

/** What syslog-ng must have read from one of our messages. `message` is MSG as sent, without its BOM. */
function expectRecord(record: SyslogNgRecord | undefined, event: CanonicalEvent, options: Rfc5424EncodeOptions, message: string, received: Window): void {
  expect(record, `no record for ${event.event_id}`).toBeDefined();
  const r = record as SyslogNgRecord;
  const facility = options.facility ?? 13;
  const severity = SYSLOG_SEVERITY[event.severity];
  expect([r.PRI, r.FACILITY_NUM, r.LEVEL_NUM]).toEqual([String(facility * 8 + severity), String(facility), String(severity)]);
  const timestamp = rfc5424Timestamp(event.timestamp);
  if (timestamp === '-') {
    // No TIMESTAMP: syslog-ng stamps the time of receipt.
    const at = Date.parse(isoDate(r.ISODATE));
    expect(at).toBeGreaterThanOrEqual(Math.floor(received.from / 1000) * 1000);
    expect(at).toBeLessThanOrEqual(received.to);
  } else expect(isoDate(r.ISODATE)).toBe(timestamp.replace(/Z$/, '+00:00'));
  expect(r.HOST).toBe(headerField(options.hostname, HEADER_FIELD_MAX_OCTETS.hostname));
  expect(r.PROGRAM).toBe(headerField(options.product.name, HEADER_FIELD_MAX_OCTETS.appName));
  expect(r.PID).toBe(headerField(options.procId, HEADER_FIELD_MAX_OCTETS.procId));
  expect(r.MSGID).toBe(rfc5424MsgId(event.action));
  // Every SD param, unescaped.
  expect(r._SDATA).toEqual({ [`siemkit@${options.enterpriseNumber ?? 32473}`]: Object.fromEntries(structuredDataParams(event)) });
  expect(r.MESSAGE).toBe(message);
}

/** The JSON body parses back to the event. */
function expectJsonBody(record: SyslogNgRecord | undefined, event: CanonicalEvent): void {
  const back = JSON.parse(record?.MESSAGE ?? 'null') as unknown;
  expect(validateEvent(back).errors).toEqual([]);
  expect(back).toStrictEqual(event);
}

/** Writes frames to a stream and waits until it has closed. */
async function sendStream(socket: net.Socket | tls.TLSSocket, connected: string, frames: Buffer[]): Promise<void> {
  await new Promise<void>((resolve, reject) => socket.once(connected, () => resolve()).once('error', reject));
  for (const frame of frames) socket.write(frame);
  await new Promise<void>((resolve, reject) => {
    socket.once('close', () => resolve()).once('error', reject);
    socket.end();
  });
}

let ng: SyslogNg;
let certs: TlsFiles;

beforeAll(async () => {
  certs = tlsFiles();
  ng = await startSyslogNg(certs);
}, 30_000);

afterAll(async () => {
  await ng?.stop();
});

describe('syslog-ng reads our RFC 5424 messages as we meant them', () => {
  it('over TCP with octet counting (RFC 6587 §3.4.1)', async () => {
    const options = OPTIONS.tcp;
    const sent = events('tcp', 6587);
    const from = Date.now();
    await sendStream(net.connect(ng.ports.tcp, '127.0.0.1'), 'connect', sent.map((e) => frameOctetCounting(encodeRfc5424(e, options))));
    const records = byEventId(await ng.waitForRecords('tcp', sent.length));
    const window = { from, to: Date.now() };
    for (const event of sent) {
      const record = records.get(event.event_id);
      expectRecord(record, event, options, JSON.stringify(event), window);
      expectJsonBody(record, event);
    }
    expect(records.size).toBe(sent.length);
  });

  it('with CEF and LEEF message bodies over TCP: syslog-ng keeps the line, and it parses back to the event', async () => {
    const before = ng.records('tcp').length;
    const bodies = [
      { options: { ...OPTIONS.tcp, body: 'cef' as const }, sent: events('tcp-cef', 8, 100), parse: (m: string) => parseCef(m) },
      { options: { ...OPTIONS.tcp, body: 'leef' as const, leefDelimiter: '^' }, sent: events('tcp-leef', 9, 100), parse: (m: string) => parseLeef(m) },
    ];
    const from = Date.now();
    for (const { options, sent } of bodies) await sendStream(net.connect(ng.ports.tcp, '127.0.0.1'), 'connect', sent.map((e) => frameOctetCounting(encodeRfc5424(e, options))));
    const records = byEventId(await ng.waitForRecords('tcp', before + 200));
    const window = { from, to: Date.now() };
    for (const { options, sent, parse } of bodies) {
      for (const event of sent) {
        const record = records.get(event.event_id);
        const line = options.body === 'cef' ? encodeCef(event, options) : encodeLeef(event, { ...options, delimiter: '^' });
        // CEF and LEEF carry a NUL as it is; syslog-ng's format-json writes a NUL byte of a value as the
        // four characters \x00 (its strings end at NUL), so that is what its MESSAGE must show.
        expectRecord(record, event, options, line.replaceAll('\0', '\\x00'), window);
        const back = parse(line);
        if (!back.ok) expect.fail(back.error.message);
        expect(back.value).toStrictEqual(event);
      }
    }
  });

  it('over TLS with octet counting and client certificates (RFC 5425)', async () => {
    const options = OPTIONS.tls;
    const sent = events('tls', 5425);
    const from = Date.now();
    const socket = tls.connect({ host: '127.0.0.1', port: ng.ports.tls, servername: 'localhost', ca: certs.ca, cert: certs.clientCert, key: certs.clientKey });
    await sendStream(socket, 'secureConnect', sent.map((e) => frameOctetCounting(encodeRfc5424(e, options))));
    const records = byEventId(await ng.waitForRecords('tls', sent.length));
    const window = { from, to: Date.now() };
    for (const event of sent) {
      const record = records.get(event.event_id);
      expectRecord(record, event, options, JSON.stringify(event), window);
      expectJsonBody(record, event);
    }
  });

  it('over UDP, one message per datagram (RFC 5426)', async () => {
    const options = OPTIONS.udp;
    const sent = events('udp', 5426);
    const socket = dgram.createSocket('udp4');
    const from = Date.now();
    const datagrams = sent.map((e) => fitDatagram(encodeRfc5424(e, options), UDP_MAX_PAYLOAD));
    try {
      // In windows, each waited for, so that no burst overflows the receive buffer.
      for (let i = 0; i < datagrams.length; i += 25) {
        for (const { datagram } of datagrams.slice(i, i + 25)) await new Promise<void>((resolve, reject) => socket.send(datagram, ng.ports.udp, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
        await ng.waitForRecords('udp', Math.min(i + 25, datagrams.length));
      }
    } finally {
      socket.close();
    }
    const records = byEventId(ng.records('udp'));
    const window = { from, to: Date.now() };
    sent.forEach((event, i) => {
      const { datagram, truncated } = datagrams[i] as { datagram: Buffer; truncated: boolean };
      const read = readRfc5424(datagram);
      const message = read.ok ? (read.value.message as string) : expect.fail(read.error.message);
      expectRecord(records.get(event.event_id), event, options, message, window);
      if (!truncated) expectJsonBody(records.get(event.event_id), event);
    });
  });

  it('over UDP cut to fit a small datagram: the MESSAGE is the body up to the last whole character', async () => {
    const options = { ...OPTIONS.udp, enterpriseNumber: 1 };
    const base = GOLDEN_EVENTS[0] as CanonicalEvent;
    const socket = dgram.createSocket('udp4');
    const sent: { event: CanonicalEvent; message: string }[] = [];
    try {
      // Cuts at every byte of a run of 1-, 2-, 3- and 4-byte characters.
      for (let k = 0; k < 16; k++) {
        const event = { ...base, event_id: `udp-cut-${k}`, message: 'a\u00e9\u4e2d\u{1f600}'.repeat(50) };
        const whole = Buffer.from(encodeRfc5424(event, options));
        const maxBytes = whole.indexOf(Buffer.from('"message":"')) + 11 + 20 + k;
        const { datagram, truncated } = fitDatagram(whole, maxBytes);
        expect(truncated).toBe(true);
        const read = readRfc5424(datagram);
        sent.push({ event, message: read.ok ? (read.value.message as string) : expect.fail(read.error.message) });
        await new Promise<void>((resolve, reject) => socket.send(datagram, ng.ports.udp, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
      }
    } finally {
      socket.close();
    }
    const before = ng.records('udp').filter((r) => !Object.values(r._SDATA ?? {})[0]?.event_id?.startsWith('udp-cut-')).length;
    const records = byEventId(await ng.waitForRecords('udp', before + sent.length));
    for (const { event, message } of sent) {
      expect(message.endsWith('\ufffd')).toBe(false);
      expect(records.get(event.event_id)?.MESSAGE).toBe(message);
    }
  });
});
