/**
 * The `syslog` destination's own keys (DESIGN.md §5b): where the receiver listens, the transport
 * (TCP, UDP, or TLS per RFC 5425), the framing on a stream, and what the RFC 5424 or RFC 3164
 * message holds. `tls` (CA bundle, client certificate for mutual TLS, server name, verify) and
 * `timeout_ms` are keys every destination has (src/delivery/config/settings.ts).
 */
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { SYSLOG_BODIES } from '../../formats/syslog/body.js';
import { DEFAULT_FACILITY, FACILITIES } from '../../formats/syslog/facility.js';
import { DEFAULT_ENTERPRISE_NUMBER } from '../../formats/syslog/structured-data.js';
import { DEFAULT_LEEF_DELIMITER } from '../../formats/leef/delimiter.js';
import { DEFAULT_DATAGRAM_BYTES } from '../../formats/framing/datagram.js';

export const SYSLOG_TRANSPORTS = ['tcp', 'udp', 'tls'] as const;
export type SyslogTransport = (typeof SYSLOG_TRANSPORTS)[number];

/** RFC 6587 §3.4.1 octet counting (the default, and the only framing RFC 5425 allows over TLS), or §3.4.2 LF trailers. */
export const SYSLOG_FRAMINGS = ['octet_counting', 'lf'] as const;
export type SyslogFraming = (typeof SYSLOG_FRAMINGS)[number];

/** What UDP does with a message over `max_datagram_bytes`: cut it at a character boundary (RFC 5426 lets receivers do the same), or dead-letter it. */
export const UDP_OVERSIZE = ['truncate', 'dead_letter'] as const;
export type UdpOversize = (typeof UDP_OVERSIZE)[number];

/** The IANA ports: 514 for syslog over TCP (RFC 6587 names none; 514 is the custom) and UDP (RFC 5426), 6514 for TLS (RFC 5425 §4.1). */
export const DEFAULT_PORTS: Readonly<Record<SyslogTransport, number>> = { tcp: 514, udp: 514, tls: 6514 };

/** Messages written to the socket in one go; the stream has no request size, so this only bounds a write. */
export const DEFAULT_MAX_EVENTS = 500;
/** Bytes written in one go (frames included). */
export const DEFAULT_MAX_BYTES = 1_048_576;

export const SyslogSettingsSchema = Type.Object(
  {
    /** The receiver's host name or IP address. */
    host: Type.String({ minLength: 1, pattern: '^[^\\s/]+$' }),
    /** Default: 514 for tcp and udp, 6514 for tls. */
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65_535 })),
    transport: Type.Optional(Type.Enum(SYSLOG_TRANSPORTS, { default: 'tcp' })),
    /** On tcp and tls. RFC 5425 §4.3 specifies octet counting over TLS; `lf` is for receivers configured for it (rsyslog's default). */
    framing: Type.Optional(Type.Enum(SYSLOG_FRAMINGS, { default: 'octet_counting' })),
    /** 0-23 or its keyword (`audit`, `local4`); default 13, log audit. */
    facility: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 23 }), Type.Enum(FACILITIES.map((f) => f.name))], { default: DEFAULT_FACILITY })),
    /** The IANA Private Enterprise Number of the SD-ID `siemkit@<n>`; default 32473 (the documentation number). */
    enterprise_number: Type.Optional(Type.Integer({ minimum: 0, maximum: 4_294_967_295, default: DEFAULT_ENTERPRISE_NUMBER })),
    /** HOSTNAME of every message; default the machine's host name. */
    hostname: Type.Optional(Type.String({ minLength: 1 })),
    /** PROCID of every message; default NILVALUE. */
    procid: Type.Optional(Type.String({ minLength: 1 })),
    /** What MSG holds: the canonical event as JSON (default), or a CEF or LEEF line (QRadar, ArcSight). */
    body: Type.Optional(Type.Enum(SYSLOG_BODIES, { default: 'json' })),
    /** The LEEF 2.0 attribute delimiter for `body: leef` (one character, or `xHH`); default tab. */
    leef_delimiter: Type.Optional(Type.String({ minLength: 1, maxLength: 6, default: DEFAULT_LEEF_DELIMITER })),
    /** UDP: the largest datagram, in bytes (RFC 5426 §3.2: receivers should take 2048). */
    max_datagram_bytes: Type.Optional(Type.Integer({ minimum: 480, maximum: 65_507, default: DEFAULT_DATAGRAM_BYTES })),
    udp_oversize: Type.Optional(Type.Enum(UDP_OVERSIZE, { default: 'truncate' })),
    max_events: Type.Optional(Type.Integer({ minimum: 1, default: DEFAULT_MAX_EVENTS })),
    max_bytes: Type.Optional(Type.Integer({ minimum: 1, default: DEFAULT_MAX_BYTES })),
  },
  { additionalProperties: false },
);
export type SyslogSettings = Static<typeof SyslogSettingsSchema>;
