import { eq } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { mailBody, mailHeaders } from '../../lib/mail.js';
import { actionPlans, cocreationSubscriptions, commitments, documents, draftComments, draftCommitments, milestones, outbox, proposals } from '../../db/schema/index.js';
import { RESPONSE_COLUMNS } from './export.js';
import { formStamp } from './spam.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { createPlan } from '../../../tests/support/factories.js';
import { getAs, postForm, signedInUser, signIn, type SignedIn } from '../../../tests/support/auth.js';
import { COCREATION_PHASES } from '../../db/schema/cocreation.js';

let t: TestDatabase;
let app: App;
let clock = new Date('2026-12-01T12:00:00Z');
let memberId: number;
let sec: SignedIn;
let citizen: SignedIn;
let citizenEmail: string;
let forum: SignedIn;
let processId: number;

/** Moves the clock, and signs everyone in again (sessions expire). */
async function at(iso: string) {
  clock = new Date(`${iso}T12:00:00Z`);
  sec = { ...sec, ...(await signIn(t.db, sec.userId, clock)) };
  citizen = { ...citizen, ...(await signIn(t.db, citizen.userId, clock)) };
  forum = { ...forum, ...(await signIn(t.db, forum.userId, clock)) };
}
const stamp = () => formStamp(new Date(clock.getTime() - 60_000));

// Phases: design 12-10..12-19, call 12-20..12-31, tables 2027-01-01..01-10, drafting 01-11..01-20, consultation 01-21..01-31, approval 02-01..02-10.
const PHASES: Record<string, [string, string]> = {
  process_design: ['2026-12-10', '2026-12-19'],
  call_for_proposals: ['2026-12-20', '2026-12-31'],
  working_tables: ['2027-01-01', '2027-01-10'],
  drafting: ['2027-01-11', '2027-01-20'],
  consultation: ['2027-01-21', '2027-01-31'],
  approval: ['2027-02-01', '2027-02-10'],
};

const draftForm = (over: Record<string, string | string[]> = {}) => ({
  titleEs: 'Compras abiertas',
  titleEn: 'Open procurement',
  problemEs: 'Las compras no se publican.',
  objectiveEs: 'Publicarlas.',
  descriptionEs: 'Un portal.',
  howItSolvesEs: 'Control ciudadano.',
  relevanceEs: 'Transparencia.',
  ambitionEs: 'Todas.',
  leadInstitution: 'Dirección de Compras',
  startMonth: '2027-03',
  endMonth: '2029-02',
  values: ['access_to_information', 'civic_participation'],
  milestones: 'Diseño | 2027-03 | 2027-06\nPublicación | 2027-07 | 2028-06',
  changeNoteEs: 'Primera versión de la mesa',
  ...over,
});

beforeAll(async () => {
  t = await testDatabase();
  app = createApp({ db: t.db, now: () => clock, pageCacheTtlMs: 0 });
  memberId = (await createPlan(t.db)).memberId;
  sec = await signedInUser(t.db, [{ role: 'secretariat', memberId }], clock);
  const cu = await signedInUser(t.db, [], clock, { name: 'Carla Ciudadana' });
  citizen = cu;
  citizenEmail = cu.email;
  forum = await signedInUser(t.db, [{ role: 'forum_member', memberId }], clock);
});
afterAll(() => t.dispose());

describe('the whole co-creation through the pages', () => {
  it('creates the process and publishes the calendar before it starts', async () => {
    const fields: Record<string, string> = { memberId: String(memberId), planNumber: '4', titleEs: 'Co-creación del 4° plan', titleEn: 'Co-creation of the 4th plan', voteMode: 'person' };
    for (const k of COCREATION_PHASES) Object.assign(fields, { [`${k}.startsOn`]: PHASES[k]![0], [`${k}.endsOn`]: PHASES[k]![1], [`${k}.openEs`]: `Abierto: ${k}` });
    // Bad input: an end before its start.
    const bad = await postForm(app, '/co-creation/new', { ...fields, 'drafting.endsOn': '2027-01-01' }, sec);
    expect(bad.status).toBe(422);
    // Not the secretariat: refused.
    expect((await postForm(app, '/co-creation/new', fields, forum)).status).toBe(403);
    const res = await postForm(app, '/co-creation/new', fields, sec);
    expect(res.status).toBe(303);
    processId = Number(/\/co-creation\/(\d+)\/manage/.exec(res.headers.get('location')!)![1]);
    // Unpublished: not public.
    expect((await getAs(app, `/co-creation/${processId}`, null)).status).toBe(404);
    expect((await postForm(app, `/co-creation/${processId}/publish-calendar`, {}, sec)).status).toBe(303);
    const page = await (await getAs(app, `/co-creation/${processId}`, null)).text();
    expect(page).toContain('Convocatoria de propuestas');
    expect(page).toContain('2026-12-20');
    // E-mail subscription to the process's updates: human check, valid address, confirmed by a link.
    expect((await postForm(app, `/co-creation/${processId}/subscribe`, { email: 'sub@example.org' }, null)).status).toBe(422);
    expect((await postForm(app, `/co-creation/${processId}/subscribe`, { email: 'nope', started: stamp() }, null)).status).toBe(422);
    expect((await postForm(app, `/co-creation/${processId}/subscribe`, { email: 'Sub@Example.org', started: stamp() }, null)).status).toBe(303);
    const mail = (await t.db.select().from(outbox).where(eq(outbox.to, 'sub@example.org')))[0]!;
    const link = /\/co-creation\/confirm\/subscription\/[A-Za-z0-9_-]+/.exec(mail.text)![0];
    expect((await postForm(app, link, {}, null)).headers.get('location')).toBe(`/co-creation/${processId}?subscribed=1`);
    expect((await postForm(app, link, {}, null)).status).toBe(404);
  });

  it('takes proposals only from humans, hostile input escaped, e-mail confirmed by a link', async () => {
    await at('2026-12-21');
    const base = { title: 'Compras <script>alert(1)</script>', problem: 'No se publican.', idea: 'Publicarlas.', theme: 'Transparencia', ogpValue: 'access_to_information', name: 'Eva', email: 'eva@example.org' };
    const before = (await t.db.select().from(proposals)).length;
    expect((await postForm(app, `/co-creation/${processId}/proposals/new`, { ...base, started: stamp(), website: 'http://spam' }, null)).status).toBe(422);
    expect((await postForm(app, `/co-creation/${processId}/proposals/new`, { ...base, started: formStamp(clock) }, null)).status).toBe(422);
    expect((await postForm(app, `/co-creation/${processId}/proposals/new`, { ...base, started: 'forged.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, null)).status).toBe(422);
    expect((await postForm(app, `/co-creation/${processId}/proposals/new`, { ...base, started: stamp(), problem: 'x'.repeat(5001) }, null)).status).toBe(422);
    expect((await postForm(app, `/co-creation/${processId}/proposals/new`, { ...base, started: stamp(), title: 'a\u0000b' }, null)).status).toBe(400); // the input guard (src/lib/input-guard.ts) refuses NUL before the handler
    expect((await postForm(app, `/co-creation/${processId}/proposals/new`, { ...base, started: stamp(), email: 'not-an-email' }, null)).status).toBe(422);
    expect((await postForm(app, `/co-creation/${processId}/proposals/new`, { ...base, started: stamp(), ogpValue: 'nope' }, null)).status).toBe(422);
    expect((await t.db.select().from(proposals)).length).toBe(before);

    const sent = await postForm(app, `/co-creation/${processId}/proposals/new`, { ...base, started: stamp() }, null);
    expect(sent.status).toBe(303);
    const mail = (await t.db.select().from(outbox).where(eq(outbox.to, 'eva@example.org')))[0]!;
    const link = /\/co-creation\/confirm\/proposal\/[A-Za-z0-9_-]+/.exec(mail.text)![0];
    expect((await getAs(app, link, null)).status).toBe(200);
    const confirmed = await postForm(app, link, {}, null);
    expect(confirmed.status).toBe(303);
    const proposalPath = confirmed.headers.get('location')!.replace(/\?.*/, '');
    const html = await (await getAs(app, proposalPath, null)).text();
    expect(html).toContain('Compras &lt;script&gt;');
    expect(html).not.toContain('<script>alert');
    // A second proposal by an account: public at once.
    const mine = await postForm(app, `/co-creation/${processId}/proposals/new`, { title: 'Presupuesto abierto', problem: 'p', idea: 'i', theme: 'Presupuesto', ogpValue: 'public_accountability', started: stamp() }, citizen);
    expect(mine.headers.get('location')).toMatch(/^\/proposals\/\d+/);
    // One vote per person.
    const pid = Number(/\d+/.exec(mine.headers.get('location')!)![0]);
    expect((await postForm(app, `/proposals/${pid}/vote`, {}, citizen)).headers.get('location')).toContain('voted=1');
    expect((await postForm(app, `/proposals/${pid}/vote`, {}, citizen)).headers.get('location')).toContain('voted=0');
    expect((await postForm(app, `/proposals/${pid}/vote`, {}, null)).status).toBe(401);
  });

  it('moderation and responses are the secretariat’s only; the process page counts what is unanswered', async () => {
    const ps = await t.db.select().from(proposals).where(eq(proposals.processId, processId)).orderBy(proposals.id);
    const [a, b] = [ps[0]!, ps[1]!];
    for (const who of [null, citizen, forum]) {
      const r = await postForm(app, `/proposals/${a.id}/hide`, { reasonEs: 'x' }, who);
      expect([401, 403]).toContain(r.status);
      const s = await postForm(app, `/co-creation/${processId}/respond`, { proposalIds: String(a.id), state: 'out_of_scope', reasonEs: 'x' }, who);
      expect([401, 403]).toContain(s.status);
    }
    // The secretariat hides an abusive proposal with a public reason: its texts are withheld, the reason shown.
    const spam = await postForm(app, `/co-creation/${processId}/proposals/new`, { title: 'COMPRE AHORA', problem: 'spam', idea: 'spam', theme: 'x', ogpValue: 'civic_participation', started: stamp() }, citizen);
    const spamId = Number(/\d+/.exec(spam.headers.get('location')!)![0]);
    expect((await postForm(app, `/proposals/${spamId}/hide`, { reasonEs: '' }, sec)).status).toBe(422);
    expect((await postForm(app, `/proposals/${spamId}/hide`, { reasonEs: 'Publicidad', reasonEn: 'Advertising' }, sec)).status).toBe(303);
    expect((await postForm(app, `/proposals/${spamId}/hide`, { reasonEs: 'Otra vez' }, sec)).status).toBe(422);
    const hidden = await (await getAs(app, `/proposals/${spamId}`, null)).text();
    expect(hidden).toContain('Motivo: Publicidad');
    expect(hidden).not.toContain('COMPRE AHORA');
    let page = await (await getAs(app, `/co-creation/${processId}`, null)).text();
    expect(page).toContain('2 propuestas sin respuesta publicada');
    expect(page).not.toContain('COMPRE AHORA');

    await at('2027-01-05');
    const table = await postForm(app, `/co-creation/${processId}/working-tables`, { nameEs: 'Mesa de compras', themeEs: 'Compras', proposalIds: `${a.id}, ${b.id}` }, sec);
    expect(table.status).toBe(303);
    await at('2027-01-12');
    const tableId = (await t.db.select().from(proposals).where(eq(proposals.id, a.id)))[0]!.workingTableId!;
    // Sessions and attaching proposals: the secretariat only, checked input.
    expect((await postForm(app, `/working-tables/${tableId}/sessions`, { heldOn: '2027-02-30', summaryEs: 'x' }, sec)).status).toBe(422);
    expect((await postForm(app, `/working-tables/${tableId}/sessions`, { heldOn: '2027-01-06', summaryEs: 'x' }, forum)).status).toBe(403);
    expect((await postForm(app, `/working-tables/${tableId}/sessions`, { heldOn: '2027-01-06', summaryEs: 'Primera sesión: se revisaron las propuestas' }, sec)).status).toBe(303);
    expect((await postForm(app, `/working-tables/${tableId}/proposals`, { proposalIds: '99999999' }, sec)).status).toBe(422);
    expect((await postForm(app, `/working-tables/${tableId}/proposals`, { proposalIds: 'a,b' }, sec)).status).toBe(422);
    expect(await (await getAs(app, `/working-tables/${tableId}`, null)).text()).toContain('Primera sesión: se revisaron las propuestas');
    const draft = await postForm(app, `/co-creation/${processId}/drafts/new`, draftForm({ workingTableId: String(tableId) }), sec);
    expect(draft.status).toBe(303);
    const draftId = Number(/\d+/.exec(draft.headers.get('location')!)![0]);
    // Respond to both at once: a is incorporated; a missing reason is refused.
    expect((await postForm(app, `/co-creation/${processId}/respond`, { proposalIds: [String(a.id)], state: 'incorporated', draftId: String(draftId) }, sec)).status).toBe(422);
    const r1 = await postForm(app, `/co-creation/${processId}/respond`, { proposalIds: [String(a.id)], state: 'incorporated', draftId: String(draftId), reasonEs: 'Se incorpora a la mesa de compras', reasonEn: 'Incorporated' }, sec);
    expect(r1.status).toBe(200);
    const r2 = await postForm(app, `/co-creation/${processId}/respond`, { proposalIds: [String(b.id)], state: 'not_incorporated', reasonEs: 'Ya existe un compromiso vigente', reasonEn: 'An ongoing commitment exists' }, sec);
    expect(await r2.text()).toContain(`/proposals/${b.id}`);
    // Written but not published: still counted.
    page = await (await getAs(app, `/co-creation/${processId}`, null)).text();
    expect(page).toContain('2 propuestas sin respuesta publicada');
    expect((await postForm(app, `/co-creation/${processId}/publish-responses`, {}, sec)).headers.get('location')).toContain('published=2');
    const update = (await t.db.select().from(outbox).where(eq(outbox.subject, 'Novedades del proceso de co-creación')))[0]!;
    expect(update.to).toBe('sub@example.org');
    // The unsubscribe link: in the e-mail's text, and in RFC 8058 one-click headers; a mail client's
    // one-click POST carries no form token and must work.
    const unsub = String(update.meta.unsubscribePath);
    expect(unsub).toMatch(/^\/co-creation\/unsubscribe\/[A-Za-z0-9_-]{20,100}$/);
    expect(mailBody(update, 'https://abierto.example')).toContain(`Para dejar de recibir estos correos:\nhttps://abierto.example${unsub}`);
    expect(mailHeaders(update.meta, 'https://abierto.example')).toEqual({ 'List-Unsubscribe': `<https://abierto.example${unsub}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    expect((await getAs(app, unsub, null)).status).toBe(200);
    const oneClick = await app.request(unsub, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(oneClick.status).toBe(200);
    expect((await t.db.select().from(cocreationSubscriptions)).length).toBe(0);
    page = await (await getAs(app, `/co-creation/${processId}`, null)).text();
    expect(page).toContain('Todas las propuestas tienen respuesta publicada.');
    const wt = await (await getAs(app, `/working-tables/${tableId}`, null)).text();
    expect(wt).toContain('Todas las propuestas tienen respuesta publicada.');
    const answered = await (await getAs(app, `/proposals/${a.id}`, null, 'en')).text();
    expect(answered).toContain(`Incorporated into draft no. ${draftId}`);
  });

  it('consultation: per-field comments, a new version that says why, the commenter told, a word diff', async () => {
    const draftId = (await t.db.select().from(draftCommitments).orderBy(draftCommitments.id))[0]!.id;
    await at('2027-01-15');
    expect((await postForm(app, `/drafts/${draftId}/comments`, { field: 'problem', body: 'x', started: stamp() }, citizen)).status).toBe(422);
    await at('2027-01-22');
    expect((await postForm(app, `/drafts/${draftId}/comments`, { field: 'nope', body: 'x', started: stamp() }, citizen)).status).toBe(422);
    expect((await postForm(app, `/drafts/${draftId}/comments`, { field: 'problem', body: 'x', started: stamp(), website: 'y' }, citizen)).status).toBe(422);
    const ok = await postForm(app, `/drafts/${draftId}/comments`, { field: 'problem', body: 'Incluyan a los municipios <b>ya</b>', started: stamp() }, citizen);
    expect(ok.status).toBe(303);
    const comment = (await t.db.select().from(draftComments).where(eq(draftComments.draftId, draftId)))[0]!;
    const page = await (await getAs(app, `/drafts/${draftId}`, null)).text();
    expect(page).toContain('Incluyan a los municipios &lt;b&gt;ya&lt;/b&gt;');
    const revised = await postForm(app, `/drafts/${draftId}/revise`, draftForm({ expectedVersion: '1', problemEs: 'Las compras municipales no se publican.', changeNoteEs: 'Se agregan los municipios', commentIds: [String(comment.id)] }), sec);
    expect(revised.status).toBe(303);
    // A stale form (version 1 again) is refused with a message.
    expect((await postForm(app, `/drafts/${draftId}/revise`, draftForm({ expectedVersion: '1' }), sec)).status).toBe(422);
    const told = await t.db.select().from(outbox).where(eq(outbox.subject, 'Su comentario llevó a un cambio'));
    expect(told.map((m) => m.to)).toEqual([citizenEmail]);
    const diff = await (await getAs(app, `/drafts/${draftId}/diff?from=1&to=2`, null)).text();
    expect(diff).toMatch(/<ins[^>]*>municipales <\/ins>|<ins[^>]*>municipales<\/ins>/);
    expect((await getAs(app, `/drafts/${draftId}/diff?from=1&to=9`, null)).status).toBe(400);
  });

  it('approval makes the plan with its commitments and milestones; traceability both ways; exports read back', async () => {
    const draftId = (await t.db.select().from(draftCommitments).orderBy(draftCommitments.id))[0]!.id;
    await at('2027-02-02');
    expect((await postForm(app, `/co-creation/${processId}/approve`, { draftIds: String(draftId), planTitleEs: 'Cuarto Plan', startMonth: '2027-13', endMonth: '2029-02' }, sec)).status).toBe(422);
    const ok = await postForm(app, `/co-creation/${processId}/approve`, { draftIds: String(draftId), planTitleEs: 'Cuarto Plan', planTitleEn: 'Fourth Plan', startMonth: '2027-03', endMonth: '2029-02' }, sec);
    expect(ok.status).toBe(303);
    const plan = (await t.db.select().from(actionPlans).where(eq(actionPlans.number, 4)))[0]!;
    expect(plan.phase).toBe('implementation');
    const c = (await t.db.select().from(commitments).where(eq(commitments.planId, plan.id)))[0]!;
    expect(c.problem.es).toBe('Las compras municipales no se publican.');
    expect((await t.db.select().from(milestones).where(eq(milestones.commitmentId, c.id))).length).toBe(2);
    expect(await (await getAs(app, `/commitments/${c.id}`, null)).text()).toContain(`href="/commitments/${c.id}/co-creation"`);
    const origin = await (await getAs(app, `/commitments/${c.id}/co-creation`, null)).text();
    const a = (await t.db.select().from(proposals).where(eq(proposals.processId, processId)).orderBy(proposals.id))[0]!;
    expect(origin).toContain(`/proposals/${a.id}`);
    expect(origin).toContain('Mesa de compras');
    const forward = await (await getAs(app, `/proposals/${a.id}`, null)).text();
    expect(forward).toContain(`/commitments/${c.id}`);

    const csv = await (await getAs(app, `/co-creation/${processId}/responses.csv`, null)).text();
    const rows = parse(csv.replace(/^\uFEFF/, ''), { columns: false, record_delimiter: '\r\n' }) as string[][];
    expect(rows[0]).toEqual([...RESPONSE_COLUMNS]);
    expect(rows.every((r) => r.length === RESPONSE_COLUMNS.length)).toBe(true);
    const rowA = rows.find((r) => r[0] === String(a.id))!;
    expect(rowA[RESPONSE_COLUMNS.indexOf('commitment_id')]).toBe(String(c.id));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await (await getAs(app, `/co-creation/${processId}/responses.xlsx`, null)).arrayBuffer());
    expect(wb.getWorksheet('responses')!.rowCount).toBe(rows.length);

    expect((await postForm(app, `/co-creation/${processId}/systematisation`, {}, sec)).status).toBe(303);
    const docs = await t.db.select().from(documents).where(eq(documents.subjectType, 'cocreation_systematisation'));
    expect(docs.map((d) => d.fileName).sort()).toEqual([`sistematizacion-${processId}-v1-en.docx`, `sistematizacion-${processId}-v1-en.pdf`, `sistematizacion-${processId}-v1-es.docx`, `sistematizacion-${processId}-v1-es.pdf`]);
    expect(docs.every((d) => d.planId === plan.id && d.publishedAt)).toBe(true);
    const pdf = await getAs(app, `/co-creation/${processId}/systematisation.pdf`, null);
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-');

    const feed = await (await getAs(app, `/feeds/co-creation/${processId}`, null)).text();
    expect(feed).toContain('<feed');
    expect(feed).not.toContain('<script>');
    const checklist = await (await getAs(app, `/co-creation/${processId}/checklist`, null)).text();
    expect(checklist).toContain('No aplica');
  });
  it('the API gives processes, proposals with their fate, drafts with versions; all in the OpenAPI document', async () => {
    const list = (await (await getAs(app, '/api/v1/co-creation-processes', null)).json()) as { id: number }[];
    expect(list.map((p) => p.id)).toContain(processId);
    const one = (await (await getAs(app, `/api/v1/co-creation-processes/${processId}`, null)).json()) as { phases: unknown[]; counts: { proposals: number; unanswered: number } };
    expect(one.phases).toHaveLength(6);
    expect(one.counts).toMatchObject({ proposals: 3, unanswered: 0 });
    const props = (await (await getAs(app, `/api/v1/proposals?process=${processId}`, null)).json()) as { id: number; title: string; hidden: { reason: { es?: string } } | null; response: { state: string } | null; became: { commitmentId: number | null } | null }[];
    expect(props[0]!.response!.state).toBe('incorporated');
    expect(props[0]!.became!.commitmentId).toBeGreaterThan(0);
    expect(props[1]!.became).toBeNull();
    expect(props[2]!.hidden!.reason.es).toBe('Publicidad');
    expect(props[2]!.title).toBe('');
    const draftId = (await t.db.select().from(draftCommitments).orderBy(draftCommitments.id))[0]!.id;
    const draft = (await (await getAs(app, `/api/v1/draft-commitments/${draftId}`, null)).json()) as { versions: { number: number; commentIds: number[] }[]; proposals: unknown[] };
    expect(draft.versions.map((v) => v.number)).toEqual([1, 2]);
    expect(draft.versions[1]!.commentIds).toHaveLength(1);
    expect(draft.proposals).toHaveLength(1);
    expect((await getAs(app, '/api/v1/proposals?process=abc', null)).status).toBe(400);
    expect((await getAs(app, '/api/v1/proposals', null)).status).toBe(400);
    expect((await getAs(app, '/api/v1/draft-commitments/99999999', null)).status).toBe(404);
    const doc = (await (await getAs(app, '/api/v1/openapi.json', null)).json()) as { paths: Record<string, unknown> };
    for (const path of ['/co-creation-processes', '/co-creation-processes/{id}', '/proposals', '/draft-commitments/{id}']) expect(doc.paths[path]).toBeDefined();
    const data = await (await getAs(app, '/data', null)).text();
    expect(data).toContain(`/co-creation/${processId}/responses.csv`);
  });
});
