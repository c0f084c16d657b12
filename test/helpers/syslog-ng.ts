/**
 * A real syslog-ng (Debian `syslog-ng-core`, 3.38 here and in CI) receiving on loopback, for the
 * syslog integration test. It runs in the foreground as a child process with every file it needs
 * (config, persist file, pid file, control socket, outputs) in a temp directory, listening with
 * three `syslog()` sources on ports picked free (bound to port 0 in Node, closed, reused):
 *
 *   tcp  RFC 6587 over TCP: octet counting, or LF framing (syslog-ng tells them apart per
 *        connection by the first byte)
 *   udp  RFC 5426, one message per datagram
 *   tls  RFC 5425, octet counting over TLS with a mutually authenticated certificate (tls-certs.ts)
 *
 * Each source writes to its own file, one JSON object per message, with syslog-ng's own parse of
 * it: PRI, facility and severity, the timestamp (ISO 8601 with milliseconds in UTC), HOST,
 * PROGRAM, PID, MSGID, every SD param (under `_SDATA`: format-json turns the leading dot of
 * `.SDATA.<SD-ID>.<param>` into `_` and nests on the dots) and MESSAGE. format-json leaves out
 * empty values. (UNIXTIME is left out: 3.38 prints it as an unsigned 32-bit number, so instants
 * before 1970 or after 2106 come out wrong; ISODATE is right, but writes years below 1000 without
 * their leading zeros.)
 *
 * What is set and why (syslog-ng's defaults would change what we read back):
 *   keep-hostname(yes)      HOST is the message's HOSTNAME; the default (no) puts the sender's address there.
 *   chain-hostnames(no), use-dns(no), dns-cache(no)
 *                           nothing rewrites HOST, and no name lookups.
 *   keep-timestamp(yes)     the message's TIMESTAMP, not the time of receipt (the default, said out
 *                           loud); a NILVALUE TIMESTAMP gets the time of receipt.
 *   frac-digits(3)          ISODATE with milliseconds (the default is 0: whole seconds).
 *   time-zone("UTC")        on the destinations: ISODATE in UTC rather than the machine's zone.
 *   log-msg-size(1048576)   the default 65,536 bytes cuts events that carry KB-long values;
 *                           1 MiB matches siemkit's deframers' default maximum.
 *   flags(validate-utf8)    syslog-ng checks each message's UTF-8 (the default does not); and
 *                           format-json writes any byte that is not UTF-8 as the text `\xNN`, so a
 *                           broken sequence from the encoder or fitDatagram cannot pass unnoticed.
 *   so-rcvbuf(4 MiB)        on UDP, room for a burst of datagrams (the kernel caps it at rmem_max).
 *   max-connections(8), log-iw-size(800)
 *                           TCP and TLS: a window of 100 messages per connection, the least
 *                           syslog-ng accepts without a warning.
 *   BOM                     syslog-ng strips the UTF-8 BOM that starts MSG (RFC 5424 §6.4) from
 *                           MESSAGE; nothing to set, the test expects MESSAGE without it.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TlsFiles } from './tls-certs.js';
import { freeTcpPort } from './free-port.js';

export const SYSLOG_NG = '/usr/sbin/syslog-ng';

/** 1 MiB, as log-msg-size. */
export const SYSLOG_NG_MAX_MESSAGE_BYTES = 1_048_576;

export type SyslogNgSource = 'tcp' | 'udp' | 'tls';

/** One message as syslog-ng parsed it. format-json leaves out empty values (a NILVALUE PROCID, say). */
export interface SyslogNgRecord {
  readonly PRI: string;
  readonly FACILITY_NUM: string;
  readonly LEVEL_NUM: string;
  readonly ISODATE: string;
  readonly HOST?: string;
  readonly PROGRAM?: string;
  readonly PID?: string;
  readonly MSGID?: string;
  readonly MESSAGE?: string;
  readonly _SDATA?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface SyslogNg {
  readonly ports: Readonly<Record<SyslogNgSource, number>>;
  /** The records written so far for a source. */
  records(source: SyslogNgSource): SyslogNgRecord[];
  /** Waits until a source has written at least `count` records (or fails after `timeoutMs`, saying what syslog-ng said). */
  waitForRecords(source: SyslogNgSource, count: number, timeoutMs?: number): Promise<SyslogNgRecord[]>;
  /** What syslog-ng wrote to stderr (its own errors and warnings). */
  readonly stderr: () => string;
  stop(): Promise<void>;
}

/** The message of a missing binary: the test fails with it rather than skipping. */
export function requireSyslogNg(): void {
  if (!existsSync(SYSLOG_NG)) {
    throw new Error(`${SYSLOG_NG} is missing: this test needs a real syslog-ng. Install Debian's syslog-ng-core (apt-get install syslog-ng-core; CI installs it through DEBIAN_PACKAGES in .ci/run).`);
  }
}

async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => socket.once('error', reject).bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

const quote = (s: string): string => JSON.stringify(s);

const TEMPLATE = '$(format-json --key PRI --key FACILITY_NUM --key LEVEL_NUM --key ISODATE --key HOST --key PROGRAM --key PID --key MSGID --key MESSAGE --key .SDATA.*)\\n';

function config(dir: string, ports: Record<SyslogNgSource, number>, tls: TlsFiles): string {
  const out = (source: SyslogNgSource): string => quote(path.join(dir, `${source}.ndjson`));
  return `@version: 3.38
options {
  keep-hostname(yes);
  chain-hostnames(no);
  use-dns(no);
  dns-cache(no);
  keep-timestamp(yes);
  frac-digits(3);
  log-msg-size(${SYSLOG_NG_MAX_MESSAGE_BYTES});
};

source s_tcp { syslog(ip("127.0.0.1") port(${ports.tcp}) transport("tcp") max-connections(8) log-iw-size(800) flags(validate-utf8)); };
source s_udp { syslog(ip("127.0.0.1") port(${ports.udp}) transport("udp") so-rcvbuf(4194304) flags(validate-utf8)); };
source s_tls {
  syslog(ip("127.0.0.1") port(${ports.tls}) transport("tls") max-connections(8) log-iw-size(800) flags(validate-utf8)
    tls(key-file(${quote(tls.serverKeyFile)}) cert-file(${quote(tls.serverCertFile)}) ca-file(${quote(tls.caFile)}) peer-verify(required-trusted)));
};

destination d_tcp { file(${out('tcp')} template("${TEMPLATE}") time-zone("UTC")); };
destination d_udp { file(${out('udp')} template("${TEMPLATE}") time-zone("UTC")); };
destination d_tls { file(${out('tls')} template("${TEMPLATE}") time-zone("UTC")); };

log { source(s_tcp); destination(d_tcp); };
log { source(s_udp); destination(d_udp); };
log { source(s_tls); destination(d_tls); };
`;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts syslog-ng and waits until its TCP and TLS sources accept connections (all three are bound by then). */
export async function startSyslogNg(tls: TlsFiles, startTimeoutMs = 15_000): Promise<SyslogNg> {
  requireSyslogNg();
  const dir = mkdtempSync(path.join(tmpdir(), 'siemkit-syslog-ng-'));
  const ports = { tcp: await freeTcpPort(), udp: await freeUdpPort(), tls: await freeTcpPort() };
  const conf = path.join(dir, 'syslog-ng.conf');
  writeFileSync(conf, config(dir, ports, tls));
  const child: ChildProcess = spawn(SYSLOG_NG, ['-F', '--no-caps', '--stderr', '-f', conf, '-R', path.join(dir, 'persist'), '-p', path.join(dir, 'pid'), '-c', path.join(dir, 'ctl')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (s: string) => {
    stderr += s;
  });
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code) => {
      exited = code;
      resolve();
    });
    child.once('error', (err) => {
      stderr += String(err);
      exited = -1;
      resolve();
    });
  });

  const stop = async (): Promise<void> => {
    if (exited === undefined) {
      child.kill('SIGTERM');
      await Promise.race([exit, sleep(5_000)]);
      if (exited === undefined) child.kill('SIGKILL');
      await exit;
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + startTimeoutMs;
  while (!((await accepts(ports.tcp)) && (await accepts(ports.tls)))) {
    if (exited !== undefined || Date.now() > deadline) {
      await stop();
      throw new Error(`syslog-ng did not start (exit ${String(exited)}):\n${stderr}`);
    }
    await sleep(50);
  }

  const records = (source: SyslogNgSource): SyslogNgRecord[] => {
    const file = path.join(dir, `${source}.ndjson`);
    if (!existsSync(file)) return [];
    const text = readFileSync(file, 'utf8');
    // A line still being written has no newline yet.
    const lines = text.slice(0, text.lastIndexOf('\n') + 1).split('\n').filter((l) => l !== '');
    return lines.map((l) => JSON.parse(l) as SyslogNgRecord);
  };

  return {
    ports,
    records,
    async waitForRecords(source, count, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const got = records(source);
        if (got.length >= count) return got;
        if (exited !== undefined || Date.now() > until) throw new Error(`syslog-ng wrote ${got.length} of ${count} ${source} records (exit ${String(exited)}):\n${stderr}`);
        await sleep(25);
      }
    },
    stderr: () => stderr,
    stop,
  };
}
