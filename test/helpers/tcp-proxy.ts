import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP proxy in front of a real server, for faults a real network has: refuse connections, stall (keep
 * every socket open and forward nothing, as a silent network does), cut connections mid-stream, or
 * delay every chunk. Listens on 127.0.0.1 on a free port.
 */
export interface TcpProxy {
  readonly port: number;
  /** host:port to put in a URL in place of the server's. */
  readonly address: string;
  /** Forward normally again (stalled data is not replayed: a stalled connection stays dead). */
  forward(): void;
  /** New connections are refused: accepted and reset at once. */
  refuse(): void;
  /** Stop forwarding anything, on open and new connections alike, keeping the sockets open. */
  stall(): void;
  /** Forward until a client chunk matches, let that chunk through, then stall: "the network went silent mid-command". */
  stallWhen(match: RegExp): void;
  /** Destroy every open connection (both sides), as a dropped link does. */
  cut(): void;
  /** Forward each chunk after this many milliseconds. */
  delay(ms: number): void;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Whether it is stalling now (after stall(), or once a stallWhen() chunk went through). */
  readonly stalled: boolean;
  /** When the current stall began (Date.now()), or null. */
  readonly stalledAt: number | null;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: "forward" | "refuse" | "stall" = "forward";
  let trigger: RegExp | null = null;
  let delayMs = 0;
  let stalledAt: number | null = null;
  let accepted = 0;
  const open = new Set<Socket>();

  const server: Server = createServer((client) => {
    accepted++;
    if (mode === "refuse") {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    open.add(client);
    open.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    const pass = (to: Socket, chunk: Buffer) => {
      if (mode === "stall") return; // swallowed: a silent network delivers nothing
      if (delayMs > 0) setTimeout(() => mode !== "stall" && !to.destroyed && to.write(chunk), delayMs);
      else to.write(chunk);
    };
    client.on("data", (chunk: Buffer) => {
      const stallAfter = trigger !== null && trigger.test(chunk.toString("latin1"));
      pass(upstream, chunk);
      if (stallAfter) {
        trigger = null;
        mode = "stall";
        stalledAt = Date.now();
      }
    });
    upstream.on("data", (chunk: Buffer) => pass(client, chunk));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("proxy has no port");
  const port = address.port;

  return {
    port,
    address: `127.0.0.1:${port}`,
    get connections() {
      return accepted;
    },
    get stalled() {
      return mode === "stall";
    },
    get stalledAt() {
      return mode === "stall" ? stalledAt : null;
    },
    forward() {
      mode = "forward";
      trigger = null;
      delayMs = 0;
    },
    refuse() {
      mode = "refuse";
    },
    stall() {
      mode = "stall";
      stalledAt = Date.now();
    },
    stallWhen(match) {
      mode = "forward";
      trigger = match;
    },
    cut() {
      for (const socket of open) socket.destroy();
      open.clear();
    },
    delay(ms) {
      delayMs = ms;
    },
    async close() {
      for (const socket of open) socket.destroy();
      open.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
