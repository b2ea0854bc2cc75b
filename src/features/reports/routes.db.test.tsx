import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { actionPlans, auditLog, followUpReports, members, selfAssessmentSections } from '../../db/schema/index.js';
import { ensureDemo } from '../demo/demo.js';
import { NOW } from '../../../tests/support/factories.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { getAs, postForm, postMultipart, signedInUser, type SignedIn } from '../../../tests/support/auth.js';
import { docxParagraphs, docxXml, pdfText } from '../../../tests/support/read-documents.js';

let database: TestDatabase;
let app: App;
let planId: number;
let secretariat: SignedIn;
let forumMember: SignedIn;
let otherSecretariat: SignedIn;

beforeAll(async () => {
  database = await testDatabase();
  await ensureDemo(database.db, NOW);
  const [plan] = await database.db.select({ id: actionPlans.id, memberId: actionPlans.memberId }).from(actionPlans).limit(1);
  planId = plan!.id;
  const [other] = await database.db.insert(members).values({ code: 'UY', name: { es: 'Uruguay' } }).returning();
  app = createApp({ db: database.db, now: () => NOW, pageCacheTtlMs: 0 });
  secretariat = await signedInUser(database.db, [{ role: 'secretariat', memberId: plan!.memberId }], NOW);
  forumMember = await signedInUser(database.db, [{ role: 'forum_member', memberId: plan!.memberId, seat: 'civil_society' }], NOW);
  otherSecretariat = await signedInUser(database.db, [{ role: 'secretariat', memberId: other!.id }], NOW);
});

afterAll(async () => {
  await database?.dispose();
});

const base = () => `/reports/plans/${planId}/self-assessment/mid-term`;

function emptySections(): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const key of ['introduction', 'coCreation', 'irmRecommendations', 'lessons', 'conclusions']) for (const lang of ['es', 'en']) fields[`${key}_${lang}`] = '';
  return fields;
}

describe('the self-assessment page and its downloads', () => {
  it('is a public page with the template of every commitment and links to every format in both languages', async () => {
    const res = await app.request(base());
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>Informe de autoevaluación de medio término</h1>');
    expect(html).toContain('data-role="template"');
    expect(html).toContain(`href="${base()}/download/docx?lang=es"`);
    expect(html).toContain(`href="${base()}/download/pdf?lang=en"`);
    expect(html).not.toContain('/edit');
  });

  it('downloads DOCX, PDF and HTML with their media type and a good file name', async () => {
    const docx = await app.request(`${base()}/download/docx`);
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    // The member's code is in the name (the demo's member is Chile).
    expect(docx.headers.get('content-disposition')).toMatch(
      /^attachment; filename="informe-de-autoevaluacion-de-medio-termino-([a-z]+)-3-es\.docx"; filename\*=UTF-8''informe-de-autoevaluacion-de-medio-termino-\1-3-es\.docx$/,
    );
    const paragraphs = docxParagraphs(docxXml(new Uint8Array(await docx.arrayBuffer())));
    expect(paragraphs.find((p) => p.style === 'Title')?.text).toBe('Informe de autoevaluación de medio término');

    const pdf = await app.request(`${base()}/download/pdf?lang=en`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(/filename="mid-term-self-assessment-report-[a-z]+-3-en\.pdf"/);
    expect((await pdfText(new Uint8Array(await pdf.arrayBuffer()))).join(' ')).toContain('Completion template for commitments');

    const html = await app.request(`${base()}/download/html`);
    expect(html.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(html.headers.get('content-disposition')).toContain('.html"');
    expect(await html.text()).toMatch(/^<!doctype html><html lang="es">/);
  });

  it('answers 404 to an unknown format, kind or plan', async () => {
    for (const path of [`${base()}/download/xls`, `/reports/plans/${planId}/self-assessment/final`, '/reports/plans/999/self-assessment/mid-term', '/reports/plans/abc/self-assessment/mid-term', '/reports/plans/999/self-assessment/mid-term/download/pdf']) {
      expect((await app.request(path)).status, path).toBe(404);
    }
  });
});

describe('the secretariat writes the report’s sections', () => {
  it('asks the public to sign in and refuses other roles and other members’ secretariats', async () => {
    const anon = await app.request(`${base()}/edit`);
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toBe(`/login?next=${encodeURIComponent(`${base()}/edit`)}`);
    expect((await getAs(app, `${base()}/edit`, forumMember)).status).toBe(403);
    expect((await getAs(app, `${base()}/edit`, otherSecretariat)).status).toBe(403);
    expect((await postForm(app, `${base()}/edit`, { ...emptySections(), introduction_es: 'x' }, forumMember)).status).toBe(403);
    expect((await postForm(app, `${base()}/edit`, { ...emptySections(), introduction_es: 'x' }, secretariat, { csrf: false })).status).toBe(403);
    expect(await database.db.select().from(selfAssessmentSections)).toEqual([]);
  });

  it('saves the sections in both languages, audited, and the report shows them (escaped)', async () => {
    const form = await getAs(app, `${base()}/edit`, secretariat);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('name="introduction_en"');
    const xss = '<script>alert(1)</script> Robert\'); DROP TABLE self_assessment_sections;--';
    const res = await postForm(app, `${base()}/edit`, {
      ...emptySections(),
      introduction_es: 'Este informe se elaboró con la Mesa de Gobierno Abierto.\r\n\r\nSegundo párrafo.',
      introduction_en: 'This report was written with the Open Government Forum.',
      lessons_es: xss,
    }, secretariat);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(base());
    const page = await (await getAs(app, base(), secretariat)).text();
    expect(page).toContain('<p>Este informe se elaboró con la Mesa de Gobierno Abierto.</p><p>Segundo párrafo.</p>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>');
    expect(page).toContain(`href="${base()}/edit"`);
    const en = await (await app.request(`${base()}?lang=en`)).text();
    expect(en).toContain('This report was written with the Open Government Forum.');

    await postForm(app, `${base()}/edit`, { ...emptySections(), introduction_es: 'Versión 2' }, secretariat);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.entityType, 'self_assessment_sections')).orderBy(auditLog.id);
    expect(audit.map((a) => a.action)).toEqual(['self_assessment_sections.create', 'self_assessment_sections.update']);
    expect((audit[1]?.details.before as { introduction: object }).introduction).toEqual({
      es: 'Este informe se elaboró con la Mesa de Gobierno Abierto.\n\nSegundo párrafo.',
      en: 'This report was written with the Open Government Forum.',
    });
  });

  it('refuses oversized and non-text fields with a message in the user’s language, storing nothing', async () => {
    const before = await database.db.select().from(selfAssessmentSections);
    const huge = await postForm(app, `${base()}/edit`, { ...emptySections(), conclusions_es: 'a'.repeat(50_001) }, secretariat);
    expect(huge.status).toBe(422);
    expect(await huge.text()).toContain('El texto supera el máximo de 50000 caracteres.');
    const en = await postForm(app, `${base()}/edit`, { ...emptySections(), conclusions_en: 'a'.repeat(50_001) }, secretariat, { lang: 'en' });
    expect(await en.text()).toContain('The text is longer than the maximum of 50000 characters.');
    const form = new FormData();
    form.set('introduction_es', new File(['x'], 'x.txt', { type: 'text/plain' }));
    const file = await postMultipart(app, `${base()}/edit`, form, secretariat);
    expect(file.status).toBe(422);
    expect(await file.text()).toContain('El valor enviado no es texto.');
    expect(await database.db.select().from(selfAssessmentSections)).toEqual(before);
  });

  it('reads sections as Markdown: the form says how, the report shows lists, bold and links; unsafe links and a 1 MB section are refused', async () => {
    const form = await (await getAs(app, `${base()}/edit`, secretariat)).text();
    expect(form).toContain('Cómo dar formato (Markdown)');
    expect(form).toContain('aria-describedby="markdown-hint"');
    const res = await postForm(app, `${base()}/edit`, { ...emptySections(), coCreation_es: 'Pasos:\n\n1. **Consulta** pública\n2. Mesa\n\nVer [el acta](https://example.org/acta).' }, secretariat);
    expect(res.status).toBe(303);
    const page = await (await getAs(app, base(), secretariat)).text();
    expect(page).toContain('<ol><li><strong>Consulta</strong> pública</li><li>Mesa</li></ol>');
    expect(page).toContain('<a href="https://example.org/acta">el acta</a>');
    const before = await database.db.select().from(selfAssessmentSections).orderBy(selfAssessmentSections.id);
    const bad = await postForm(app, `${base()}/edit`, { ...emptySections(), coCreation_es: 'Ver [aquí](javascript:alert(1))' }, secretariat);
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Estos enlaces no se aceptan: javascript:alert(1). Un enlace debe ser una dirección completa');
    const badEn = await postForm(app, `${base()}/edit`, { ...emptySections(), coCreation_en: '[x](data:text/html,hi)' }, secretariat, { lang: 'en' });
    expect(await badEn.text()).toContain('These links are not accepted: data:text/html,hi.');
    const huge = await postForm(app, `${base()}/edit`, { ...emptySections(), coCreation_es: '- item\n'.repeat(150_000) }, secretariat);
    expect([413, 422]).toContain(huge.status);
    expect(await huge.text()).toMatch(/supera el máximo|demasiado grande/);
    expect(await database.db.select().from(selfAssessmentSections).orderBy(selfAssessmentSections.id)).toEqual(before);
  });
});

describe('follow-up reports through the web', () => {
  it('previews and publishes a follow-up report, then serves it at a stable address in every format', async () => {
    expect((await getAs(app, `/reports/plans/${planId}/follow-up/new`, forumMember)).status).toBe(403);
    const preview = await getAs(app, `/reports/plans/${planId}/follow-up/new`, secretariat);
    expect(preview.status).toBe(200);
    const previewHtml = await preview.text();
    expect(previewHtml).toContain('Reporte de seguimiento n° 1');
    expect(previewHtml).toContain('name="cutOffDate"');

    const res = await postForm(app, `/reports/plans/${planId}/follow-up/new`, { cutOffDate: '2018-06-30', note_es: 'Corte de junio', note_en: '' }, secretariat);
    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    expect(location).toMatch(/^\/reports\/follow-up\/\d+$/);
    const page = await app.request(location);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h1>Reporte de seguimiento n° 1</h1>');
    expect(html).toContain('Corte de junio');
    expect(html).toContain('<svg role="img"');
    const pdf = await app.request(`${location}/download/pdf?lang=en`);
    expect((await pdfText(new Uint8Array(await pdf.arrayBuffer()))).join(' ')).toContain('Follow-up report no. 1');
    const docx = await app.request(`${location}/download/docx`);
    expect(docx.headers.get('content-disposition')).toMatch(/filename="reporte-de-seguimiento-n-1-.*-es\.docx"/);
    const list = await (await app.request(`/reports/plans/${planId}`)).text();
    expect(list).toContain(`href="${location}"`);
  });

  it('refuses a broken, future or earlier cut-off date and hostile notes, storing nothing', async () => {
    const count = (await database.db.select().from(followUpReports)).length;
    const cases: [Record<string, string>, string][] = [
      [{ cutOffDate: '2018-02-30' }, 'Indique una fecha válida (AAAA-MM-DD) que no sea futura.'],
      [{ cutOffDate: "2018-01-01' OR 1=1 --" }, 'Indique una fecha válida (AAAA-MM-DD) que no sea futura.'],
      [{ cutOffDate: '2099-01-01' }, 'Indique una fecha válida (AAAA-MM-DD) que no sea futura.'],
      [{ cutOffDate: '2018-01-01' }, 'La fecha de corte no puede ser anterior a la del reporte anterior'],
      [{ cutOffDate: '2018-07-01', note_es: 'x'.repeat(5001) }, 'El texto supera el máximo de 5000 caracteres.'],
    ];
    for (const [fields, message] of cases) {
      const res = await postForm(app, `/reports/plans/${planId}/follow-up/new`, { note_es: '', note_en: '', ...fields }, secretariat);
      expect(res.status, JSON.stringify(fields).slice(0, 60)).toBe(422);
      expect(await res.text()).toContain(message);
    }
    expect((await database.db.select().from(followUpReports)).length).toBe(count);
  });
});
