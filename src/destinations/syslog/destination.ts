/**
 * The `syslog` destination: RFC 5424 (or RFC 3164) messages over TCP with octet counting or LF
 * framing (RFC 6587), over UDP (RFC 5426), or over TLS (RFC 5425, port 6514) with a CA bundle, a
 * client certificate for mutual TLS (as QRadar asks) and server-name checks. The message body is
 * the canonical event as JSON, or a CEF or LEEF line. A batch is one write; syslog has no
 * acknowledgement, so a batch is delivered once the kernel has taken it, and a connection that
 * fails is reopened by the next attempt after the retry sender's backoff. docs/destinations/syslog.md
 * has the settings and the failure behaviour.
 */
import os from 'node:os';
import { facilityCode } from '../../formats/syslog/facility.js';
import type { DestinationContext } from '../context.js';
import { DestinationConfigError } from '../config-error.js';
import type { Batch, Destination } from '../destination.js';
import type { DestinationType, RecordEncoderSettings } from '../destination-type.js';
import { RetryItems } from '../errors.js';
import type { RejectedItem } from '../errors.js';
import { tlsConnectOptions } from '../transport/tls-options.js';
import type { SyslogSettings } from './config.js';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_EVENTS, DEFAULT_PORTS, SyslogSettingsSchema } from './config.js';
import { DatagramSocket } from './datagram-socket.js';
import { datagramsOf, frameStream } from './encode.js';
import { StreamConnection } from './stream-connection.js';

/** The deadline of a connect or a write when the configuration gives no `timeout_ms`. */
const DEFAULT_TIMEOUT_MS = 30_000;
/** `MSG-LEN SP` of an octet-counted frame of up to 9,999,999 bytes: an upper bound the batcher adds per message. */
const OCTET_COUNT_BYTES = 8;

/** Every message was written but those in `rejected`: a partial success with nothing to retry. */
function settle(rejected: readonly RejectedItem[], total: number): void {
  if (rejected.length > 0) throw new RetryItems(`${rejected.length} of ${total} messages could not be sent`, [], rejected);
}

export function createSyslogDestination(settings: SyslogSettings, context: DestinationContext): Destination {
  const name = context.name;
  const transport = settings.transport ?? 'tcp';
  const port = settings.port ?? DEFAULT_PORTS[transport];
  const framing = settings.framing ?? 'octet_counting';
  if (context.tls !== undefined && transport !== 'tls') throw new DestinationConfigError(name, 'tls', `TLS settings need transport: tls (transport is ${transport})`);
  const timeoutMs = context.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const limits = {
    maxEvents: settings.max_events ?? DEFAULT_MAX_EVENTS,
    maxBytes: settings.max_bytes ?? DEFAULT_MAX_BYTES,
    measuredOn: 'encoded' as const,
    envelopeBytes: 0,
    separatorBytes: transport === 'udp' ? 0 : framing === 'lf' ? 1 : OCTET_COUNT_BYTES,
  };
  const common = { name, type: 'syslog', limits, encode: context.encode };

  if (transport === 'udp') {
    const socket = new DatagramSocket({ destination: name, host: settings.host, port });
    const maxBytes = settings.max_datagram_bytes ?? 2048;
    const oversize = settings.udp_oversize ?? 'truncate';
    return {
      ...common,
      async send(batch: Batch, signal: AbortSignal) {
        const { datagrams, rejected } = datagramsOf(batch.records, maxBytes, oversize);
        await socket.send(datagrams, signal);
        settle(rejected, batch.records.length);
      },
      preview: (batch: Batch) => Promise.resolve(datagramsOf(batch.records, maxBytes, oversize).datagrams.map((bytes) => ({ kind: 'datagram' as const, to: `udp://${settings.host}:${port}`, bytes }))),
      close: () => socket.close(),
    };
  }

  const connection = new StreamConnection({
    destination: name,
    host: settings.host,
    port,
    ...(transport === 'tls' ? { tls: tlsConnectOptions(name, context.tls) } : {}),
    timeoutMs,
  });
  return {
    ...common,
    async send(batch: Batch, signal: AbortSignal) {
      const { bytes, rejected } = frameStream(batch.records, framing);
      if (bytes.length > 0) await connection.write(bytes, signal);
      settle(rejected, batch.records.length);
    },
    preview: (batch: Batch) => Promise.resolve([{ kind: 'stream' as const, to: `${transport}://${settings.host}:${port}`, bytes: frameStream(batch.records, framing).bytes }]),
    close: () => connection.close(),
  };
}

/** The encoder options the settings give: the header's facility, enterprise number, HOSTNAME and PROCID, and the body. */
function recordOptions(settings: SyslogSettings): RecordEncoderSettings {
  const facility = settings.facility === undefined ? undefined : facilityCode(settings.facility);
  return {
    syslog: {
      ...(facility !== undefined ? { facility } : {}),
      ...(settings.enterprise_number !== undefined ? { enterpriseNumber: settings.enterprise_number } : {}),
      hostname: settings.hostname ?? os.hostname(),
      ...(settings.procid !== undefined ? { procId: settings.procid } : {}),
      body: settings.body ?? 'json',
    },
    ...(settings.leef_delimiter !== undefined ? { leefDelimiter: settings.leef_delimiter } : {}),
  };
}

export const SYSLOG_DESTINATION_TYPE: DestinationType<typeof SyslogSettingsSchema> = {
  type: 'syslog',
  settings: SyslogSettingsSchema,
  formats: ['syslog5424', 'syslog3164'],
  defaultFormat: 'syslog5424',
  secretKeys: [],
  create: createSyslogDestination,
  recordOptions,
};
