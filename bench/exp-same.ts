// Experiment: the same HTML from PGlite in this thread and in a worker thread.
import { createApp } from '../src/app.js';
import { openPglite } from '../src/db/client.js';
import { seedBenchPlan } from './seed.js';
const NOW = new Date('2026-11-23T12:00:00Z');
const out: string[][] = [];
for (const thread of [false, true]) {
  const t0 = performance.now();
  const d = await openPglite(null, { thread });
  await d.migrate();
  const s = await seedBenchPlan(d.db, NOW);
  const app = createApp({ db: d.db, now: () => NOW, pageCacheTtlMs: 0 });
  const pages: string[] = [];
  for (const p of [`/plans/${s.planId}`, `/commitments/${s.commitmentIds[30]}`, '/', '/api/v1/commitments?limit=5', `/plans/${s.planId}/commitments.csv`]) { const r = await app.request(p); pages.push(`${r.status} ${await r.text()}`); }
  out.push(pages);
  console.log(thread ? 'thread' : 'inline', `${(performance.now() - t0).toFixed(0)} ms`, pages.map((p) => p.length).join(' '));
  await d.close();
}
console.log('same:', out[0]!.every((p, i) => p === out[1]![i]));
for (let i = 0; i < out[0]!.length; i++) if (out[0]![i] !== out[1]![i]) { const a = out[0]![i]!, b = out[1]![i]!; let k = 0; while (a[k] === b[k]) k++; console.log(i, JSON.stringify(a.slice(k - 80, k + 80)), '\n  vs', JSON.stringify(b.slice(k - 80, k + 80))); }
