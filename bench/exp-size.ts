import { createApp } from '../src/app.js';
import { openPglite } from '../src/db/client.js';
import { seedBenchPlan } from './seed.js';
const NOW = new Date('2026-11-23T12:00:00Z');
const d = await openPglite(null); await d.migrate(); const s = await seedBenchPlan(d.db, NOW);
const app = createApp({ db: d.db, now: () => NOW, pageCacheTtlMs: 0 });
for (const p of [`/plans/${s.planId}`, `/commitments/${s.commitmentIds[30]}`]) { const r = await app.request(p); console.log(p, r.status, (await r.text()).length); }
