import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import type { CompletionLevel, Locale } from '../../lib/levels.js';
import { resolveText, type LocalizedText } from '../../lib/localized.js';
import { monthOf } from '../../lib/month.js';
import { isDelayed } from '../milestones/rules.js';
import { highlight, snippet, type Segment } from './highlight.js';
import { type OgpValue, type SearchFilter, type SearchKind } from './schemas.js';

/**
 * Full-text search over commitments, milestones, institutions and plans (decision 090).
 *
 * Each searchable table has a stored `search` tsvector (migration `0010_search_sql`): the es texts
 * stemmed as Spanish, the en texts as English, folded by `abierto_fold` (lower case, no accents),
 * weighted A title, B theme, C body, with a GIN index. The query is folded the same way and
 * parsed both ways (`websearch_to_tsquery`: words, "phrases", `-not`, `or`), so
 * "institucionalizacion" finds "Institucionalización" and "MONITOREOS" finds "monitoreo".
 *
 * One SQL for PGlite and PostgreSQL. A new kind (proposals, meeting minutes) is one more `source`
 * below: a `search` column on its table, its filters, and its details.
 */

export interface SearchHit {
  kind: SearchKind;
  id: number;
  rank: number;
  /** The page of the item. */
  href: string;
  title: Segment[];
  titleLang: Locale;
  snippet: Segment[];
  snippetLang: Locale;
  member: { code: string; name: LocalizedText } | null;
  plan: { id: number; title: LocalizedText } | null;
  commitment: { id: number; number: string; title: LocalizedText } | null;
  /** Commitment: the self-reported completion; milestone: its status. Null = not reported (or not applicable). */
  status: CompletionLevel | null;
  delayed: boolean;
  contested: boolean;
}

/** How many matches of each kind are ranked at most (decision 090). */
export const CANDIDATES = 2000;

export interface SearchResult {
  /** With `capped`, a lower bound. */
  total: number;
  /** More than CANDIDATES matches of some kind: only the first CANDIDATES (by id) of it were ranked. */
  capped: boolean;
  hits: SearchHit[];
}

const OGP_VALUE_COLUMN: Record<OgpValue, string> = {
  access_to_information: 'value_access_to_information',
  civic_participation: 'value_civic_participation',
  public_accountability: 'value_public_accountability',
  technology_innovation: 'value_technology_innovation',
};

const KIND_ORDER: Record<SearchKind, number> = { commitment: 1, milestone: 2, plan: 3, institution: 4 };

/** A milestone is delayed (rule of `milestones/rules.ts`): its planned end month is over and it is not complete. */
export function delayedSql(m: string, currentMonth: string): SQL {
  return sql`(${sql.raw(m)}.removed_at is null and ${sql.raw(m)}.planned_end is not null and ${sql.raw(m)}.status is distinct from 'complete' and ${sql.raw(m)}.planned_end < ${currentMonth})`;
}

/** A milestone is contested: an open contestation stands against its status (decision 042, as on the commitment page). */
export function contestedSql(m: string): SQL {
  const a = sql.raw(m);
  return sql`(${a}.removed_at is null and exists (select 1 from contestations ct where ct.milestone_id = ${a}.id and ct.state = 'open'))`;
}

/** Conditions on a commitment `c` (and its plan `p`, member `mb`) shared by commitments and milestones. */
export function commitmentConditions(f: SearchFilter): SQL[] {
  const out: SQL[] = [];
  if (f.member !== undefined) out.push(sql`lower(mb.code) = lower(${f.member})`);
  if (f.plan !== undefined) out.push(sql`c.plan_id = ${f.plan}`);
  if (f.institution !== undefined) out.push(sql`c.lead_institution_id = ${f.institution}`);
  if (f.theme !== undefined) {
    out.push(
      sql`(strpos(abierto_fold(coalesce(c.theme->>'es', '')), abierto_fold(${f.theme})) > 0 or strpos(abierto_fold(coalesce(c.theme->>'en', '')), abierto_fold(${f.theme})) > 0)`,
    );
  }
  if (f.value !== undefined) out.push(sql`c.${sql.raw(OGP_VALUE_COLUMN[f.value])} is true`);
  if (f.area !== undefined) {
    out.push(
      sql`exists (select 1 from commitment_policy_areas cpa join policy_areas pa on pa.slug = cpa.policy_area_slug where cpa.commitment_id = c.id and (pa.slug = ${f.area} or pa.group_slug = ${f.area}))`,
    );
  }
  return out;
}

interface Source {
  kind: SearchKind;
  /** Whether the filters can apply to this kind at all. */
  applies(f: SearchFilter): boolean;
  from: SQL;
  /** The alias of the row holding the `search` column. */
  alias: string;
  where(f: SearchFilter, currentMonth: string): SQL[];
}

const SOURCES: Source[] = [
  {
    kind: 'commitment',
    applies: () => true,
    from: sql`commitments c join action_plans p on p.id = c.plan_id join members mb on mb.id = p.member_id`,
    alias: 'c',
    where: (f, month) => {
      const out = commitmentConditions(f);
      if (f.status === 'not_reported') out.push(sql`c.completion is null`);
      else if (f.status !== undefined) out.push(sql`c.completion = ${f.status}::completion_level`);
      if (f.delayed) out.push(sql`exists (select 1 from milestones dm where dm.commitment_id = c.id and ${delayedSql('dm', month)})`);
      if (f.contested) out.push(sql`exists (select 1 from milestones dm where dm.commitment_id = c.id and ${contestedSql('dm')})`);
      return out;
    },
  },
  {
    kind: 'milestone',
    applies: () => true,
    from: sql`milestones m join commitments c on c.id = m.commitment_id join action_plans p on p.id = c.plan_id join members mb on mb.id = p.member_id`,
    alias: 'm',
    where: (f, month) => {
      const out = commitmentConditions(f);
      out.push(sql`m.removed_at is null`);
      if (f.status === 'not_reported') out.push(sql`m.status is null`);
      else if (f.status !== undefined) out.push(sql`m.status = ${f.status}::completion_level`);
      if (f.delayed) out.push(delayedSql('m', month));
      if (f.contested) out.push(contestedSql('m'));
      return out;
    },
  },
  {
    kind: 'plan',
    applies: (f) =>
      f.institution === undefined && f.theme === undefined && f.value === undefined && f.area === undefined && f.status === undefined && !f.delayed && !f.contested,
    from: sql`action_plans p join members mb on mb.id = p.member_id`,
    alias: 'p',
    where: (f) => {
      const out: SQL[] = [];
      if (f.member !== undefined) out.push(sql`lower(mb.code) = lower(${f.member})`);
      if (f.plan !== undefined) out.push(sql`p.id = ${f.plan}`);
      return out;
    },
  },
  {
    kind: 'institution',
    applies: (f) =>
      f.plan === undefined && f.theme === undefined && f.value === undefined && f.area === undefined && f.status === undefined && !f.delayed && !f.contested,
    from: sql`institutions i join members mb on mb.id = i.member_id`,
    alias: 'i',
    where: (f) => {
      const out: SQL[] = [];
      if (f.member !== undefined) out.push(sql`lower(mb.code) = lower(${f.member})`);
      if (f.institution !== undefined) out.push(sql`i.id = ${f.institution}`);
      return out;
    },
  },
];

/** Control characters (NUL above all) have no place in a query and PostgreSQL refuses NUL in text. */
export function cleanQuery(q: string | undefined): string {
  return (q ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

type Row = Record<string, unknown>;
async function rows(db: Executor, query: SQL): Promise<Row[]> {
  const result = (await db.execute(query)) as unknown as { rows: Row[] };
  return result.rows;
}

/**
 * Ranked hits of one page, with highlighted title and snippet in `locale` (else the other language).
 * Without query text, the filters alone select (ordered by kind and id).
 */
export async function search(db: Executor, f: SearchFilter, options: { limit: number; offset: number; now: Date; locale: Locale }): Promise<SearchResult> {
  const text = cleanQuery(f.q);
  const month = monthOf(options.now);
  const hasText = text !== '';
  const tsq = sql`(websearch_to_tsquery('spanish', abierto_fold(${text})) || websearch_to_tsquery('english', abierto_fold(${text})))`;
  const parts: SQL[] = [];
  for (const source of SOURCES) {
    if (f.kind !== undefined && f.kind !== source.kind) continue;
    if (!source.applies(f)) continue;
    const a = sql.raw(source.alias);
    const conditions = source.where(f, month);
    if (hasText) conditions.unshift(sql`${a}.search @@ q.q`);
    const rank = hasText ? sql`ts_rank(${a}.search, q.q)::float8` : sql`0::float8`;
    // At most CANDIDATES matches per kind are ranked (the first by id: stable from page to page), so a
    // word found in every commitment costs the same as a rare one; the total then says "at least".
    parts.push(
      sql`(select ${KIND_ORDER[source.kind]}::int as k, ${a}.id as id, ${rank} as rank from ${source.from}${hasText ? sql`, q` : sql``}${
        conditions.length > 0 ? sql` where ${sql.join(conditions, sql` and `)}` : sql``
      } order by ${a}.id limit ${CANDIDATES + 1})`,
    );
  }
  if (parts.length === 0) return { total: 0, capped: false, hits: [] };
  const hitRows = await rows(
    db,
    sql`${hasText ? sql`with q as (select ${tsq} as q) ` : sql``}select k, id, rank, count(*) over ()::int as total, max(n) over ()::int as most
        from (select hits.*, count(*) over (partition by k)::int as n from (${sql.join(parts, sql` union all `)}) hits) hits
        order by rank desc, k, id limit ${options.limit} offset ${options.offset}`,
  );
  let total = 0;
  let capped = false;
  if (hitRows.length > 0) {
    total = Number(hitRows[0]!.total);
    capped = Number(hitRows[0]!.most) > CANDIDATES;
  } else if (options.offset > 0) {
    const c = await countOnly(db, parts, hasText ? tsq : null);
    total = c.total;
    capped = c.capped;
  }
  const kindOf = (k: number) => (Object.entries(KIND_ORDER).find(([, v]) => v === k)![0] as SearchKind);
  const page = hitRows.map((r) => ({ kind: kindOf(Number(r.k)), id: Number(r.id), rank: Number(r.rank) }));
  const hits = await details(db, page, hasText ? tsq : null, options);
  return { total, capped, hits };
}

async function countOnly(db: Executor, parts: SQL[], tsq: SQL | null): Promise<{ total: number; capped: boolean }> {
  const r = await rows(
    db,
    sql`${tsq ? sql`with q as (select ${tsq} as q) ` : sql``}select coalesce(sum(per), 0)::int as n, coalesce(max(per), 0)::int as most from (select k, count(*) as per from (${sql.join(parts, sql` union all `)}) hits group by k) per_kind`,
  );
  return { total: Number(r[0]?.n ?? 0), capped: Number(r[0]?.most ?? 0) > CANDIDATES };
}

interface Detail {
  href: string;
  title: LocalizedText;
  body: LocalizedText;
  member: SearchHit['member'];
  plan: SearchHit['plan'];
  commitment: SearchHit['commitment'];
  status: CompletionLevel | null;
  plannedEnd: string | null;
  contested: boolean;
  delayedMilestones: number;
}

const ids = (page: { kind: SearchKind; id: number }[], kind: SearchKind) => page.filter((p) => p.kind === kind).map((p) => p.id);
const idList = (list: number[]) => sql.join(list.map((id) => sql`${id}::int`), sql`, `);
const loc = (v: unknown): LocalizedText => (v && typeof v === 'object' ? (v as LocalizedText) : {});
const joinTexts = (values: unknown[], lang: Locale) =>
  values
    .map((v) => loc(v)[lang] ?? '')
    .filter((s) => s.trim() !== '')
    .join(' · ');

async function details(db: Executor, page: { kind: SearchKind; id: number; rank: number }[], tsq: SQL | null, options: { now: Date; locale: Locale }): Promise<SearchHit[]> {
  const byKey = new Map<string, Detail>();
  const month = monthOf(options.now);
  const cIds = ids(page, 'commitment');
  if (cIds.length > 0) {
    for (const r of await rows(
      db,
      sql`select c.id, c.number, c.title, c.theme, c.brief_description, c.problem, c.objective, c.description, c.how_it_solves, c.results_description, c.completion,
            p.id as plan_id, p.title as plan_title, mb.code, mb.name as member_name,
            (select count(*) from milestones dm where dm.commitment_id = c.id and ${delayedSql('dm', month)})::int as delayed,
            exists (select 1 from milestones dm where dm.commitment_id = c.id and ${contestedSql('dm')}) as contested
          from commitments c join action_plans p on p.id = c.plan_id join members mb on mb.id = p.member_id where c.id in (${idList(cIds)}) order by c.id`,
    )) {
      const bodyFields = [r.brief_description, r.description, r.problem, r.objective, r.how_it_solves, r.results_description, r.theme];
      byKey.set(`commitment:${r.id}`, {
        href: `/commitments/${r.id}`,
        title: loc(r.title),
        body: { es: joinTexts(bodyFields, 'es'), en: joinTexts(bodyFields, 'en') },
        member: { code: String(r.code), name: loc(r.member_name) },
        plan: { id: Number(r.plan_id), title: loc(r.plan_title) },
        commitment: null,
        status: (r.completion as CompletionLevel | null) ?? null,
        plannedEnd: null,
        contested: r.contested === true,
        delayedMilestones: Number(r.delayed),
      });
    }
  }
  const mIds = ids(page, 'milestone');
  if (mIds.length > 0) {
    for (const r of await rows(
      db,
      sql`select m.id, m.number, m.title, m.narrative, m.status, m.planned_end, c.id as commitment_id, c.number as commitment_number, c.title as commitment_title,
            p.id as plan_id, p.title as plan_title, mb.code, mb.name as member_name, ${contestedSql('m')} as contested
          from milestones m join commitments c on c.id = m.commitment_id join action_plans p on p.id = c.plan_id join members mb on mb.id = p.member_id
          where m.id in (${idList(mIds)}) order by m.id`,
    )) {
      byKey.set(`milestone:${r.id}`, {
        href: `/commitments/${r.commitment_id}#milestone-${r.number}`,
        title: loc(r.title),
        body: loc(r.narrative),
        member: { code: String(r.code), name: loc(r.member_name) },
        plan: { id: Number(r.plan_id), title: loc(r.plan_title) },
        commitment: { id: Number(r.commitment_id), number: String(r.commitment_number), title: loc(r.commitment_title) },
        status: (r.status as CompletionLevel | null) ?? null,
        plannedEnd: (r.planned_end as string | null) ?? null,
        contested: r.contested === true,
        delayedMilestones: 0,
      });
    }
  }
  const pIds = ids(page, 'plan');
  if (pIds.length > 0) {
    for (const r of await rows(
      db,
      sql`select p.id, p.title, p.description, mb.code, mb.name as member_name from action_plans p join members mb on mb.id = p.member_id where p.id in (${idList(pIds)}) order by p.id`,
    )) {
      byKey.set(`plan:${r.id}`, {
        href: `/plans/${r.id}`,
        title: loc(r.title),
        body: loc(r.description),
        member: { code: String(r.code), name: loc(r.member_name) },
        plan: null,
        commitment: null,
        status: null,
        plannedEnd: null,
        contested: false,
        delayedMilestones: 0,
      });
    }
  }
  const iIds = ids(page, 'institution');
  if (iIds.length > 0) {
    for (const r of await rows(
      db,
      sql`select i.id, i.name, i.abbreviation, mb.code, mb.name as member_name from institutions i join members mb on mb.id = i.member_id where i.id in (${idList(iIds)}) order by i.id`,
    )) {
      byKey.set(`institution:${r.id}`, {
        href: `/institutions/${r.id}`,
        title: loc(r.name),
        body: r.abbreviation ? { es: String(r.abbreviation), en: String(r.abbreviation) } : {},
        member: { code: String(r.code), name: loc(r.member_name) },
        plan: null,
        commitment: null,
        status: null,
        plannedEnd: null,
        contested: false,
        delayedMilestones: 0,
      });
    }
  }

  // Titles and snippets in the reader's language (else the other), highlighted by PostgreSQL itself.
  const present = page.filter((p) => byKey.has(`${p.kind}:${p.id}`));
  const texts: { text: string; lang: Locale }[] = [];
  for (const p of present) {
    const d = byKey.get(`${p.kind}:${p.id}`)!;
    const title = resolveText(d.title, options.locale);
    const body = resolveText(d.body, options.locale);
    texts.push({ text: title?.text ?? '', lang: title?.lang ?? options.locale });
    texts.push({ text: (body?.text ?? '').slice(0, 20_000), lang: body?.lang ?? options.locale });
  }
  const marked = await highlightAll(db, texts, tsq);
  return present.map((p, i) => {
    const d = byKey.get(`${p.kind}:${p.id}`)!;
    const title = marked[i * 2]!;
    const body = marked[i * 2 + 1]!;
    return {
      kind: p.kind,
      id: p.id,
      rank: p.rank,
      href: d.href,
      title: title.segments,
      titleLang: title.lang,
      snippet: snippet(body.segments),
      snippetLang: body.lang,
      member: d.member,
      plan: d.plan,
      commitment: d.commitment,
      status: d.status,
      delayed: p.kind === 'milestone' ? isDelayed({ plannedEnd: d.plannedEnd, status: d.status }, options.now) : d.delayedMilestones > 0,
      contested: d.contested,
    };
  });
}

const START = '\u0002';
const STOP = '\u0003';

/** Marks every match of the query in each text: `ts_headline` over the folded text, mapped back onto the original. */
async function highlightAll(db: Executor, texts: { text: string; lang: Locale }[], tsq: SQL | null): Promise<{ segments: Segment[]; lang: Locale }[]> {
  if (tsq === null || texts.length === 0) return texts.map((t) => ({ segments: t.text ? [{ text: t.text, mark: false }] : [], lang: t.lang }));
  const values = sql.join(
    texts.map((t, i) => sql`(${i}::int, ${t.lang === 'es' ? 'spanish' : 'english'}::regconfig, ${t.text}::text)`),
    sql`, `,
  );
  const out = await rows(
    db,
    sql`with q as (select ${tsq} as q) select v.i, ts_headline(v.cfg, abierto_fold(v.txt), q.q, ${`HighlightAll=true, StartSel=${START}, StopSel=${STOP}`}) as h
        from (values ${values}) as v(i, cfg, txt), q order by v.i`,
  );
  const byIndex = new Map(out.map((r) => [Number(r.i), String(r.h ?? '')]));
  return texts.map((t, i) => ({ segments: highlight(t.text, byIndex.get(i) ?? '', START, STOP), lang: t.lang }));
}
