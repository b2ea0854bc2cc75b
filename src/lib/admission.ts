import type { Context, MiddlewareHandler } from 'hono';

export interface AdmissionLimits {
  /** Requests handled at once (past the page cache); the others wait their turn, first come first served. */
  concurrent: number;
  /** Requests that may wait; one more is answered 503 with Retry-After at once. */
  queue: number;
  /**
   * A request that waited longer than this for its turn is answered 503 with Retry-After instead of
   * being handled: its client has likely given up, and a clear "come back" beats a time-out
   * (issue 10: under a long overload, clients timed out in the queue). None when absent.
   */
  maxWaitMs?: number;
}

/**
 * A bounded, fair queue in front of every request the page cache does not answer (decision 060).
 * The embedded database (PGlite) runs each query on the server's only thread: without a bound, 50
 * simultaneous uncached requests all start, interleave, and all finish late (p99 of seconds,
 * time-outs). With a few in flight and the rest waiting in order, each finishes in its render time
 * plus its wait, and when the wait would be too long the client is told to come back.
 */
export function admission(limits: AdmissionLimits, onReject: (c: Context) => Response | Promise<Response>, clock: () => number = () => performance.now()): MiddlewareHandler {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };
  return async (c, next) => {
    if (running >= limits.concurrent) {
      if (waiting.length >= limits.queue) {
        c.header('retry-after', '2');
        return onReject(c);
      }
      const since = clock();
      await new Promise<void>((resolve) => waiting.push(resolve));
      if (limits.maxWaitMs !== undefined && clock() - since > limits.maxWaitMs) {
        release();
        c.header('retry-after', '2');
        return onReject(c);
      }
    } else running += 1;
    try {
      await next();
    } finally {
      release();
    }
  };
}

/** The limits for a driver: PGlite shares the server's thread, PostgreSQL has a pool of connections. */
export function admissionLimits(driver: 'pglite' | 'postgres'): AdmissionLimits {
  return driver === 'pglite' ? { concurrent: 2, queue: 500, maxWaitMs: 5000 } : { concurrent: 16, queue: 1000, maxWaitMs: 5000 };
}
