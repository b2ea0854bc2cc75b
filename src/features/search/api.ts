import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../../app.js';
import { completionLevelSchema } from '../../lib/levels.js';
import { localizedTextOut } from '../commitments/schemas.js';
import { apiRouter, invalid, json, langParam } from '../api/common.js';
import { markedHtml, plainText } from './highlight.js';
import { search, type SearchHit } from './queries.js';
import { MAX_SEARCH_PAGE, SEARCH_KINDS, SEARCH_PAGE, searchParamsSchema } from './schemas.js';
import { filterOf } from './routes.js';

export const searchHitOut = z
  .object({
    kind: z.enum(SEARCH_KINDS),
    id: z.number().int(),
    rank: z.number().openapi({ description: 'ts_rank of the match (0 when searching by filters only); results are ordered by it.' }),
    page: z.string().openapi({ description: 'The public page of the item.' }),
    title: z.string(),
    titleHtml: z.string().openapi({ description: 'The title, HTML-escaped, the matched words in `<mark>`.' }),
    snippet: z.string().openapi({ description: 'An excerpt around the first match (plain text).' }),
    snippetHtml: z.string().openapi({ description: 'The excerpt, HTML-escaped, the matched words in `<mark>`.' }),
    lang: z.enum(['es', 'en']).openapi({ description: 'The language the title and snippet are in (the requested one when it exists).' }),
    member: z.object({ code: z.string(), name: localizedTextOut }).nullable(),
    plan: z.object({ id: z.number().int(), title: localizedTextOut }).nullable(),
    commitment: z.object({ id: z.number().int(), number: z.string(), title: localizedTextOut }).nullable().openapi({ description: 'For a milestone: its commitment.' }),
    status: completionLevelSchema.nullable().openapi({ description: "A commitment's self-reported completion or a milestone's status; null when not reported or not applicable." }),
    delayed: z.boolean().openapi({ description: 'Milestone: delayed; commitment: has a delayed milestone.' }),
    contested: z.boolean().openapi({ description: 'Milestone: its status is contested; commitment: has a contested milestone.' }),
  })
  .openapi('SearchHit');

export const searchPageOut = z
  .object({
    total: z.number().int().openapi({ description: 'How many results match; with `capped`, at least this many.' }),
    capped: z.boolean().openapi({ description: 'More than 2,000 matches of some kind: only the first 2,000 of it (by id) were ranked. Add words or filters.' }),
    limit: z.number().int(),
    offset: z.number().int(),
    items: z.array(searchHitOut),
  })
  .openapi('SearchResults');

export function presentHit(h: SearchHit): z.infer<typeof searchHitOut> {
  return {
    kind: h.kind,
    id: h.id,
    rank: h.rank,
    page: h.href,
    title: plainText(h.title),
    titleHtml: markedHtml(h.title),
    snippet: plainText(h.snippet),
    snippetHtml: markedHtml(h.snippet),
    lang: h.titleLang,
    member: h.member,
    plan: h.plan,
    commitment: h.commitment,
    status: h.status,
    delayed: h.delayed,
    contested: h.contested,
  };
}

const searchQuery = searchParamsSchema.omit({ page: true }).extend({ lang: langParam });

const searchRoute = createRoute({
  method: 'get',
  path: '/search',
  summary: 'Full-text search of commitments, milestones, institutions and plans (es and en; accents and case ignored), ranked, with highlighted snippets',
  description: `\`q\` takes words, "phrases", \`or\` and \`-word\`. Filters: member (code), plan, institution (lead), theme (contains), value (OGP value), area (policy-area slug, a group includes its areas), status (\`not_reported\` too), delayed=1, contested=1, kind. Filters that cannot apply to a kind leave that kind out. Page with limit (1–${MAX_SEARCH_PAGE}, default ${SEARCH_PAGE}) and offset (≤ 10000).`,
  request: { query: searchQuery },
  responses: { 200: json(searchPageOut, 'A page of results, best first'), 400: invalid },
});

/** `GET /api/v1/search`: the search page's results as JSON. */
export function searchApi(deps: AppDeps) {
  const api = apiRouter();
  api.openapi(searchRoute, async (c) => {
    const q = c.req.valid('query');
    const { lang, ...params } = q;
    const limit = params.limit ?? SEARCH_PAGE;
    const offset = params.offset ?? 0;
    const result = await search(deps.db, filterOf(params), { limit, offset, now: deps.now(), locale: lang ?? c.get('locale') });
    return c.json({ total: result.total, capped: result.capped, limit, offset, items: result.hits.map(presentHit) }, 200);
  });
  return api;
}
