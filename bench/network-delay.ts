/**
 * A network round trip for the loopback receivers of bench/destinations.bench.ts: a TCP relay on
 * 127.0.0.1 in front of a receiver that hands on what the client sends at once and holds what the
 * receiver answers for `rttMs`, so each request's answer comes one round trip later, as from a
 * SIEM across a network. Bytes pass unchanged (TLS included: the certificate's name is the
 * receiver's). Order on each connection is kept: timers of one delay fire in the order they were set.
 */
import net from 'node:net';

/** Starts a relay to `target` (`http://127.0.0.1:PORT`, `https://localhost:PORT`); returns `target` with the relay's port. */
export async function delayed(target: string, rttMs: number): Promise<string> {
  const url = new URL(target);
  const port = Number(url.port);
  const server = net.createServer((client) => {
    client.setNoDelay(true);
    const upstream = net.connect({ host: '127.0.0.1', port }, () => upstream.setNoDelay(true));
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => setTimeout(() => client.destroyed || client.write(chunk), rttMs));
    client.on('end', () => upstream.end());
    upstream.on('end', () => setTimeout(() => client.end(), rttMs));
    const close = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  url.port = String((server.address() as net.AddressInfo).port);
  return url.toString().replace(/\/$/, target.endsWith('/') ? '/' : '');
}
