import { asc, eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { forums, forumSectors, institutions, commitments } from '../../db/schema/index.js';
import { ensureDemo } from '../demo/demo.js';
import { addSeat, appointMember } from '../forum/composition.js';
import { createMeeting } from '../meetings/commands.js';
import { axeViolations } from '../../../tests/support/axe.js';
import { launchChromium } from '../../../tests/support/browser.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { getAs, postForm, signedInUser, type SignedIn } from '../../../tests/support/auth.js';
import { createNewsItem, editNewsItem, publishNewsItem } from './commands.js';

/**
 * axe (WCAG 2.2 AA) on issue 11's new pages as the secretariat and the public see them: news list
 * and item (with its correction history), the news form shown again with errors, the composition
 * page and a meeting page with the commitment-review forms. The HTML is the app's own answer, loaded
 * into Chromium (script on for axe only).
 */
const NOW = new Date('2026-11-23T12:00:00Z');
let t: TestDatabase;
let app: App;
let browser: Browser;
let secretariat: SignedIn;
let forumId: number;
let newsId: number;
let meetingId: number;

beforeAll(async () => {
  t = await testDatabase();
  await ensureDemo(t.db, NOW);
  const [f] = await t.db.select().from(forums).orderBy(asc(forums.id));
  forumId = f!.id;
  const [government] = await t.db.select().from(forumSectors).where(eq(forumSectors.code, 'government'));
  const [institution] = await t.db.select().from(institutions).where(eq(institutions.memberId, f!.memberId));
  const [commitment] = await t.db.select().from(commitments).orderBy(asc(commitments.id));
  const { id: seatId } = await addSeat(t.db, 'test', { sectorId: government!.id, label: { es: 'Ministerio', en: 'Ministry' } });
  await appointMember(t.db, 'test', { memberId: f!.memberId, seatId, personName: 'María Ministra', organisationId: null, institutionId: institution!.id, role: 'titular', startDate: '2026-01-01', endDate: null });
  newsId = (await createNewsItem(t.db, 'test', { forumId, kind: 'event', title: { es: 'Lanzamiento' }, body: { es: '# Programa\n\n- **uno**\n- [dos](https://example.org)' }, itemDate: '2026-11-20', startsAt: NOW, endsAt: new Date(NOW.getTime() + 3_600_000), place: 'Santiago', link: null, userId: null, now: NOW })).id;
  await publishNewsItem(t.db, 'test', { itemId: newsId, now: NOW });
  await editNewsItem(t.db, 'test', { kind: 'event', title: { es: 'Lanzamiento de la Mesa' }, body: { es: 'Texto' }, itemDate: '2026-11-20', startsAt: NOW, endsAt: new Date(NOW.getTime() + 3_600_000), place: 'Valparaíso', link: null, itemId: newsId, version: 1, changedBy: 'Secretaría', reason: 'Sede', now: NOW });
  meetingId = (await createMeeting(t.db, 'test', { forumId, kind: 'forum', title: { es: 'Primera sesión' }, startsAt: NOW, endsAt: new Date(NOW.getTime() + 3_600_000), place: 'Santiago', agenda: [{ title: 'Revisión', minutes: 30, presenter: 'Ministerio', commitmentId: commitment!.id }], invitees: [], now: NOW })).id;
  app = createApp({ db: t.db, now: () => NOW, pageCacheTtlMs: 0 });
  secretariat = await signedInUser(t.db, [{ role: 'secretariat', memberId: f!.memberId }], NOW);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.dispose();
});

describe('issue 11’s new pages pass axe (WCAG 2.2 AA)', { timeout: 180_000 }, () => {
  it('news, news form with errors, composition, meeting with the review forms — es and en', async () => {
    const pages: [string, Response][] = [];
    for (const lang of ['es', 'en'] as const) {
      for (const path of [`/forums/${forumId}/news`, `/news/${newsId}`, `/news/${newsId}/edit`, `/forums/${forumId}/composition`, `/meetings/${meetingId}`]) pages.push([`${lang} ${path}`, await getAs(app, path, secretariat, lang)]);
      pages.push([`${lang} public /news/${newsId}`, await getAs(app, `/news/${newsId}`, null, lang)]);
    }
    pages.push(['POST news with errors', await postForm(app, `/forums/${forumId}/news`, { kind: 'event', titleEs: '', itemDate: 'x' }, secretariat)]);
    pages.push(['POST appointment with errors', await postForm(app, `/forums/${forumId}/memberships`, { seatId: 'x', personName: '' }, secretariat)]);
    const context = await browser.newContext({ javaScriptEnabled: true, bypassCSP: true });
    const page = await context.newPage();
    const failures: string[] = [];
    for (const [label, res] of pages) {
      expect(res.status, label).toBeLessThan(500);
      await page.setContent(await res.text(), { waitUntil: 'domcontentloaded' });
      const violations = await axeViolations(page);
      if (violations.length > 0) failures.push(`${label}: ${JSON.stringify(violations)}`);
    }
    await context.close();
    expect(failures).toEqual([]);
  });
});
