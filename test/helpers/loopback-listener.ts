/**
 * A server listening on 127.0.0.1 that can go away and come back on the same port, for receivers
 * that play an unreachable SIEM: `down()` closes the port and destroys every open connection,
 * `up()` listens on the same port again.
 */
import type net from 'node:net';

export interface LoopbackListener {
  readonly port: number;
  down(): Promise<void>;
  up(): Promise<void>;
}

/** Listens on `port` (default 0: any free one); `sockets` are the server's open connections, destroyed by `down()`. */
export async function listenOnLoopback(server: net.Server, sockets: ReadonlySet<net.Socket>, port = 0): Promise<LoopbackListener> {
  const listen = (at: number): Promise<number> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(at, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  const bound = await listen(port);
  let listening = true;
  return {
    port: bound,
    down: () => {
      if (!listening) return Promise.resolve();
      listening = false;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      return stopped;
    },
    up: async () => {
      if (listening) return;
      await listen(bound);
      listening = true;
    },
  };
}
