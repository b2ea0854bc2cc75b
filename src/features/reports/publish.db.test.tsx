import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { actionPlans, auditLog, documents, members } from '../../db/schema/index.js';
import { ensureDemo } from '../demo/demo.js';
import { NOW } from '../../../tests/support/factories.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { getAs, postForm, signedInUser, type SignedIn } from '../../../tests/support/auth.js';
import { docxXml, pdfText } from '../../../tests/support/read-documents.js';
import { repositoryPageOut } from '../repository/api.js';

let database: TestDatabase;
let app: App;
let planId: number;
let secretariat: SignedIn;
let forumMember: SignedIn;
let otherSecretariat: SignedIn;

beforeAll(async () => {
  database = await testDatabase();
  await ensureDemo(database.db, NOW);
  const [plan] = await database.db.select({ id: actionPlans.id, memberId: actionPlans.memberId }).from(actionPlans).orderBy(asc(actionPlans.id)).limit(1);
  planId = plan!.id;
  const [other] = await database.db.insert(members).values({ code: 'UY', name: { es: 'Uruguay' } }).returning();
  app = createApp({ db: database.db, now: () => NOW, pageCacheTtlMs: 60_000 });
  secretariat = await signedInUser(database.db, [{ role: 'secretariat', memberId: plan!.memberId }], NOW);
  forumMember = await signedInUser(database.db, [{ role: 'forum_member', memberId: plan!.memberId, seat: 'civil_society' }], NOW);
  otherSecretariat = await signedInUser(database.db, [{ role: 'secretariat', memberId: other!.id }], NOW);
});

afterAll(async () => {
  await database?.dispose();
});

const base = () => `/reports/plans/${planId}/self-assessment/end-of-term`;
const selfAssessmentDocs = () =>
  database.db.select().from(documents).where(and(eq(documents.planId, planId), eq(documents.type, 'self_assessment'))).orderBy(asc(documents.id));

function sections(over: Record<string, string>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const key of ['introduction', 'coCreation', 'irmRecommendations', 'lessons', 'conclusions']) for (const lang of ['es', 'en']) fields[`${key}_${lang}`] = '';
  return { ...fields, ...over };
}

describe('the secretariat publishes a self-assessment in the repository', () => {
  it('only the plan’s secretariat sees the publish button and may publish', async () => {
    const anonPage = await (await app.request(base())).text();
    expect(anonPage).not.toContain(`action="${base()}/publish"`);
    expect(anonPage).toContain(`href="/repository?plan=${planId}&amp;type=self_assessment"`);
    const own = await (await getAs(app, base(), secretariat)).text();
    expect(own).toContain(`action="${base()}/publish"`);
    expect(own).toContain('Publicar en el repositorio');
    expect(own).toContain('name="_csrf"');

    expect((await postForm(app, `${base()}/publish`, {}, null)).status).toBe(401);
    expect((await postForm(app, `${base()}/publish`, {}, forumMember)).status).toBe(403);
    expect((await postForm(app, `${base()}/publish`, {}, otherSecretariat)).status).toBe(403);
    expect((await postForm(app, `${base()}/publish`, {}, secretariat, { csrf: false })).status).toBe(403);
    expect((await postForm(app, `/reports/plans/${planId}/self-assessment/final/publish`, {}, secretariat)).status).toBe(404);
    expect((await postForm(app, '/reports/plans/424242/self-assessment/mid-term/publish', {}, secretariat)).status).toBe(404);
    expect(await selfAssessmentDocs()).toEqual([]);
  });

  it('publishes the PDF and DOCX in Spanish (no English sections yet), audited, listed by the repository', async () => {
    const res = await postForm(app, `${base()}/publish`, {}, secretariat);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/repository?plan=${planId}&type=self_assessment`);
    const rows = await selfAssessmentDocs();
    // (The member's code is in the name: the demo's member is Chile.)
    expect(rows.map((r) => r.fileName?.replace(/-[a-z]+-3-/, '-XX-3-'))).toEqual(['informe-de-autoevaluacion-de-fin-de-termino-XX-3-es-v1.pdf', 'informe-de-autoevaluacion-de-fin-de-termino-XX-3-es-v1.docx']);
    expect(rows.every((r) => r.publishedAt?.getTime() === NOW.getTime() && r.subjectType === 'self_assessment.end_of_term' && r.subjectId === planId)).toBe(true);
    expect(rows[0]!.title).toEqual({
      es: 'Informe de autoevaluación de fin de término, versión 1 (PDF, español)',
      en: 'End-of-term self-assessment report, version 1 (PDF, Spanish)',
    });
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'self_assessment.publish'));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ planId, kind: 'end_of_term', version: 1, documentIds: rows.map((r) => r.id) });

    // The public repository page (cache invalidated) and the files themselves.
    const list = await (await app.request(`/repository?plan=${planId}&type=self_assessment`)).text();
    expect(list).toContain('2 documentos');
    expect(list).toContain('Informe de autoevaluación de fin de término, versión 1 (DOCX, español)');
    const pdf = new Uint8Array(await (await app.request(`/repository/${rows[0]!.id}/file`)).arrayBuffer());
    expect((await pdfText(pdf)).join(' ')).toContain('Institucionalización de la Alianza');
    const docx = new Uint8Array(await (await app.request(`/repository/${rows[1]!.id}/file`)).arrayBuffer());
    expect(docxXml(docx)).toContain('Plantilla de cumplimiento de compromisos');
    const item = await (await app.request(`/repository/${rows[0]!.id}`)).text();
    expect(item).toContain(`href="${base()}"`);
  });

  it('publishing again adds a new version (English too once written) and keeps the old rows', async () => {
    const before = await selfAssessmentDocs();
    await postForm(app, `${base()}/edit`, sections({ introduction_es: 'Introducción', introduction_en: 'Introduction in English' }), secretariat);
    const res = await postForm(app, `${base()}/publish`, {}, secretariat);
    expect(res.status).toBe(303);
    const after = await selfAssessmentDocs();
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).map((r) => r.fileName?.replace(/-[a-z]+-3-/, '-XX-3-'))).toEqual([
      'informe-de-autoevaluacion-de-fin-de-termino-XX-3-es-v2.pdf',
      'informe-de-autoevaluacion-de-fin-de-termino-XX-3-es-v2.docx',
      'end-of-term-self-assessment-report-XX-3-en-v2.pdf',
      'end-of-term-self-assessment-report-XX-3-en-v2.docx',
    ]);
    const english = after[after.length - 1]!;
    expect(english.title.en).toBe('End-of-term self-assessment report, version 2 (DOCX, English)');
    expect(docxXml(new Uint8Array(await (await app.request(`/repository/${english.id}/file`)).arrayBuffer()))).toContain('Introduction in English');
    const api = repositoryPageOut.strict().parse(await (await app.request(`/api/v1/repository?plan=${planId}&type=self_assessment`)).json());
    expect(api.total).toBe(6);
    // The mid-term report is another report: its versions start at 1.
    await postForm(app, `/reports/plans/${planId}/self-assessment/mid-term/publish`, {}, secretariat);
    const mid = (await selfAssessmentDocs()).filter((r) => r.subjectType === 'self_assessment.mid_term');
    expect(mid.map((r) => r.fileName?.replace(/-[a-z]+-3-/, '-XX-3-'))).toEqual(['informe-de-autoevaluacion-de-medio-termino-XX-3-es-v1.pdf', 'informe-de-autoevaluacion-de-medio-termino-XX-3-es-v1.docx']);
  });
});
