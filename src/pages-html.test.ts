import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from './app.js';
import { testDatabase, type TestDatabase } from '../tests/support/db.js';
import { NOW } from '../tests/support/factories.js';
import { getAs, postForm, type SignedIn } from '../tests/support/auth.js';
import { buildSite, fillPath, type Site } from '../tests/support/site.js';
import { asc, eq } from 'drizzle-orm';
import { forums, forumSectors } from './db/schema/index.js';
import { addSeat, appointMember } from './features/forum/composition.js';
import { createMeeting } from './features/meetings/commands.js';
import { createNewsItem, editNewsItem, publishNewsItem } from './features/news/commands.js';

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
    ];
    for (const [path, fields, person] of forms) {
      const res = await postForm(app, path, fields, person);
      expect(res.status, `POST ${path}`).toBeLessThan(500);
      if (await validate(`POST ${path}`, res, failures)) validated++;
    }
    console.log(`html-validate: ${validated} pages validated`);
    expect(validated).toBeGreaterThan(100);
    expect(failures).toEqual([]);
  });
});
