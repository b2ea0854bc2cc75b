import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from './app.js';
import { testDatabase, type TestDatabase } from '../tests/support/db.js';
import { NOW } from '../tests/support/factories.js';
import { getAs, postForm, type SignedIn } from '../tests/support/auth.js';
import { buildSite, fillPath, type Site } from '../tests/support/site.js';
import { signedInUser } from '../tests/support/auth.js';
import { createCall, decideApplication, publishCall, submitApplication } from './features/opencalls/commands.js';
import { formStamp } from './features/cocreation/spam.js';
import { asc, eq } from 'drizzle-orm';
import { forums, forumSectors } from './db/schema/index.js';
import { addSeat, appointMember } from './features/forum/composition.js';
import { createMeeting } from './features/meetings/commands.js';
import { createNewsItem, editNewsItem, publishNewsItem } from './features/news/commands.js';
import { publishDocument } from './features/repository/commands.js';

/**
 * Every page type — each GET route of the app, anonymous and signed in as each role, the 404 page
 * and forms shown again with errors — is standards-mode HTML that an HTML validator accepts with
 * zero errors (and so: no duplicate ids, every form control labelled).
 */
const validator = new HtmlValidate({
  extends: ['html-validate:standard', 'html-validate:a11y', 'html-validate:document'],
  rules: {
    // The layout inlines its stylesheet (allowed by the CSP hash); <style> in <head> is fine.
    'no-style-tag': 'off',
    // Wide tables sit in a focusable, named <div role="region"> so that keyboards can scroll them.
    'prefer-native-element': ['error', { exclude: ['region'] }],
    // A named list (the milestone timeline) is fine.
    'aria-label-misuse': ['error', { allowAnyNamable: true }],
  },
});

/**
 * Issue 11's pages with content (decision 077–079): a published event with its history (`/news/1`),
 * a forum meeting with a linked commitment (`/meetings/1`), an appointed seat held (`/forums/1/composition`).
 */
async function addForumPages(db: TestDatabase['db'], s: Site) {
  const [forum] = await db.select().from(forums).orderBy(asc(forums.id)).limit(1);
  const [government] = await db.select().from(forumSectors).where(eq(forumSectors.code, 'government'));
  const { id: seatId } = await addSeat(db, 'test', { sectorId: government!.id, label: { es: 'Ministerio', en: 'Ministry' } });
  await appointMember(db, 'test', { memberId: forum!.memberId, seatId, personName: 'María Ministra', organisationId: null, institutionId: s.ids.institution, role: 'titular', startDate: '2026-01-01', endDate: null });
  const { id: newsId } = await createNewsItem(db, 'test', { forumId: forum!.id, kind: 'event', title: { es: 'Lanzamiento', en: 'Launch' }, body: { es: '# Programa\n\n- **uno**\n- [dos](https://example.org)' }, itemDate: '2026-11-20', startsAt: NOW, endsAt: new Date(NOW.getTime() + 3_600_000), place: 'Santiago', link: null, userId: null, now: NOW });
  await publishNewsItem(db, 'test', { itemId: newsId, now: NOW });
  await editNewsItem(db, 'test', { kind: 'event', title: { es: 'Lanzamiento de la Mesa', en: 'Launch' }, body: { es: 'Texto' }, itemDate: '2026-11-20', startsAt: NOW, endsAt: new Date(NOW.getTime() + 3_600_000), place: 'Valparaíso', link: null, itemId: newsId, version: 1, changedBy: 'Secretaría', reason: 'Sede', now: NOW });
  await createMeeting(db, 'test', { forumId: forum!.id, kind: 'forum', title: { es: 'Primera sesión' }, startsAt: NOW, endsAt: new Date(NOW.getTime() + 3_600_000), place: 'Santiago', agenda: [{ title: 'Revisión', minutes: 30, presenter: 'Ministerio', commitmentId: s.ids.commitment }], invitees: [], now: NOW });
}

let database: TestDatabase;
let app: App;
let site: Site;

beforeAll(async () => {
  database = await testDatabase();
  site = await buildSite(database.db);
  // An uploaded document (issue 9, scope 5): its correct and withdraw pages are pages too.
  const uploaded = await publishDocument(database.db, {
    planId: site.ids.plan,
    type: 'minutes',
    title: { es: 'Acta de prueba', en: 'Test minutes' },
    description: {},
    documentDate: '2026-11-20',
    source: { kind: 'link', url: 'https://example.org/acta.pdf' },
    actorId: site.people.secretariat.userId,
    now: NOW,
  });
  site.ids.document = uploaded.id;
  await addForumPages(database.db, site);
  app = createApp({ db: database.db, now: () => NOW, pageCacheTtlMs: 0 });
});
afterAll(async () => {
  await database?.dispose();
});

const NOT_PAGES = /\.(csv|xlsx|json|atom)$|^\/api\/|^\/healthz|\/download\/|\/file$|^\/evidence\/|^\/lang\//;

async function validate(label: string, res: Response, failures: string[]): Promise<boolean> {
  if (!(res.headers.get('content-type') ?? '').startsWith('text/html')) return false;
  const html = await res.text();
  if (!/^<!doctype html>/i.test(html)) failures.push(`${label}: no doctype`);
  const report = await validator.validateString(html, label);
  for (const r of report.results) for (const m of r.messages) failures.push(`${label}: ${m.ruleId} ${m.message} (${m.selector ?? ''})`);
  return true;
}

describe('every page is valid HTML', () => {
  it('anonymous and as each role, es and en, with the 404 page and forms shown again', async () => {
    const paths = [...new Set(app.routes.filter((r) => r.method === 'GET' && !r.path.includes('*')).map((r) => fillPath(r.path, site)))].filter((p) => !NOT_PAGES.test(p)).sort();
    const who: [string, SignedIn | null][] = [['anonymous', null], ...Object.entries(site.people)];
    const failures: string[] = [];
    let validated = 0;
    for (const [name, person] of who) {
      for (const path of [...paths, '/no-such-page', '/plans/999999']) {
        for (const lang of name === 'anonymous' || name === 'admin' ? (['es', 'en'] as const) : (['es'] as const)) {
          // A turn of the event loop per page, so that Vitest's worker channel is answered (see tests/support/fuzz.ts).
          await new Promise((resolve) => setImmediate(resolve));
          const res = await getAs(app, path, person, lang);
          expect(res.status, `${name} ${path}`).toBeLessThan(500);
          if (await validate(`${name} ${lang} ${path}`, res, failures)) validated++;
        }
      }
    }
    // Forms shown again with their errors.
    const forms: [string, Record<string, string>, SignedIn | null][] = [
      ['/login', { email: 'nobody@example.org', password: 'wrong' }, null],
      ['/password/forgot', { email: 'not-an-email' }, null],
      ['/admin/users', { email: 'x', name: '', role: 'nope' }, site.people.admin],
      ['/periods', { planId: String(site.ids.plan), deadline: 'never' }, site.people.secretariat],
      [fillPath('/commitments/:id/milestones/:n/updates/new', site), { status: 'nope' }, site.people.institution_contact],
      [fillPath('/commitments/:id/milestones/:n/contest', site), { comment: '' }, site.people.forum_member],
      [fillPath('/updates/:uid/return', site), { reason: '' }, site.people.secretariat],
      ['/repository/new', { titleEs: '', type: 'nope', documentDate: 'x', kind: 'link', url: 'javascript:x' }, site.people.secretariat],
      [fillPath('/repository/:id/correct', site), { kind: 'link', url: 'nope', reason: '', version: '1' }, site.people.secretariat],
      [fillPath('/repository/:id/withdraw', site), { reason: '' }, site.people.secretariat],
    ];
    for (const [path, fields, person] of forms) {
      const res = await postForm(app, path, fields, person);
      expect(res.status, `POST ${path}`).toBeLessThan(500);
      if (await validate(`POST ${path}`, res, failures)) validated++;
    }
    // Public e-mail subscriptions (issue 13, item 7): the form page, the pages of the e-mailed links, and the answers.
    const token = 'A'.repeat(43);
    for (const lang of ['es', 'en'] as const) {
      for (const path of [`/subscriptions/new?type=commitment&id=${site.ids.commitment}`, `/subscriptions/new?type=plan&id=${site.ids.plan}`, `/subscriptions/confirm/${token}`, `/subscriptions/unsubscribe/${token}`]) {
        const res = await getAs(app, path, null, lang);
        expect(res.status, path).toBe(200);
        if (await validate(`${lang} ${path}`, res, failures)) validated++;
      }
    }
    const mailing = createApp({ db: database.db, now: () => NOW, pageCacheTtlMs: 0, mailTransport: { send: async () => {} }, trustProxy: true });
    const subscribeAnswers: [App, Record<string, string>][] = [
      [app, { target_type: 'commitment', target_id: String(site.ids.commitment), email: 'a@example.org', frequency: 'daily' }],
      [mailing, { target_type: 'commitment', target_id: String(site.ids.commitment), email: 'not-an-email', frequency: 'daily' }],
      [mailing, { target_type: 'plan', target_id: String(site.ids.plan), email: 'valid@example.org', frequency: 'weekly' }],
      [mailing, { target_type: 'plan', target_id: '999999', email: 'valid@example.org', frequency: 'weekly' }],
    ];
    for (const [which, fields] of subscribeAnswers) {
      const res = await which.request('/subscriptions', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '192.0.2.1' }, body: new URLSearchParams(fields) });
      expect(res.status, `POST /subscriptions ${fields.email}`).toBeLessThan(500);
      if (await validate(`POST /subscriptions ${fields.email} ${fields.target_id}`, res, failures)) validated++;
    }
    for (const path of [`/subscriptions/confirm/${token}`, `/subscriptions/unsubscribe/${token}`]) {
      const res = await postForm(app, path, {}, null);
      expect(res.status, `POST ${path}`).toBe(404);
      if (await validate(`POST ${path}`, res, failures)) validated++;
    }
    await mailing.deps.idle();
    console.log(`html-validate: ${validated} pages validated`);
    expect(validated).toBeGreaterThan(100);
    expect(failures).toEqual([]);
  });
});

describe('open calls are valid HTML (issue 11)', () => {
  it('list, call, draft, form, applications, review and confirmation, and forms shown again', async () => {
    const [forum] = await database.db.select().from(forums).limit(1);
    const sec = { userId: site.people.secretariat.userId, name: site.people.secretariat.name };
    const links = { confirm: (x: string) => x, access: (x: string) => x, application: (id: number) => String(id) };
    const call = await createCall(database.db, sec, { forumId: forum!.id, title: { es: 'Convocatoria', en: 'Open call' }, eligibility: { es: 'Requisitos' }, opensOn: '2026-11-01', closesOn: '2026-12-31', kinds: ['civil_society', 'academia'] }, NOW);
    await publishCall(database.db, sec, call.id, NOW);
    const draft = await createCall(database.db, sec, { forumId: forum!.id, title: { es: 'Borrador' }, eligibility: {}, opensOn: '2027-01-01', closesOn: '2027-01-31', kinds: ['academia'] }, NOW);
    const applicant = await signedInUser(database.db, [], NOW, { name: 'Ana Postulante' });
    const form = { organisationName: 'Fundación', kind: 'civil_society' as const, region: 'Maule', organisationWebsite: null, mission: 'Misión', focusAreas: ['datos'], legalRepresentative: 'Leo', representativeName: 'Rosa', representativeEmail: 'rosa@example.org', experience: 'E', motivation: 'M', contribution: 'C', regionalPresence: '' };
    const submitted = await submitApplication(database.db, { callId: call.id, form, files: [{ name: 'a.pdf', bytes: new TextEncoder().encode('%PDF-1.4 x') }], applicant: { kind: 'account', userId: applicant.userId }, locale: 'es', sourceKey: 'a' }, NOW, links);
    const asked = await submitApplication(database.db, { callId: call.id, form: { ...form, organisationName: 'Centro' }, files: [], applicant: { kind: 'account', userId: applicant.userId }, locale: 'es', sourceKey: 'b' }, NOW, links);
    await decideApplication(database.db, sec, { applicationId: asked.id, decision: 'more_info', reason: '¿Estatutos?' }, NOW, links);
    const failures: string[] = [];
    let validated = 0;
    const pages: [string, SignedIn | null][] = [
      [`/forums/${forum!.id}/open-calls`, null],
      [`/forums/${forum!.id}/open-calls`, site.people.secretariat],
      [`/forums/${forum!.id}/open-calls/new`, site.people.secretariat],
      [`/open-calls/${call.id}`, null],
      [`/open-calls/${call.id}`, site.people.secretariat],
      [`/open-calls/${call.id}`, applicant],
      [`/open-calls/${draft.id}`, site.people.secretariat],
      [`/open-calls/${draft.id}/edit`, site.people.secretariat],
      [`/open-calls/${call.id}/apply`, null],
      [`/open-calls/${call.id}/apply`, applicant],
      [`/open-calls/${call.id}/applications`, site.people.secretariat],
      [`/applications/${submitted.id}`, applicant],
      [`/applications/${submitted.id}`, site.people.secretariat],
      [`/applications/${asked.id}`, applicant],
      [`/applications/confirm/${'A'.repeat(43)}`, null],
    ];
    for (const [path, person] of pages) {
      for (const lang of ['es', 'en'] as const) {
        const res = await getAs(app, path, person, lang);
        expect(res.status, path).toBeLessThan(500);
        if (await validate(`${lang} ${path}`, res, failures)) validated++;
      }
    }
    const again: [string, Record<string, string>, SignedIn][] = [
      [`/forums/${forum!.id}/open-calls/new`, { titleEs: '', opensOn: 'x', closesOn: '', kinds: 'pirates' }, site.people.secretariat],
      [`/open-calls/${call.id}/apply`, { organisationName: '', kind: 'x', organisationWebsite: 'ftp://x', started: formStamp(NOW) }, applicant],
      [`/applications/${submitted.id}/decide`, { decision: 'x', reason: '' }, site.people.secretariat],
      [`/applications/${asked.id}/answer`, { answer: '' }, applicant],
    ];
    for (const [path, fields, person] of again) {
      const res = await postForm(app, path, fields, person);
      expect(res.status, `POST ${path}`).toBe(422);
      if (await validate(`POST ${path}`, res, failures)) validated++;
    }
    expect(validated).toBe(pages.length * 2 + again.length);
    expect(failures).toEqual([]);
  });
});
