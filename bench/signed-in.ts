/**
 * Signed-in pages (bench/run.ts part "signedin"): 50 people signed in at once against the app, one
 * request at a time each (a person waits for the page before asking for the next). Signed-in pages
 * are never cached. What they browse is what they do in a reporting period (`signedInWork`):
 * - 40 institution contacts: their work (milestones to report on, drafts, returned and submitted
 *   reports, notices), the report form of one of their milestones, one of their drafts to edit, the
 *   home page and their plan;
 * - 10 secretariat members: the verification queue (tens of submitted reports with evidence), their
 *   work (the notices of reports to verify, their plans), the reporting periods, a commitment.
 */
import { randomBytes } from 'node:crypto';
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { createApp } from '../src/app.js';
import type { Database, OpenDatabase } from '../src/db/client.js';
import { actionPlans, commitments, milestones, roleGrants, users } from '../src/db/schema/index.js';
import { createSession } from '../src/features/accounts/sessions.js';
import { createProgressUpdate, openPeriod, returnProgressUpdate, setFollow, verifyProgressUpdate } from '../src/features/monitoring/commands.js';
import { admissionLimits } from '../src/lib/admission.js';
import { runClient } from './client.js';
import { listenApp } from './load.js';
import { postgresCpu } from './scale-cpu.js';
import type { LoadResult } from './load.js';

export interface SignedInPerson {
  userId: number;
  role: 'institution_contact' | 'secretariat';
  headers: Record<string, string>;
  paths: string[];
}

const NARRATIVE =
  'Durante el periodo se realizaron mesas de trabajo con organizaciones de la sociedad civil y se publicó el informe de avance en el portal institucional, con los datos en formato abierto y la minuta de cada sesión.';

/**
 * The people and their work: `users` accounts (one in five secretariat of the plan's member, the
 * rest contacts of the institution that leads the most commitments), an open reporting period, and
 * for each contact reports in every state — two drafts, one returned, one submitted (waiting in the
 * queue, with an evidence link) and two verified — with the notices those transitions send, and two
 * followed commitments. Deterministic apart from ids.
 */
export async function signedInWork(db: Database, seeded: { planId: number; commitmentIds: number[] }, now: Date, count: number): Promise<SignedInPerson[]> {
  const [plan] = await db.select({ memberId: actionPlans.memberId }).from(actionPlans).where(eq(actionPlans.id, seeded.planId));
  if (!plan) throw new Error('the bench plan is missing');
  // The institution leading the most commitments of the plan: its contacts have the most work.
  const led = await db
    .select({ institutionId: commitments.leadInstitutionId, id: commitments.id })
    .from(commitments)
    .where(and(eq(commitments.planId, seeded.planId), isNotNull(commitments.leadInstitutionId)))
    .orderBy(asc(commitments.id));
  const byInstitution = new Map<number, number>();
  for (const r of led) byInstitution.set(r.institutionId!, (byInstitution.get(r.institutionId!) ?? 0) + 1);
  const institutionId = [...byInstitution].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
  if (institutionId === undefined) throw new Error('the bench plan has no lead institutions');
  const theirs = await db
    .select({ id: milestones.id, number: milestones.number, commitmentId: milestones.commitmentId })
    .from(milestones)
    .innerJoin(commitments, eq(commitments.id, milestones.commitmentId))
    .where(and(eq(commitments.planId, seeded.planId), eq(commitments.leadInstitutionId, institutionId)))
    .orderBy(asc(commitments.id), asc(milestones.number));

  const stamp = Date.now();
  const people: SignedInPerson[] = [];
  for (let i = 0; i < count; i += 1) {
    const role = i % 5 === 0 ? 'secretariat' : 'institution_contact';
    const [u] = await db.insert(users).values({ email: `bench-${i}-${stamp}@example.org`, name: `Persona ${i}`, locale: 'es' }).returning({ id: users.id });
    await db.insert(roleGrants).values({ userId: u!.id, role, memberId: plan.memberId, institutionId: role === 'secretariat' ? null : institutionId, seat: null });
    const { token } = await createSession(db, u!.id, now);
    // A browser keeps the CSRF cookie its first form page set, and sends it with the session's.
    people.push({ userId: u!.id, role, headers: { cookie: `sid=${token}; csrf=${randomBytes(32).toString('base64url')}` }, paths: [] });
  }
  const secretariat = people.filter((p) => p.role === 'secretariat');
  const contacts = people.filter((p) => p.role === 'institution_contact');
  const period = await openPeriod(db, { planId: seeded.planId, name: 'Segundo semestre 2026', locale: 'es', deadline: '2026-12-15', actorId: secretariat[0]!.userId, now });
  const asOf = now.toISOString().slice(0, 10);
  const report = (authorId: number, milestoneId: number, submit: boolean, link?: string) =>
    createProgressUpdate(db, {
      milestoneId,
      authorId,
      status: submit ? 'substantial' : 'limited',
      narrative: NARRATIVE,
      asOf,
      periodId: period.id,
      locale: 'es',
      evidence: { files: [], links: link ? [link] : [] },
      submit,
      now,
    });
  const pick = (k: number) => theirs[k % theirs.length]!;
  let k = 0;
  for (const [n, p] of contacts.entries()) {
    const verifier = secretariat[n % secretariat.length]!.userId;
    const drafts = [];
    for (let d = 0; d < 2; d += 1) drafts.push(await report(p.userId, pick(k++).id, false));
    const returned = await report(p.userId, pick(k++).id, true, `https://datos.example.org/informes/${n}/devuelto`);
    await returnProgressUpdate(db, { updateId: returned.id, actorId: verifier, reason: 'Falta el enlace al acta de la sesión.', now });
    for (let v = 0; v < 2; v += 1) {
      const done = await report(p.userId, pick(k++).id, true, `https://datos.example.org/informes/${n}/${v}`);
      await verifyProgressUpdate(db, { updateId: done.id, actorId: verifier, now });
    }
    await report(p.userId, pick(k++).id, true, `https://datos.example.org/informes/${n}/pendiente`);
    for (let f = 0; f < 2; f += 1) await setFollow(db, { userId: p.userId, commitmentId: seeded.commitmentIds[(n + f * 7) % seeded.commitmentIds.length]!, follow: true, now });
    const form = pick(n);
    p.paths = ['/work', `/commitments/${form.commitmentId}/milestones/${form.number}/updates/new`, '/', `/updates/${drafts[0]!.id}/edit`, `/plans/${seeded.planId}`];
  }
  for (const [n, p] of secretariat.entries()) {
    const commitment = seeded.commitmentIds[(n * 11) % seeded.commitmentIds.length];
    p.paths = ['/verification', '/work', `/commitments/${commitment}`, '/periods'];
  }
  return people;
}

export interface SignedInResult extends LoadResult {
  /** CPU per request during the measured run: the app, PostgreSQL (null on PGlite), the load generator. */
  appCpuMsPerRequest: number;
  dbCpuMsPerRequest: number | null;
  clientCpuMsPerRequest: number | null;
}

export async function benchSignedIn(
  database: OpenDatabase,
  seeded: { planId: number; commitmentIds: number[] },
  now: Date,
  options: { users: number; durationS: number },
): Promise<SignedInResult> {
  const db = database.db;
  const people = await signedInWork(db, seeded, now, options.users);
  const app = createApp({ db, now: () => now, admission: admissionLimits(database.driver), log: () => {} });
  const server = await listenApp(app.fetch);
  try {
    await runClient(server.url, people, Math.min(2, options.durationS)); // warm-up
    await server.idle();
    // Where the CPU goes during the measured run: this process (the app: the server runs here), the
    // PostgreSQL server's processes, and the load generator (its own process).
    const dbCpu = await postgresCpu(db);
    const db0 = dbCpu?.() ?? 0;
    const app0 = process.cpuUsage();
    const r = await runClient(server.url, people, options.durationS);
    const app = process.cpuUsage(app0);
    await server.idle();
    const per = (ms: number) => ms / Math.max(1, r.total);
    return {
      ...r,
      appCpuMsPerRequest: per((app.user + app.system) / 1000),
      dbCpuMsPerRequest: dbCpu ? per(dbCpu() - db0) : null,
      clientCpuMsPerRequest: r.clientCpuMs === undefined ? null : per(r.clientCpuMs),
    };
  } finally {
    await server.close();
  }
}
