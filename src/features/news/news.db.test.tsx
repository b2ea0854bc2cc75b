import { XMLParser, XMLValidator } from 'fast-xml-parser';
import ical from 'node-ical';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { auditLog, forums, newsChanges, newsItems } from '../../db/schema/index.js';
import type { Grant, SessionUser } from '../accounts/policy.js';
import { ensureDemo } from '../demo/demo.js';
import { ensureMember } from '../plans/commands.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { getAs, postForm, signedInUser, type SignedIn } from '../../../tests/support/auth.js';
import { editNewsItem, NewsError, publishNewsItem } from './commands.js';
import { canNews, NEWS_ACTIONS, type NewsAction } from './policy.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const BASE = 'https://abierto.example.org';
let t: TestDatabase;
let app: App;
let forumId: number;
let memberId: number;
let secretariat: SignedIn & { name: string };
let otherSecretariat: SignedIn;
let stranger: SignedIn;

beforeAll(async () => {
  t = await testDatabase();
  await ensureDemo(t.db, NOW);
  const [f] = await t.db.select().from(forums);
  forumId = f!.id;
  memberId = f!.memberId;
  app = createApp({ db: t.db, now: () => NOW, pageCacheTtlMs: 10_000, publicUrl: BASE });
  secretariat = await signedInUser(t.db, [{ role: 'secretariat', memberId }], NOW, { name: 'Secretaría Ejecutiva' });
  const other = await ensureMember(t.db, { code: 'URY', name: { es: 'Uruguay' } }, 'test');
  otherSecretariat = await signedInUser(t.db, [{ role: 'secretariat', memberId: other.id }], NOW);
  stranger = await signedInUser(t.db, [], NOW);
});

afterAll(async () => {
  await t.dispose();
});

const launch = {
  kind: 'event',
  titleEs: 'Lanzamiento de la Mesa <b>& "todos"</b>',
  titleEn: 'Launch of the Mesa',
  bodyEs: '# Lanzamiento\n\nLa **Mesa** se lanza. <script>alert(1)</script> [enlace](javascript:alert(1)) [programa](/forums/1) <img src=x onerror=alert(1)>',
  bodyEn: 'The **Mesa** is launched.',
  itemDate: '2026-11-20',
  startsAt: '2026-12-01T15:00',
  endsAt: '2026-12-01T17:00',
  place: 'Santiago',
  link: 'https://meet.example.org/mesa',
};

describe('news and events: draft → published → corrected → withdrawn, in the browser without JavaScript', () => {
  let id: number;

  it('refuses strangers, hostile and oversized input (422, nothing stored), and keeps drafts private', async () => {
    expect((await postForm(app, `/forums/${forumId}/news`, launch, stranger)).status).toBe(403);
    expect((await postForm(app, `/forums/${forumId}/news`, launch, otherSecretariat)).status).toBe(403);
    expect((await postForm(app, `/forums/${forumId}/news`, launch, null)).status).toBeGreaterThanOrEqual(400);
    const bad = await postForm(app, `/forums/${forumId}/news`, { ...launch, titleEs: '', titleEn: '', link: 'javascript:alert(1)', endsAt: '2026-12-01T14:00', itemDate: '2026-02-30', kind: 'nope' }, secretariat);
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Revise el formulario');
    const huge = await postForm(app, `/forums/${forumId}/news`, { ...launch, bodyEs: 'x'.repeat(70_000) }, secretariat);
    expect(huge.status).toBe(422);
    expect(await huge.text()).toContain('Demasiado largo');
    const noPlace = await postForm(app, `/forums/${forumId}/news`, { ...launch, place: '', link: '' }, secretariat);
    expect(await noPlace.text()).toContain('Un evento necesita un lugar o un enlace');
    expect(await t.db.select().from(newsItems)).toHaveLength(0);

    const ok = await postForm(app, `/forums/${forumId}/news`, launch, secretariat);
    expect(ok.status).toBe(303);
    id = Number(ok.headers.get('location')!.match(/news\/(\d+)/)![1]);
    expect((await getAs(app, `/news/${id}`, null)).status).toBe(404);
    expect((await getAs(app, `/news/${id}`, stranger)).status).toBe(404);
    expect(await (await getAs(app, `/forums/${forumId}/news`, null)).text()).not.toContain('Lanzamiento');
    const draft = await (await getAs(app, `/news/${id}`, secretariat)).text();
    expect(draft).toContain('Borrador');
    expect((await t.db.select().from(auditLog).where(eq(auditLog.entityType, 'news_item'))).map((a) => a.action)).toEqual(['news.create']);
  });

  it('publishes once; the page renders the Markdown with raw HTML escaped and unsafe links dropped', async () => {
    expect((await postForm(app, `/news/${id}/publish`, {}, stranger)).status).toBe(404);
    expect((await postForm(app, `/news/${id}/publish`, {}, secretariat)).status).toBe(303);
    expect((await postForm(app, `/news/${id}/publish`, {}, secretariat)).status).toBe(409);
    const res = await getAs(app, `/news/${id}`, null);
    const html = await res.text();
    expect(html).toContain('<h2>Lanzamiento</h2>');
    expect(html).toContain('<strong>Mesa</strong>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('href="javascript:');
    expect(html).not.toContain('<img');
    expect(html).toContain('href="/forums/1"');
    expect(html).toContain('Lanzamiento de la Mesa &lt;b&gt;&amp; &quot;todos&quot;&lt;/b&gt;');
    const en = await (await getAs(app, `/news/${id}`, null, 'en')).text();
    expect(en).toContain('The <strong>Mesa</strong> is launched.');
    expect(en).toContain('Launch of the Mesa');
    const list = await (await getAs(app, `/forums/${forumId}/news`, null)).text();
    expect(list).toContain(`href="/news/${id}"`);
    // Cached like other public pages: the second anonymous request is served from memory.
    const again = await getAs(app, `/forums/${forumId}/news`, null);
    expect(await again.text()).toBe(list);
    expect(again.headers.get('etag')).toBeTruthy();
  });

  it('a correction of a published item is an edit in its public history (before → after); a stale edit is refused', async () => {
    const form = await (await getAs(app, `/news/${id}/edit`, secretariat)).text();
    expect(form).toContain('historial público');
    const version = form.match(/name="version" value="(\d+)"/)![1]!;
    const corrected = { ...launch, place: 'Valparaíso', version, reason: 'Cambio de sede' };
    expect((await postForm(app, `/news/${id}`, corrected, secretariat)).status).toBe(303);
    // The same form again (the version it saw is old now): refused with the current version shown.
    const stale = await postForm(app, `/news/${id}`, { ...corrected, place: 'Concepción' }, secretariat);
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('Alguien cambió esta publicación');
    const page = await (await getAs(app, `/news/${id}`, null)).text();
    expect(page).toContain('Corrección de Secretaría Ejecutiva');
    expect(page).toContain('Motivo: Cambio de sede');
    expect(page).toMatch(/Lugar: <del>Santiago<\/del> → <ins>Valparaíso<\/ins>/);
    const history = await t.db.select().from(newsChanges).where(eq(newsChanges.itemId, id));
    expect(history.map((h) => [h.action, h.changes])).toEqual([['correction', [{ field: 'place', before: 'Santiago', after: 'Valparaíso' }]]]);
    // Nothing changed → no history entry.
    const v2 = String((await t.db.select().from(newsItems).where(eq(newsItems.id, id)))[0]!.version);
    expect((await postForm(app, `/news/${id}`, { ...corrected, version: v2 }, secretariat)).headers.get('location')).toContain('done=unchanged');
    expect(await t.db.select().from(newsChanges).where(eq(newsChanges.itemId, id))).toHaveLength(1);
  });

  it('the Atom feed parses in a third-party XML parser, with absolute links from the public address', async () => {
    const res = await app.request(`/forums/${forumId}/news.atom`);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await res.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(xml);
    const feed = doc.feed;
    expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    const entries = Array.isArray(feed.entry) ? feed.entry : [feed.entry];
    expect(entries).toHaveLength(1);
    const entry = entries[0];
    expect(entry.id).toBe(`${BASE}/news/${id}`);
    const links = [feed.link, entry.link].flat().map((l: { '@href': string }) => l['@href']);
    for (const href of links) expect(href.startsWith(`${BASE}/`), href).toBe(true);
    expect(String(entry.title['#text'] ?? entry.title)).toContain('Lanzamiento de la Mesa &lt;b&gt;');
    const content = String(entry.content['#text'] ?? entry.content);
    expect(content).toContain('<strong>Mesa</strong>');
    expect(content).toContain(`href="${BASE}/forums/1"`);
    expect(content).not.toContain('<script>');
    expect(String(entry.summary['#text'] ?? entry.summary)).toContain('Valparaíso');
  });

  it('the event is in the forum’s iCalendar feed, next to its meetings', async () => {
    const text = await (await app.request(`/forums/${forumId}/calendar.ics`)).text();
    const events = Object.values(ical.sync.parseICS(text)).filter((e) => e?.type === 'VEVENT') as ical.VEvent[];
    const event = events.find((e) => String(e.uid).startsWith(`event-${id}@`))!;
    expect(event).toBeTruthy();
    expect(event.start.toISOString()).toBe('2026-12-01T15:00:00.000Z');
    expect(event.location).toBe('Valparaíso');
    const url = (event as unknown as { url: string | { val: string } }).url;
    expect(typeof url === 'string' ? url : url.val).toBe(`${BASE}/news/${id}`);
  });

  it('withdrawing needs a reason and leaves a public note; a withdrawn item is not edited', async () => {
    expect((await postForm(app, `/news/${id}/unpublish`, { reason: '   ' }, secretariat)).status).toBe(422);
    expect((await postForm(app, `/news/${id}/unpublish`, { reason: 'x' }, stranger)).status).toBe(403);
    expect((await postForm(app, `/news/${id}/unpublish`, { reason: 'Se postergó el lanzamiento' }, secretariat)).status).toBe(303);
    expect((await postForm(app, `/news/${id}/unpublish`, { reason: 'Otra vez' }, secretariat)).status).toBe(409);
    const page = await (await getAs(app, `/news/${id}`, null)).text();
    expect(page).toContain('Motivo: Se postergó el lanzamiento');
    expect(page).not.toContain('<strong>Mesa</strong>');
    expect(await (await getAs(app, `/forums/${forumId}/news`, null)).text()).toContain('Se postergó el lanzamiento');
    const xml = await (await app.request(`/forums/${forumId}/news.atom`)).text();
    expect(new XMLParser().parse(xml).feed.entry).toBeUndefined();
    expect((await getAs(app, `/news/${id}/edit`, secretariat)).status).toBe(403);
    await expect(editNewsItem(t.db, 'test', { kind: 'news', title: { es: 'x' }, body: { es: 'y' }, itemDate: '2026-11-20', startsAt: null, endsAt: null, place: '', link: null, itemId: id, version: 99, changedBy: 'x', reason: null, now: NOW })).rejects.toThrow(NewsError);
  });

  it('two secretaries publishing one draft at once: one wins, the other is told', async () => {
    const [draft] = await t.db.insert(newsItems).values({ forumId, title: { es: 'Borrador' }, body: { es: 'Texto' }, itemDate: '2026-11-21' }).returning();
    const results = await Promise.allSettled([publishNewsItem(t.db, 'a', { itemId: draft!.id, now: NOW }), publishNewsItem(t.db, 'b', { itemId: draft!.id, now: NOW })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => ((r as PromiseRejectedResult).reason as NewsError).code)).toEqual(['wrong_state']);
  });
});

describe('news permissions: every action × actor × state', () => {
  const person = (id: number, ...grants: Partial<Grant>[]): SessionUser => ({
    id,
    email: `p${id}@example.org`,
    name: `P${id}`,
    locale: 'es',
    grants: grants.map((g) => ({ role: g.role ?? 'forum_member', memberId: g.memberId ?? null, institutionId: g.institutionId ?? null, seat: g.seat ?? null })),
  });
  const actors: Record<string, SessionUser | null> = {
    public: null,
    admin: person(1, { role: 'admin' }),
    secretariat: person(2, { role: 'secretariat', memberId: 1 }),
    'secretariat of another member': person(3, { role: 'secretariat', memberId: 2 }),
    'forum member': person(4, { role: 'forum_member', memberId: 1, seat: 'civil_society' }),
    'institution contact': person(5, { role: 'institution_contact', memberId: 1, institutionId: 1 }),
  };
  const states = ['draft', 'published', 'unpublished'] as const;
  const S = { admin: true, secretariat: true } as Record<string, boolean>;
  const expected: Record<NewsAction, (actor: string, state: (typeof states)[number]) => boolean> = {
    'news.read_draft': (a) => !!S[a],
    'news.write': (a, s) => !!S[a] && s !== 'unpublished',
    'news.publish': (a, s) => !!S[a] && s === 'draft',
    'news.unpublish': (a, s) => !!S[a] && s === 'published',
  };
  for (const action of NEWS_ACTIONS) {
    for (const [name, user] of Object.entries(actors)) {
      for (const state of states) {
        const want = expected[action](name, state);
        it(`${action} · ${name} · ${state} → ${want ? 'allowed' : 'denied'}`, () => {
          expect(canNews(user, action, { memberId: 1, state })).toBe(want);
        });
      }
    }
  }
});
