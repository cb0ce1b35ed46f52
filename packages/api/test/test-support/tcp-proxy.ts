// A TCP proxy in front of a database server, which a test cuts (every connection closed, new ones
// refused) and restores on the same port, as a server restart or a network outage looks to a client.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Closes every connection through the proxy and stops listening: connects are refused. */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
  /**
   * Stops passing bytes either way, without closing anything: connections stay open and new ones
   * are accepted, as a stopped (SIGSTOP) server or a blackholed route looks to a client.
   */
  freeze(): void;
  /** Passes bytes again, those held meanwhile first. */
  thaw(): void;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const pairs = new Set<readonly [Socket, Socket]>();
  let frozen = false;
  const connect = ([client, upstream]: readonly [Socket, Socket]): void => {
    client.pipe(upstream);
    upstream.pipe(client);
  };
  const disconnect = ([client, upstream]: readonly [Socket, Socket]): void => {
    client.unpipe(upstream);
    upstream.unpipe(client);
    client.pause();
    upstream.pause();
  };
  let server: Server | undefined;
  let port = 0;
  const listen = async (): Promise<void> => {
    const created = createServer((client) => {
      const upstream = createConnection(target.port, target.host);
      sockets.add(client);
      sockets.add(upstream);
      const pair = [client, upstream] as const;
      pairs.add(pair);
      const end = (): void => {
        pairs.delete(pair);
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      for (const socket of [client, upstream]) {
        socket.on('error', end);
        socket.on('close', end);
      }
      if (frozen) disconnect(pair);
      else connect(pair);
    });
    await new Promise<void>((resolve, reject) => {
      created.once('error', reject);
      created.listen(port, '127.0.0.1', () => resolve());
    });
    port = (created.address() as AddressInfo).port;
    server = created;
  };
  const cut = async (): Promise<void> => {
    const closing = server;
    server = undefined;
    if (closing === undefined) return;
    const closed = new Promise<void>((resolve) => closing.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    await closed;
  };
  await listen();
  return {
    get port() {
      return port;
    },
    cut,
    restore: listen,
    freeze: () => {
      frozen = true;
      for (const pair of pairs) disconnect(pair);
    },
    thaw: () => {
      frozen = false;
      for (const pair of pairs) connect(pair);
    },
  };
}
