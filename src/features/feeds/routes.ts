import { Feed } from 'feed';
import { Hono, type Context } from 'hono';
import { and, asc, desc, eq, isNotNull } from 'drizzle-orm';
import type { AppDeps } from '../../app.js';
import { actionPlans, commitments, documents, followUpReports, milestones } from '../../db/schema/index.js';
import { loadConfig } from '../../config.js';
import type { Messages } from '../../i18n/index.js';
import type { Locale } from '../../lib/levels.js';
import { textIn } from '../../lib/localized.js';
import { dataLicense } from '../opendata/license.js';
import { listRepository } from '../repository/queries.js';

/**
 * Atom feeds (with the `feed` library, which escapes everything it writes): the repository, a plan
 * (its commitments, follow-up reports and documents) and a commitment (its milestones). Entries are
 * in the request's language.
 */
const ATOM = 'application/atom+xml; charset=utf-8';

function origin(c: Context): string {
  try {
    const configured = loadConfig().publicUrl;
    if (configured) return configured.replace(/\/+$/, '');
  } catch {
    // fall back to the request's own address
  }
  return new URL(c.req.url).origin;
}

interface Entry {
  id: string;
  title: string;
  link: string;
  date: Date;
  description?: string;
}

function atom(c: Context, input: { title: string; self: string; link: string; entries: Entry[] }) {
  const base = origin(c);
  const t: Messages = c.get('t');
  const feed = new Feed({
    title: html(input.title),
    id: `${base}${input.self}`,
    link: `${base}${input.link}`,
    language: c.get('locale') as Locale,
    copyright: dataLicense().id,
    updated: input.entries.reduce<Date>((max, e) => (e.date > max ? e.date : max), new Date(0)),
    generator: t.site.name,
    feedLinks: { atom: `${base}${input.self}` },
  });
  for (const e of input.entries) feed.addItem({ id: `${base}${e.id}`, title: html(e.title), link: `${base}${e.link}`, date: e.date, description: e.description === undefined ? undefined : html(e.description) });
  return c.body(feed.atom1(), 200, { 'content-type': ATOM });
}

/** The library writes titles as `type="html"`: plain text must be escaped so that a reader shows it, never runs it. */
function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function feedId(file: string | undefined): number | null {
  const m = /^([1-9]\d{0,9})\.atom$/.exec(file ?? '');
  return m && Number(m[1]) <= 2_147_483_647 ? Number(m[1]) : null;
}

export function feedRoutes(deps: AppDeps) {
  const app = new Hono();

  app.get('/repository.atom', async (c) => {
    const t = c.get('t');
    const locale: Locale = c.get('locale');
    const items = await listRepository(deps.db, {}, 50);
    return atom(c, {
      title: `${t.repository.title} · ${t.site.name}`,
      self: '/feeds/repository.atom',
      link: '/repository',
      entries: items.map((d) => ({
        id: `/repository/${d.id}`,
        link: `/repository/${d.id}`,
        title: `${t.repository.types[d.type]}: ${textIn(d.title, locale) || d.fileName || d.id}`,
        date: d.publishedAt ?? d.updatedAt,
        description: textIn(d.description, locale) || undefined,
      })),
    });
  });

  app.get('/plans/:file', async (c) => {
    const id = feedId(c.req.param('file'));
    const t = c.get('t');
    const locale: Locale = c.get('locale');
    const plan = id === null ? undefined : (await deps.db.select().from(actionPlans).where(eq(actionPlans.id, id)).limit(1))[0];
    if (!plan) return c.notFound();
    const [cs, reports, docs] = [
      await deps.db.select().from(commitments).where(eq(commitments.planId, plan.id)).orderBy(asc(commitments.position), asc(commitments.id)),
      await deps.db.select().from(followUpReports).where(eq(followUpReports.planId, plan.id)).orderBy(desc(followUpReports.number)),
      await deps.db
        .select()
        .from(documents)
        .where(and(eq(documents.planId, plan.id), isNotNull(documents.publishedAt)))
        .orderBy(desc(documents.documentDate), desc(documents.id))
        .limit(50),
    ];
    const entries: Entry[] = [
      ...reports.map((r) => ({ id: `/reports/follow-up/${r.id}`, link: `/reports/follow-up/${r.id}`, title: t.reports.followUp.title(r.number), date: r.publishedAt })),
      ...docs
        .filter((d) => d.subjectType !== 'follow_up_report')
        .map((d) => ({ id: `/repository/${d.id}`, link: `/repository/${d.id}`, title: `${t.repository.types[d.type]}: ${textIn(d.title, locale)}`, date: d.publishedAt ?? d.updatedAt })),
      ...cs.map((cm) => ({
        id: `/commitments/${cm.id}#${cm.updatedAt.toISOString()}`,
        link: `/commitments/${cm.id}`,
        title: `${t.commitment.numberTitle(cm.number)}: ${textIn(cm.title, locale)}`,
        date: cm.updatedAt,
        description: `${t.commitment.completion}: ${t.status[cm.completion ?? 'not_reported']}`,
      })),
    ].sort((a, b) => b.date.getTime() - a.date.getTime() || a.id.localeCompare(b.id));
    return atom(c, { title: `${textIn(plan.title, locale)} · ${t.site.name}`, self: `/feeds/plans/${plan.id}.atom`, link: `/plans/${plan.id}`, entries });
  });

  app.get('/commitments/:file', async (c) => {
    const id = feedId(c.req.param('file'));
    const t = c.get('t');
    const locale: Locale = c.get('locale');
    const cm = id === null ? undefined : (await deps.db.select().from(commitments).where(eq(commitments.id, id)).limit(1))[0];
    if (!cm) return c.notFound();
    const ms = await deps.db.select().from(milestones).where(eq(milestones.commitmentId, cm.id)).orderBy(asc(milestones.number), asc(milestones.id));
    const entries: Entry[] = ms
      .map((m) => ({
        id: `/commitments/${cm.id}#milestone-${m.number}@${m.updatedAt.toISOString()}`,
        link: `/commitments/${cm.id}#milestone-${m.number}`,
        title: `${t.milestone.number(m.number)}: ${textIn(m.title, locale)} — ${t.status[m.status ?? 'not_reported']}`,
        date: m.updatedAt,
        description: textIn(m.narrative, locale).slice(0, 500) || undefined,
      }))
      .sort((a, b) => b.date.getTime() - a.date.getTime() || a.id.localeCompare(b.id));
    return atom(c, { title: `${t.commitment.numberTitle(cm.number)}: ${textIn(cm.title, locale)}`, self: `/feeds/commitments/${cm.id}.atom`, link: `/commitments/${cm.id}`, entries });
  });

  return app;
}
