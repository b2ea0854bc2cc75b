import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from './app.js';
import { testDatabase, type TestDatabase } from '../tests/support/db.js';
import { NOW } from '../tests/support/factories.js';
import { getAs, postForm, type SignedIn } from '../tests/support/auth.js';
import { buildSite, fillPath, type Site } from '../tests/support/site.js';
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
      ['/repository/new', { titleEs: '', type: 'nope', documentDate: 'x', kind: 'link', url: 'javascript:x' }, site.people.secretariat],
      [fillPath('/repository/:id/correct', site), { kind: 'link', url: 'nope', reason: '', version: '1' }, site.people.secretariat],
      [fillPath('/repository/:id/withdraw', site), { reason: '' }, site.people.secretariat],
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
