import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import autocannon from 'autocannon';

/** A server listening on loopback, with its base URL and a close that waits for it. */
export interface Listening {
  url: string;
  /**
   * Waits until no request is being handled. When autocannon stops, up to one request per connection
   * is still running; the next load (or closing the database) must not start under it.
   */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const DRAIN_LIMIT_MS = 30_000;

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    // Keep-alive connections left by the load generator would hold close() open.
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

function addressOf(server: http.Server): string {
  const address = server.address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}

/** The real app behind @hono/node-server, as `npm start` serves it, on a free loopback port. */
export function listenApp(fetch: (request: Request) => Response | Promise<Response>, onServer?: (server: http.Server) => void): Promise<Listening> {
  let inFlight = 0;
  const counted = async (request: Request) => {
    inFlight += 1;
    try {
      return await fetch(request);
    } finally {
      inFlight -= 1;
    }
  };
  const idle = async () => {
    const until = Date.now() + DRAIN_LIMIT_MS;
    while (inFlight > 0) {
      if (Date.now() > until) throw new Error(`${inFlight} requests still running after ${DRAIN_LIMIT_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: counted, port: 0, hostname: '127.0.0.1' }) as http.Server;
    onServer?.(server);
    server.once('error', reject);
    server.once('listening', () =>
      resolve({
        url: addressOf(server),
        idle,
        close: async () => {
          await closeServer(server);
          await idle();
        },
      }),
    );
  });
}

export interface StaticPage {
  body: Buffer;
  contentType: string;
}

/**
 * The ceiling to compare with: node:http answering the pre-rendered bytes of each page from memory
 * (no routing framework, no database, no rendering).
 */
export function listenStatic(pages: Map<string, StaticPage>): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = http.createServer((req, res) => {
      const page = pages.get(req.url ?? '');
      if (!page) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': page.contentType, 'content-length': page.body.length }).end(page.body);
    });
    server.once('error', reject);
    // Answers synchronously: nothing is left running when a load stops.
    server.listen(0, '127.0.0.1', () => resolve({ url: addressOf(server), idle: async () => {}, close: () => closeServer(server) }));
  });
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  total: number;
  /** Connection errors, timeouts and answers other than 2xx: any of these makes the row fail. */
  errors: number;
  timeouts: number;
  non2xx: number;
}

/**
 * Loads one URL with autocannon for `durationS` seconds. The load generator runs in a worker thread
 * (`workers: 1`) so it does not share the event loop with the server it measures.
 */
export function load(url: string, options: { connections: number; durationS: number; workers?: number }): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => reject(new Error(`autocannon did not finish within ${options.durationS + 30} s on ${url}`)), (options.durationS + 30) * 1000);
    autocannon(
      {
        url,
        connections: options.connections,
        duration: options.durationS,
        workers: options.workers ?? 1,
        timeout: 10,
      },
      (error, result) => {
        clearTimeout(guard);
        if (error) {
          reject(error);
          return;
        }
        resolve({
          requestsPerSecond: result.requests.average,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          maxMs: result.latency.max,
          total: result.requests.total,
          errors: result.errors,
          timeouts: result.timeouts,
          non2xx: result.non2xx,
        });
      },
    );
  });
}
