#!/usr/bin/env node
// A load generator in a process of its own (so its memory and CPU are not the server's): `users`
// virtual users, each with its own headers (a session cookie), each requesting its paths in turn, one
// request at a time, for `durationS` seconds. A path may contain `{rand}` (a random token: cache-busting
// query strings). Prints one JSON line: requests, per-second rate, latency percentiles, failures.
// Input: the JSON of { url, durationS, users: [{ headers, paths }] } as the first argument.
const spec = JSON.parse(process.argv[2]);
const latencies = [];
let non2xx = 0;
let errors = 0;
const statuses = {};
const until = performance.now() + spec.durationS * 1000;
const TIMEOUT_MS = 10_000;
let timeouts = 0;

async function user(u, offset) {
  let i = offset;
  while (performance.now() < until) {
    const path = u.paths[i % u.paths.length].replace('{rand}', () => Math.random().toString(36).slice(2));
    i += 1;
    const t = performance.now();
    try {
      const res = await fetch(spec.url + path, { headers: u.headers, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
      await res.arrayBuffer();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (res.status < 200 || res.status >= 300) non2xx += 1;
    } catch (error) {
      if (error?.name === 'TimeoutError') timeouts += 1;
      else errors += 1;
    }
    latencies.push(performance.now() - t);
  }
}

const started = performance.now();
await Promise.all(spec.users.map((u, k) => user(u, k)));
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : NaN);
console.log(
  JSON.stringify({ clientCpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000, total: latencies.length, requestsPerSecond: latencies.length / elapsed, p50Ms: pct(50), p99Ms: pct(99), maxMs: latencies.at(-1) ?? NaN, non2xx, errors, timeouts, statuses }),
);
