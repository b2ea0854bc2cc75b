import { Hono } from 'hono';
import { asc, eq } from 'drizzle-orm';
import type { AppDeps } from '../../app.js';
import type { Executor } from '../../db/client.js';
import { actionPlans, institutions, members, policyAreas } from '../../db/schema/index.js';
import { pageContext } from '../../ui/page.js';
import { search } from './queries.js';
import { isEmptySearch, SEARCH_PAGE, searchParamsSchema, type SearchFilter, type SearchParams } from './schemas.js';
import { SearchPage, type SearchFormValues, type SearchOptions } from './views.js';

const FIELDS = ['q', 'kind', 'member', 'plan', 'institution', 'theme', 'value', 'area', 'status', 'delayed', 'contested'] as const;

/**
 * Each parameter parsed on its own: a bad one is reported (in `issues`) and left out, the others apply.
 * Returns the values to show in the form again.
 */
export function parseSearchParams(query: Record<string, string>): { params: SearchParams; values: SearchFormValues; issues: { field: string; message: string }[] } {
  const shape = searchParamsSchema.shape;
  const params: Record<string, unknown> = {};
  const issues: { field: string; message: string }[] = [];
  const values = Object.fromEntries(FIELDS.map((f) => [f, ''])) as SearchFormValues;
  for (const key of [...FIELDS, 'page', 'limit', 'offset'] as const) {
    const raw = query[key];
    if (raw === undefined || raw === '') continue;
    const r = shape[key].safeParse(raw);
    if (r.success) {
      params[key] = r.data;
      if ((FIELDS as readonly string[]).includes(key)) values[key as (typeof FIELDS)[number]] = raw.slice(0, 200);
    } else issues.push({ field: key, message: r.error.issues[0]?.message ?? 'invalid' });
  }
  return { params: params as SearchParams, values, issues };
}

export function filterOf(p: SearchParams): SearchFilter {
  const { page: _page, limit: _limit, offset: _offset, ...filter } = p;
  return filter;
}

async function searchOptions(db: Executor, memberCode: string | undefined): Promise<SearchOptions> {
  const [memberRows, areaRows] = await Promise.all([
    db.select({ id: members.id, code: members.code, name: members.name }).from(members).orderBy(asc(members.code), asc(members.id)),
    db.select().from(policyAreas).orderBy(asc(policyAreas.position), asc(policyAreas.slug)),
  ]);
  const member = memberCode ? memberRows.find((m) => m.code.toLowerCase() === memberCode.toLowerCase()) : undefined;
  const [plans, insts] = member
    ? await Promise.all([
        db.select({ id: actionPlans.id, title: actionPlans.title }).from(actionPlans).where(eq(actionPlans.memberId, member.id)).orderBy(asc(actionPlans.number), asc(actionPlans.id)),
        db.select({ id: institutions.id, name: institutions.name }).from(institutions).where(eq(institutions.memberId, member.id)).orderBy(asc(institutions.nameKey), asc(institutions.id)),
      ])
    : [[], []];
  return {
    members: memberRows.map((m) => ({ code: m.code, name: m.name })),
    plans,
    institutions: insts,
    areas: areaRows.map((a) => ({ slug: a.slug, name: a.name, group: a.groupSlug === null })),
  };
}

/** `/search?q=…&…`: a shareable address for every search. */
export function searchRoutes(deps: AppDeps) {
  return new Hono().get('/', async (c) => {
    const page = pageContext(c);
    const { params, values, issues } = parseSearchParams(c.req.query());
    const filter = filterOf(params);
    const pageNumber = params.page ?? 1;
    const options = await searchOptions(deps.db, filter.member);
    const result = isEmptySearch(filter)
      ? null
      : await search(deps.db, filter, { limit: SEARCH_PAGE, offset: (pageNumber - 1) * SEARCH_PAGE, now: deps.now(), locale: page.locale });
    return c.html(
      <SearchPage
        page={page}
        values={values}
        options={options}
        issues={issues.map((i) => i.field)}
        result={result}
        pageNumber={pageNumber}
        pageSize={SEARCH_PAGE}
      />,
      issues.length > 0 ? 422 : 200,
    );
  });
}
