// bench/concurrency.ts runs autocannon in a process of its own (so the server process's CPU is its own):
// node bench/autocannon-child.mjs URL CONNECTIONS SECONDS → one JSON line.
import autocannon from 'autocannon';
const [url, conns, dur] = process.argv.slice(2);
autocannon({ url, connections: Number(conns), duration: Number(dur), timeout: 10 }, (err, r) => {
  if (err) { console.error(err); process.exit(1); }
  console.log(JSON.stringify({ rps: r.requests.average, p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max, total: r.requests.total, errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, s2xx: r['2xx'] }));
});
