/**
 * A real nats-server (Debian's `nats-server`, 2.9 here and in CI) with JetStream, on loopback, for
 * the JetStream tests: a child process with its store in a temp directory (`-js -sd DIR`) on a port
 * picked free. `startNatsCluster(3)` starts three of them as one JetStream cluster (routes on loopback).
 *
 * The binary is required: a missing one fails the test with how to install it, never skips it.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freeTcpPort } from './free-port.js';

export const NATS_SERVER_CANDIDATES = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'];

export function natsServerBinary(): string {
  const found = NATS_SERVER_CANDIDATES.find((p) => existsSync(p));
  if (found === undefined) {
    throw new Error(`nats-server is missing (looked in ${NATS_SERVER_CANDIDATES.join(', ')}): the JetStream tests need a real one. Install Debian's nats-server (apt-get install nats-server; CI installs it through DEBIAN_PACKAGES in .ci/run).`);
  }
  return found;
}

async function waitForPort(port: number, child: ChildProcess, log: () => string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nats-server exited with ${child.exitCode}: ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nats-server did not listen on ${port} within ${timeoutMs} ms: ${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface NatsServer {
  readonly port: number;
  /** `nats://127.0.0.1:PORT`. */
  readonly url: string;
  readonly storeDir: string;
  /** What the server printed (its log). */
  log(): string;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s); its store stays for `restart`. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same store. */
  restart(): Promise<void>;
  /** Stops it and removes its store. */
  close(): Promise<void>;
}

interface ServerSpec {
  readonly port: number;
  readonly dir: string;
  readonly configFile?: string;
}

function launch(spec: ServerSpec): { child: ChildProcess; output: () => string } {
  const args = spec.configFile !== undefined ? ['-c', spec.configFile] : ['-a', '127.0.0.1', '-p', String(spec.port), '-js', '-sd', path.join(spec.dir, 'store')];
  const child = spawn(natsServerBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (d: Buffer): void => {
    out = (out + d.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => out };
}

async function serverFrom(spec: ServerSpec, waitReady: boolean): Promise<NatsServer> {
  let { child, output } = launch(spec);
  if (waitReady) await waitForPort(spec.port, child, output);
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  return {
    port: spec.port,
    url: `nats://127.0.0.1:${spec.port}`,
    storeDir: path.join(spec.dir, 'store'),
    log: () => output(),
    stop,
    async restart() {
      await stop();
      ({ child, output } = launch(spec));
      await waitForPort(spec.port, child, output);
    },
    async close() {
      await stop();
      rmSync(spec.dir, { recursive: true, force: true });
    },
  };
}

/** One JetStream server on a free loopback port. */
export async function startNatsServer(): Promise<NatsServer> {
  natsServerBinary();
  const dir = mkdtempSync(path.join(tmpdir(), 'siemkit-nats-'));
  return serverFrom({ port: await freeTcpPort(), dir }, true);
}

export interface NatsCluster {
  readonly servers: readonly NatsServer[];
  /** Every client URL. */
  readonly urls: readonly string[];
  close(): Promise<void>;
}

/** `size` JetStream servers routed into one cluster on loopback, each with its own store. */
export async function startNatsCluster(size = 3): Promise<NatsCluster> {
  natsServerBinary();
  const clientPorts: number[] = [];
  const routePorts: number[] = [];
  for (let i = 0; i < size; i++) {
    clientPorts.push(await freeTcpPort());
    routePorts.push(await freeTcpPort());
  }
  const routes = routePorts.map((p) => `nats-route://127.0.0.1:${p}`);
  const specs: ServerSpec[] = clientPorts.map((port, i) => {
    const dir = mkdtempSync(path.join(tmpdir(), `siemkit-nats-${i}-`));
    const configFile = path.join(dir, 'nats.conf');
    writeFileSync(
      configFile,
      [
        `server_name: n${i}`,
        'host: 127.0.0.1',
        `port: ${port}`,
        `jetstream { store_dir: ${JSON.stringify(path.join(dir, 'store'))} }`,
        `cluster { name: siemkit-test, host: 127.0.0.1, port: ${routePorts[i]}, routes: [${routes.filter((_, j) => j !== i).join(', ')}] }`,
        '',
      ].join('\n'),
    );
    return { port, dir, configFile };
  });
  // All at once: a cluster node waits for its peers before JetStream is ready.
  const servers = await Promise.all(specs.map((s) => serverFrom(s, false)));
  await Promise.all(servers.map((s, i) => waitForPort(s.port, { exitCode: null } as ChildProcess, () => s.log()).catch((err: unknown) => Promise.reject(new Error(`node ${i}: ${(err as Error).message}`)))));
  return {
    servers,
    urls: servers.map((s) => s.url),
    async close() {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}
