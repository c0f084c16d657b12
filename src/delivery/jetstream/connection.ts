/**
 * One NATS connection with its JetStream client and manager, shared by the publisher, the setup
 * and every destination's queue of a process. The client reconnects by itself (to any server of
 * the list, so a cluster node that stops is not an outage); `close` drains, so the acknowledgements
 * still in the socket reach the server.
 */
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { connect } from '@nats-io/transport-node';

export interface JetStreamConnectOptions {
  readonly servers: readonly string[];
  /** Shown in the server's connection list (`nats-server` /connz). */
  readonly name?: string;
}

export interface JetStreamConnection {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  close(): Promise<void>;
}

/** How long the first connection may take before `connectJetStream` fails: 10 s. */
export const CONNECT_TIMEOUT_MS = 10_000;

export async function connectJetStream(options: JetStreamConnectOptions): Promise<JetStreamConnection> {
  const nc = await connect({
    servers: [...options.servers],
    name: options.name ?? 'siemkit',
    timeout: CONNECT_TIMEOUT_MS,
    // Never give up reconnecting: a forwarder outlives a NATS node restart.
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
  });
  let closed = false;
  return {
    nc,
    js: jetstream(nc),
    // No account check at connect: a cluster still electing its JetStream leader answers it late,
    // and the first real request reports a missing JetStream clearly enough.
    jsm: await jetstreamManager(nc, { checkAPI: false }),
    async close() {
      if (closed) return;
      closed = true;
      await nc.drain().catch(() => nc.close());
    },
  };
}
