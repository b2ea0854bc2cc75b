/**
 * Signed-in pages (bench/run.ts part "signedin"): 50 people signed in at once — 40 institution
 * contacts browsing their work, the home page and their plan, 10 secretariat members browsing the
 * verification queue and commitments — against the app, one request at a time each (a person
 * waits for the page before asking for the next). Signed-in pages are never cached.
 */
import { asc, eq, isNotNull } from 'drizzle-orm';
import { createApp } from '../src/app.js';
import type { OpenDatabase } from '../src/db/client.js';
import { actionPlans, commitments, roleGrants, users } from '../src/db/schema/index.js';
import { createSession } from '../src/features/accounts/sessions.js';
import { admissionLimits } from '../src/lib/admission.js';
import { runClient } from './client.js';
import { listenApp } from './load.js';
import type { LoadResult } from './load.js';

export async function benchSignedIn(
  database: OpenDatabase,
  seeded: { planId: number; commitmentIds: number[] },
  now: Date,
  options: { users: number; durationS: number },
): Promise<LoadResult> {
  const db = database.db;
  const [plan] = await db.select({ memberId: actionPlans.memberId }).from(actionPlans).where(eq(actionPlans.id, seeded.planId));
  const [led] = await db
    .select({ institutionId: commitments.leadInstitutionId })
    .from(commitments)
    .where(isNotNull(commitments.leadInstitutionId))
    .orderBy(asc(commitments.id))
    .limit(1);
  if (!plan) throw new Error('the bench plan is missing');
  const people = [];
  for (let i = 0; i < options.users; i += 1) {
    const secretariat = i % 5 === 0;
    const [u] = await db.insert(users).values({ email: `bench-${i}-${Date.now()}@example.org`, name: `Persona ${i}`, locale: 'es' }).returning({ id: users.id });
    await db.insert(roleGrants).values({
      userId: u!.id,
      role: secretariat || !led?.institutionId ? 'secretariat' : 'institution_contact',
      memberId: plan.memberId,
      institutionId: secretariat || !led?.institutionId ? null : led.institutionId,
      seat: null,
    });
    const { token } = await createSession(db, u!.id, now);
    const commitment = seeded.commitmentIds[i % seeded.commitmentIds.length];
    people.push({
      headers: { cookie: `sid=${token}` },
      paths: secretariat ? ['/verification', `/commitments/${commitment}`] : ['/work', '/', `/plans/${seeded.planId}`],
    });
  }
  const app = createApp({ db, now: () => now, admission: admissionLimits(database.driver), log: () => {} });
  const server = await listenApp(app.fetch);
  try {
    await runClient(server.url, people, Math.min(2, options.durationS)); // warm-up
    await server.idle();
    const r = await runClient(server.url, people, options.durationS);
    await server.idle();
    return r;
  } finally {
    await server.close();
  }
}
