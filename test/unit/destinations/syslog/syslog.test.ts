/**
 * The syslog destination against receivers on loopback that read what arrives with siemkit's own
 * deframers and parsers: TCP with octet counting and LF framing, reconnection after the receiver
 * closes or comes back, UDP datagrams cut or refused at the configured size, and TLS with mutual
 * authentication, a wrong CA, a wrong server name, and verification turned off by name. The real
 * syslog-ng receiving from the forwarder is test/integration/syslog-destination.test.ts.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../../../schemas/canonical/event.js';
import { DestinationConfigError } from '../../../../src/destinations/config-error.js';
import type { Destination } from '../../../../src/destinations/destination.js';
import { RetryItems } from '../../../../src/destinations/errors.js';
import type { SyslogSettings } from '../../../../src/destinations/syslog/index.js';
import { SYSLOG_DESTINATION_TYPE } from '../../../../src/destinations/syslog/index.js';
import type { TlsSettings } from '../../../../src/destinations/tls-settings.js';
import { TransportError } from '../../../../src/destinations/transport/errors.js';
import { LfDeframer } from '../../../../src/formats/framing/lf.js';
import { OctetCountingDeframer } from '../../../../src/formats/framing/octet-counting.js';
import type { Deframer } from '../../../../src/formats/framing/deframer.js';
import { recordFormat } from '../../../../src/formats/record-format.js';
import { parseRfc3164, parseRfc5424, readRfc5424 } from '../../../../src/formats/syslog/index.js';
import { tlsFiles } from '../../../helpers/tls-certs.js';
import { batchOf, events, never, PRODUCT } from '../fixtures.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** A destination as the runtime makes it: the record encoder built with the type's own record options. */
function syslogDestination(settings: SyslogSettings, extra: { format?: string; tls?: TlsSettings; timeoutMs?: number } = {}): Destination {
  const format = extra.format ?? 'syslog5424';
  const encode = (recordFormat(format) as NonNullable<ReturnType<typeof recordFormat>>).encoder({ product: PRODUCT, ...SYSLOG_DESTINATION_TYPE.recordOptions?.(settings) });
  const d = SYSLOG_DESTINATION_TYPE.create(settings, { name: 'siem', format, encode, dataDir: '/nonexistent', ...(extra.tls !== undefined ? { tls: extra.tls } : {}), timeoutMs: extra.timeoutMs ?? 5_000 });
  cleanup.push(() => d.close());
  return d;
}

interface StreamReceiver {
  readonly port: number;
  readonly messages: Buffer[];
  connections: number;
  /** Closes every open connection from the receiver's side, and resolves once they are closed. */
  dropConnections(): Promise<void>;
  waitFor(count: number): Promise<Buffer[]>;
  close(): Promise<void>;
}

async function until(what: () => boolean, label: string, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!what()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A TCP or TLS receiver that deframes what arrives; `port` reuses a port (a receiver coming back). */
async function streamReceiver(options: { framing: 'octet' | 'lf'; tls?: tls.TlsOptions; port?: number }): Promise<StreamReceiver> {
  const sockets = new Set<net.Socket>();
  const onSocket = (socket: net.Socket): void => {
    receiver.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const deframer: Deframer = options.framing === 'octet' ? new OctetCountingDeframer() : new LfDeframer();
    socket.on('data', (chunk: Buffer) => {
      for (const m of deframer.push(chunk)) messages.push(Buffer.from(m));
    });
  };
  const server = options.tls !== undefined ? tls.createServer(options.tls, onSocket) : net.createServer(onSocket);
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(options.port ?? 0, '127.0.0.1', resolve));
  const messages: Buffer[] = [];
  const receiver: StreamReceiver = {
    port: (server.address() as net.AddressInfo).port,
    messages,
    connections: 0,
    dropConnections: async () => {
      for (const s of sockets) s.destroy();
      await until(() => sockets.size === 0, 'the connections to close');
    },
    async waitFor(count) {
      await until(() => messages.length >= count, `${count} messages (have ${messages.length})`);
      return messages;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  cleanup.push(() => receiver.close());
  return receiver;
}

function expectEvents(messages: readonly Buffer[], sent: readonly CanonicalEvent[], parse = parseRfc5424): void {
  expect(messages.length).toBe(sent.length);
  messages.forEach((m, i) => {
    const back = parse(m);
    if (!back.ok) expect.fail(`message ${i}: ${back.error.message}`);
    expect(back.value).toStrictEqual(sent[i]);
  });
}

describe('syslog over TCP', () => {
  it('writes octet-counted RFC 5424 messages that parse back to the events, with the configured header', async () => {
    const r = await streamReceiver({ framing: 'octet' });
    const d = syslogDestination({ host: '127.0.0.1', port: r.port, facility: 'local4', enterprise_number: 99999, hostname: 'fwd-01', procid: 'p7' });
    const sent = events(25, 'tcp');
    await d.send(batchOf(sent, d.encode), never());
    await r.waitFor(25);
    expectEvents(r.messages, sent);
    const header = readRfc5424(r.messages[0] as Buffer);
    if (!header.ok) expect.fail(header.error.message);
    expect(header.value.facility).toBe(20);
    expect(header.value.hostname).toBe('fwd-01');
    expect(header.value.procId).toBe('p7');
    expect(header.value.appName).toBe(PRODUCT.name);
    expect(header.value.structuredData.map((e) => e.id)).toEqual(['siemkit@99999']);
    expect(r.connections).toBe(1);
  });

  it('writes LF-framed messages, and RFC 3164 when the format says so', async () => {
    const r = await streamReceiver({ framing: 'lf' });
    const d = syslogDestination({ host: '127.0.0.1', port: r.port, framing: 'lf' }, { format: 'syslog3164' });
    const sent = events(12, 'lf');
    await d.send(batchOf(sent, d.encode), never());
    expectEvents(await r.waitFor(12), sent, parseRfc3164);
  });

  it('carries CEF and LEEF bodies with the configured LEEF delimiter', async () => {
    const r = await streamReceiver({ framing: 'octet' });
    const cef = syslogDestination({ host: '127.0.0.1', port: r.port, body: 'cef' });
    const leef = syslogDestination({ host: '127.0.0.1', port: r.port, body: 'leef', leef_delimiter: '^' });
    const sent = events(6, 'body');
    await cef.send(batchOf(sent, cef.encode), never());
    await leef.send(batchOf(sent, leef.encode), never());
    await r.waitFor(12);
    const text = r.messages.map((m) => m.toString('utf8'));
    expect(text.slice(0, 6).every((m) => m.includes('\ufeffCEF:0|Acme|ScaiDrive|'))).toBe(true);
    expect(text.slice(6).every((m) => m.includes('\ufeffLEEF:2.0|Acme|ScaiDrive|1.4.2|') && m.includes('|^|'))).toBe(true);
    expectEvents(r.messages.slice(0, 6), sent);
    expectEvents(r.messages.slice(6), sent);
  });

  it('shares one connect between sends made at once (a destination with concurrency above 1)', async () => {
    const r = await streamReceiver({ framing: 'octet' });
    const d = syslogDestination({ host: '127.0.0.1', port: r.port });
    const [a, b] = [events(3, 'first'), events(4, 'second')];
    await Promise.all([d.send(batchOf(a, d.encode), never()), d.send(batchOf(b, d.encode), never())]);
    await r.waitFor(7);
    expect(r.connections).toBe(1);
    expectEvents(r.messages, [...a, ...b]);
  });

  it('reconnects when the receiver has closed the connection', async () => {
    const r = await streamReceiver({ framing: 'octet' });
    const d = syslogDestination({ host: '127.0.0.1', port: r.port });
    const first = events(3, 'a');
    await d.send(batchOf(first, d.encode), never());
    await r.waitFor(3);
    await r.dropConnections();
    // Let the FIN reach the destination (on loopback, well within this wait): it then forgets the
    // connection and opens a new one for the next batch. Had it not noticed yet, the write would
    // fail and the retry sender would resend: the loop does as it does.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = events(4, 'b');
    for (let attempt = 0; ; attempt++) {
      try {
        await d.send(batchOf(second, d.encode), never());
        break;
      } catch (err) {
        expect(err).toBeInstanceOf(TransportError);
        expect(attempt).toBeLessThan(3);
      }
    }
    await r.waitFor(7);
    expect(r.connections).toBe(2);
    expectEvents(r.messages.slice(3), second);
  });

  it('fails with a retryable TransportError naming the address while the receiver is down, and delivers once it is back', async () => {
    const probe = await streamReceiver({ framing: 'octet' });
    const port = probe.port;
    await probe.close();
    const d = syslogDestination({ host: '127.0.0.1', port });
    const sent = events(5, 'down');
    const err = await d.send(batchOf(sent, d.encode), never()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).status).toBe('ECONNREFUSED');
    expect((err as Error).message).toContain(`siem: cannot connect to 127.0.0.1:${port}`);
    const back = await streamReceiver({ framing: 'octet', port });
    await d.send(batchOf(sent, d.encode), never());
    expectEvents(await back.waitFor(5), sent);
  });

  it('gives up a connect that does not complete within timeout_ms', async () => {
    // A plain TCP listener that never answers a TLS ClientHello.
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise<void>((resolve) => silent.close(() => resolve())));
    const connections = new Set<net.Socket>();
    silent.on('connection', (s) => connections.add(s));
    cleanup.push(() => connections.forEach((s) => s.destroy()));
    const d = syslogDestination({ host: '127.0.0.1', port: (silent.address() as net.AddressInfo).port, transport: 'tls' }, { timeoutMs: 150 });
    const err = await d.send(batchOf(events(1), d.encode), never()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).status).toBe('timeout');
    expect((err as Error).message).toContain('timed out after 150 ms');
  });

  it('stops at once when the runtime aborts the send', async () => {
    const r = await streamReceiver({ framing: 'octet' });
    const d = syslogDestination({ host: '127.0.0.1', port: r.port });
    const controller = new AbortController();
    controller.abort(new Error('shutting down'));
    await expect(d.send(batchOf(events(2), d.encode), controller.signal)).rejects.toThrow('shutting down');
    expect(r.connections).toBe(0);
  });
});

describe('syslog over TLS (RFC 5425)', () => {
  const certs = tlsFiles();
  const serverTls = { key: certs.serverKey, cert: certs.serverCert, ca: certs.ca, requestCert: true, rejectUnauthorized: true };

  it('delivers with the CA bundle and a client certificate (mutual TLS)', async () => {
    const r = await streamReceiver({ framing: 'octet', tls: serverTls });
    const d = syslogDestination({ host: '127.0.0.1', port: r.port, transport: 'tls' }, { tls: { ca_file: certs.caFile, cert_file: certs.clientCertFile, key_file: certs.clientKeyFile, server_name: 'localhost' } });
    const sent = events(20, 'tls');
    await d.send(batchOf(sent, d.encode), never());
    expectEvents(await r.waitFor(20), sent);
  });

  it('refuses a server whose certificate the trusted CAs did not sign, unless verify is turned off by name', async () => {
    const r = await streamReceiver({ framing: 'octet', tls: { key: certs.serverKey, cert: certs.serverCert } });
    // Node's own roots do not include the test CA.
    const verifying = syslogDestination({ host: 'localhost', port: r.port, transport: 'tls' }, { tls: {} });
    const err = await verifying.send(batchOf(events(1), verifying.encode), never()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).status).toMatch(/CERT|SIGNATURE|ISSUER/);
    expect(r.messages.length).toBe(0);
    const trusting = syslogDestination({ host: 'localhost', port: r.port, transport: 'tls' }, { tls: { verify: false } });
    const sent = events(2, 'noverify');
    await trusting.send(batchOf(sent, trusting.encode), never());
    expectEvents(await r.waitFor(2), sent);
  });

  it('refuses a certificate that does not name the server', async () => {
    const r = await streamReceiver({ framing: 'octet', tls: { key: certs.serverKey, cert: certs.serverCert } });
    const d = syslogDestination({ host: '127.0.0.1', port: r.port, transport: 'tls' }, { tls: { ca_file: certs.caFile, server_name: 'siem.example.com' } });
    const err = await d.send(batchOf(events(1), d.encode), never()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).status).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('refuses TLS settings on a transport that is not tls', () => {
    expect(() => syslogDestination({ host: '127.0.0.1', transport: 'tcp' }, { tls: { ca_file: certs.caFile } })).toThrow(DestinationConfigError);
    expect(() => syslogDestination({ host: '127.0.0.1', transport: 'udp' }, { tls: { verify: false } })).toThrow(/tls: TLS settings need transport: tls/);
  });
});

describe('syslog over UDP (RFC 5426)', () => {
  async function udpReceiver(): Promise<{ port: number; datagrams: Buffer[] }> {
    const socket = dgram.createSocket('udp4');
    const datagrams: Buffer[] = [];
    socket.on('message', (m) => datagrams.push(m));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
    return { port: socket.address().port, datagrams };
  }

  /** An event whose JSON body is far over 1,400 bytes, with multi-byte characters where the cut falls. */
  const big = (id: string): CanonicalEvent => ({ ...(events(1)[0] as CanonicalEvent), event_id: id, message: 'é'.repeat(2_000) });

  it('sends one message per datagram', async () => {
    const r = await udpReceiver();
    const d = syslogDestination({ host: '127.0.0.1', port: r.port, transport: 'udp' });
    const sent = events(10, 'udp');
    await d.send(batchOf(sent, d.encode), never());
    await until(() => r.datagrams.length >= 10, 'datagrams');
    expectEvents(r.datagrams, sent);
  });

  it('cuts a message over max_datagram_bytes at a character boundary by default', async () => {
    const r = await udpReceiver();
    const d = syslogDestination({ host: '127.0.0.1', port: r.port, transport: 'udp', max_datagram_bytes: 1400 });
    await d.send(batchOf([big('big-1')], d.encode), never());
    await until(() => r.datagrams.length >= 1, 'a datagram');
    const datagram = r.datagrams[0] as Buffer;
    expect(datagram.length).toBeLessThanOrEqual(1400);
    expect(datagram.length).toBeGreaterThan(1396);
    expect(new TextDecoder('utf-8', { fatal: true }).decode(datagram)).toContain('event_id="big-1"');
  });

  it('dead-letters an oversized message alone when udp_oversize is dead_letter', async () => {
    const r = await udpReceiver();
    const d = syslogDestination({ host: '127.0.0.1', port: r.port, transport: 'udp', max_datagram_bytes: 1400, udp_oversize: 'dead_letter' });
    const small = events(2, 'small');
    const err = await d.send(batchOf([small[0] as CanonicalEvent, big('big-2'), small[1] as CanonicalEvent], d.encode), never()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryItems);
    expect((err as RetryItems).indices).toEqual([]);
    expect((err as RetryItems).rejected.map((x) => [x.index, x.status])).toEqual([[1, 'oversize']]);
    await until(() => r.datagrams.length >= 2, 'the two small datagrams');
    expectEvents(r.datagrams, small);
  });
});
