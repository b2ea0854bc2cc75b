import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionPlans, auditLog, documents, followUpReportMilestones, followUpReports, milestones } from '../../db/schema/index.js';
import { messages } from '../../i18n/index.js';
import { readStoredFile } from '../../lib/files.js';
import { ensureDemo } from '../demo/demo.js';
import { NOW } from '../../../tests/support/factories.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { pdfText } from '../../../tests/support/read-documents.js';
import { publishFollowUpReport, ReportError } from './commands.js';
import { documentText } from './document.js';
import { buildFollowUpReport, compareSnapshots } from './follow-up.js';
import { getFollowUpReport } from './queries.js';
import { createApp } from '../../app.js';
import { commitments } from '../../db/schema/index.js';
import { createProgressUpdate, verifyProgressUpdate } from '../monitoring/commands.js';
import { signedInUser } from '../../../tests/support/auth.js';
import { docxParagraphs, docxXml } from '../../../tests/support/read-documents.js';

let database: TestDatabase;
let planId: number;

beforeAll(async () => {
  database = await testDatabase();
  await ensureDemo(database.db, NOW);
  const [plan] = await database.db.select({ id: actionPlans.id }).from(actionPlans).limit(1);
  planId = plan!.id;
});

afterAll(async () => {
  await database?.dispose();
});

/** The error a statement raises (drizzle wraps the driver's error; the message is in the cause). */
async function failure(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    const e = error as Error & { cause?: Error };
    return `${e.message} ${e.cause?.message ?? ''}`;
  }
  throw new Error('did not fail');
}

describe('follow-up reports', () => {
  let first: { id: number; number: number };
  let second: { id: number; number: number };

  it('publishes report n° 1 as a snapshot of every milestone at the cut-off date, with a PDF in the repository', async () => {
    first = await publishFollowUpReport(database.db, { planId, cutOffDate: '2017-06-30', note: { es: 'Primer corte' }, userId: null, actor: 'test', now: NOW });
    expect(first.number).toBe(1);
    const found = await getFollowUpReport(database.db, first.id);
    expect(found?.snapshot.map((r) => [r.milestoneNumber, r.status, r.delayed])).toEqual([
      [1, 'complete', false],
      [2, 'complete', false],
      [3, 'substantial', false], // due May 2018: not yet delayed in June 2017
      [4, 'not_started', false], // due November 2017
      [5, 'not_started', false],
    ]);
    const [doc] = await database.db.select().from(documents).where(eq(documents.subjectId, first.id));
    expect(doc).toMatchObject({ type: 'follow_up_report', planId, documentDate: '2017-06-30', subjectType: 'follow_up_report' });
    expect(doc?.publishedAt).not.toBeNull();
    const file = await readStoredFile(database.db, doc!.fileSha256!);
    expect(file?.mediaType).toBe('application/pdf');
    const text = (await pdfText(file!.bytes)).join(' ');
    expect(text).toContain('Reporte de seguimiento n° 1');
    expect(text).toContain('Primer corte');
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'follow_up_report.publish'));
    expect(audit).toHaveLength(1);
  });

  it('report n° 2 shows what changed since n° 1: status changes, newly delayed, completed', async () => {
    // Milestone 4 moves to limited; time passes so that 3 and 4 become delayed.
    const [m4] = await database.db.select().from(milestones).where(eq(milestones.number, 4));
    await database.db.update(milestones).set({ status: 'limited' }).where(eq(milestones.id, m4!.id));
    second = await publishFollowUpReport(database.db, { planId, cutOffDate: '2018-06-30', note: {}, userId: null, actor: 'test', now: NOW });
    expect(second.number).toBe(2);
    const found = await getFollowUpReport(database.db, second.id);
    expect(found?.previous?.report.id).toBe(first.id);
    const changes = compareSnapshots(found!.snapshot, found!.previous!.snapshot);
    expect(changes.statusChanges.map((c) => [c.now.milestoneNumber, c.before.status, c.now.status])).toEqual([[4, 'not_started', 'limited']]);
    expect(changes.newlyDelayed.map((m) => m.milestoneNumber)).toEqual([3, 4, 5]);
    expect(changes.completed).toEqual([]);
    expect(changes.added).toEqual([]);
    const doc = buildFollowUpReport({ ...found!, memberName: 'Chile' }, messages('en'), 'en');
    const text = documentText(doc);
    expect(text).toContain('Follow-up report no. 2');
    expect(text).toContain('Compared with follow-up report no. 1');
    const chart = doc.blocks.find((b) => b.type === 'chart');
    expect(chart?.type === 'chart' && chart.bars.map((b) => [b.key, b.value])).toEqual([
      ['not_started', 1],
      ['limited', 1],
      ['substantial', 1],
      ['complete', 2],
      ['not_reported', 0],
    ]);
  });

  it('the first report lists completed milestones as new completions', async () => {
    const found = await getFollowUpReport(database.db, first.id);
    const changes = compareSnapshots(found!.snapshot, null);
    expect(changes.completed.map((m) => m.milestoneNumber)).toEqual([1, 2]);
    expect(documentText(buildFollowUpReport({ ...found!, memberName: 'Chile' }, messages('es'), 'es'))).toContain(
      'Es el primer reporte de seguimiento del plan',
    );
  });

  it('refuses a cut-off date before the previous report’s, or in the future, storing nothing', async () => {
    await expect(publishFollowUpReport(database.db, { planId, cutOffDate: '2018-01-01', note: {}, userId: null, actor: 'test', now: NOW })).rejects.toMatchObject({
      code: 'cut_off_before_previous',
      params: { date: '2018-06-30' },
    });
    await expect(publishFollowUpReport(database.db, { planId, cutOffDate: '2099-01-01', note: {}, userId: null, actor: 'test', now: NOW })).rejects.toBeInstanceOf(ReportError);
    const all = await database.db.select().from(followUpReports);
    expect(all).toHaveLength(2);
  });

  it('never changes once published: the database refuses updates, deletes and late inserts', async () => {
    const before = await getFollowUpReport(database.db, first.id);
    const refused = [
      await failure(() => database.db.update(followUpReportMilestones).set({ status: 'complete' }).where(eq(followUpReportMilestones.reportId, first.id))),
      await failure(() => database.db.delete(followUpReportMilestones).where(eq(followUpReportMilestones.reportId, first.id))),
      await failure(() => database.db.update(followUpReports).set({ cutOffDate: '2017-01-01' }).where(eq(followUpReports.id, first.id))),
      await failure(() => database.db.delete(followUpReports).where(eq(followUpReports.id, first.id))),
      await failure(() => database.db.execute(sql`TRUNCATE follow_up_report_milestones`)),
      await failure(() =>
        database.db.insert(followUpReportMilestones).values({ reportId: first.id, commitmentNumber: '99', commitmentPosition: 99000, milestoneNumber: 9, status: 'complete' }),
      ),
    ];
    for (const message of refused) expect(message).toMatch(/a published follow-up report cannot be changed/);
    expect(await getFollowUpReport(database.db, first.id)).toEqual(before);
  });

  it('shows each milestone’s verified narrative with its as-of date and evidence (HTML, DOCX, PDF), not only the contested flag', async () => {
    const [plan] = await database.db.select().from(actionPlans).where(eq(actionPlans.id, planId));
    const [m3] = await database.db
      .select({ id: milestones.id, lead: commitments.leadInstitutionId })
      .from(milestones)
      .innerJoin(commitments, eq(commitments.id, milestones.commitmentId))
      .where(and(eq(commitments.planId, planId), eq(milestones.number, 3)));
    const contact = await signedInUser(database.db, [{ role: 'institution_contact', memberId: plan!.memberId, institutionId: m3!.lead! }], NOW, { name: 'Contacto Narrativa' });
    const secretariat = await signedInUser(database.db, [{ role: 'secretariat', memberId: plan!.memberId }], NOW, { name: 'Secretaría Narrativa' });
    const { id } = await createProgressUpdate(database.db, {
      milestoneId: m3!.id,
      authorId: contact.userId,
      status: 'complete',
      narrative: 'La mesa de monitoreo sesionó doce veces y publicó sus actas.',
      asOf: '2026-10-15',
      periodId: null,
      locale: 'es',
      evidence: { files: [], links: ['https://example.org/actas-mesa'] },
      submit: true,
      now: NOW,
    });
    await verifyProgressUpdate(database.db, { updateId: id, actorId: secretariat.userId, now: NOW });
    const third = await publishFollowUpReport(database.db, { planId, cutOffDate: '2026-11-01', note: {}, userId: null, actor: 'test', now: NOW });
    const found = await getFollowUpReport(database.db, third.id);
    const row = found!.snapshot.find((r) => r.milestoneId === m3!.id);
    expect(row).toMatchObject({ verifiedAsOf: '2026-10-15', verifiedNarrative: { es: 'La mesa de monitoreo sesionó doce veces y publicó sus actas.' } });
    expect(row!.verifiedEvidence.map((e) => e.href)).toEqual(['https://example.org/actas-mesa']);
    // A milestone whose status is not from a verified report carries no verified narrative.
    expect(found!.snapshot.find((r) => r.milestoneNumber === 1)?.verifiedAsOf).toBeNull();

    const app = createApp({ db: database.db, now: () => NOW });
    const html = await (await app.request(`/reports/follow-up/${third.id}`, { headers: { cookie: 'lang=es' } })).text();
    expect(html).toContain('Reporte verificado, al 15 de octubre de 2026:');
    expect(html).toContain('La mesa de monitoreo sesionó doce veces y publicó sus actas.');
    expect(html).toContain('https://example.org/actas-mesa');
    const docx = await app.request(`/reports/follow-up/${third.id}/download/docx`, { headers: { cookie: 'lang=es' } });
    const paras = docxParagraphs(docxXml(new Uint8Array(await docx.arrayBuffer()))).map((p) => p.text).join('\n');
    expect(paras).toContain('La mesa de monitoreo sesionó doce veces y publicó sus actas.');
    expect(paras).toContain('https://example.org/actas-mesa');
    const pdf = await app.request(`/reports/follow-up/${third.id}/download/pdf`, { headers: { cookie: 'lang=en' } });
    const text = (await pdfText(new Uint8Array(await pdf.arrayBuffer()))).join(' ').replace(/\s+/g, ' ');
    expect(text).toContain('Verified report, as of');
    expect(text.replace(/\s+/g, '')).toContain('https://example.org/actas-mesa');
  });
});
