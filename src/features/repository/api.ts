import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../../app.js';
import { DOCUMENT_TYPES } from '../../db/schema/documents.js';
import { localizedTextOut } from '../commitments/schemas.js';
import { apiRouter, idParams, invalid, json, langParam, langQuery, missing, notFound } from '../api/common.js';
import { isoDate } from '../reports/schemas.js';
import { countRepository, documentVersionsOf, getRepositoryItem, listRepository, versionCounts, type DocumentVersion, type RepositoryItem } from './queries.js';
import { fileHref, itemHref, versionFileHref } from './views.js';

export const MAX_API_PAGE = 200;
export const DEFAULT_API_PAGE = 50;

const isoDateTime = z.string().openapi({ format: 'date-time', example: '2018-07-02T12:00:00.000Z' });
const day = z.string().openapi({ format: 'date', example: '2018-06-30' });

/** One published document of the repository, as the API gives it. */
export const repositoryDocumentOut = z
  .object({
    id: z.number().int(),
    planId: z.number().int().nullable(),
    type: z.enum(DOCUMENT_TYPES),
    title: localizedTextOut,
    description: localizedTextOut,
    documentDate: day.openapi({ description: 'The date the document is of (a meeting, a cut-off date).' }),
    fileName: z.string().nullable(),
    mediaType: z.string().nullable().openapi({ description: 'Of the stored file; null for a link elsewhere.' }),
    size: z.number().int().nullable().openapi({ description: 'Bytes of the stored file; null for a link elsewhere.' }),
    download: z.string().openapi({ description: 'The stored file (`/repository/{id}/file`) or the link elsewhere (http/https).' }),
    page: z.string().openapi({ description: 'The public page of the document.' }),
    subject: z
      .object({ type: z.string(), id: z.number().int() })
      .nullable()
      .openapi({ description: 'What it belongs to, e.g. `follow_up_report` 2 or `self_assessment.mid_term` (plan id).' }),
    publishedAt: isoDateTime,
    updatedAt: isoDateTime,
    version: z.number().int().openapi({ description: 'The newest version (1 until corrected; each correction adds one, decision 056).' }),
    versions: z
      .array(
        z
          .object({
            number: z.number().int(),
            download: z.string().openapi({ description: 'This version\'s stored file (`/repository/{id}/versions/{n}/file`) or its link elsewhere.' }),
            reason: z.string().openapi({ description: 'Why this version (empty for the first publication).' }),
            by: z.string().nullable().openapi({ description: 'Who published it.' }),
            createdAt: isoDateTime,
          })
          .openapi('RepositoryDocumentVersion'),
      )
      .optional()
      .openapi({ description: 'Every version, newest first (in the one-document answer only).' }),
    withdrawn: z
      .object({ at: isoDateTime, reason: z.string() })
      .nullable()
      .openapi({ description: 'Withdrawn documents stay listed, with the date and the public reason; null while it stands.' }),
    filedBy: z.string().nullable().openapi({ description: 'Who filed (evidence) or published (uploads) it; null when the platform wrote it.' }),
  })
  .openapi('RepositoryDocument');
export type RepositoryDocumentOut = z.infer<typeof repositoryDocumentOut>;

export const repositoryPageOut = z
  .object({
    total: z.number().int().openapi({ description: 'How many documents match the filters.' }),
    limit: z.number().int(),
    offset: z.number().int(),
    items: z.array(repositoryDocumentOut),
  })
  .openapi('RepositoryPage');

/** The presenter: every field of a repository item that leaves the server. */
export function presentDocument(item: RepositoryItem, version = 1, versions?: DocumentVersion[]): RepositoryDocumentOut {
  return {
    id: item.id,
    planId: item.planId,
    type: item.type,
    title: item.title,
    description: item.description,
    documentDate: item.documentDate,
    fileName: item.fileName,
    mediaType: item.mediaType,
    size: item.size,
    download: item.fileSha256 ? fileHref(item.id) : (item.url ?? fileHref(item.id)),
    page: itemHref(item.id),
    subject: item.subjectType && item.subjectId !== null ? { type: item.subjectType, id: item.subjectId } : null,
    publishedAt: new Date(item.publishedAt ?? item.updatedAt).toISOString(),
    updatedAt: new Date(item.updatedAt).toISOString(),
    version,
    ...(versions
      ? {
          versions: versions.map((v) => ({
            number: v.number,
            download: v.fileSha256 ? versionFileHref(item.id, v.number) : (v.url ?? versionFileHref(item.id, v.number)),
            reason: v.reason,
            by: v.by,
            createdAt: new Date(v.createdAt).toISOString(),
          })),
        }
      : {}),
    withdrawn: item.withdrawnAt ? { at: new Date(item.withdrawnAt).toISOString(), reason: item.withdrawalReason ?? '' } : null,
    filedBy: item.filedBy,
  };
}

const wholeNumber = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,10}$/, { message: `${name} must be a whole number` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { message: `${name} must be from ${min} to ${max}` });

const repositoryQuery = z.object({
  plan: z
    .string()
    .regex(/^[1-9]\d{0,9}$/, { message: 'plan must be a plan id' })
    .transform(Number)
    .refine((n) => n <= 2_147_483_647, { message: 'plan is too large' })
    .optional()
    .openapi({ param: { name: 'plan', in: 'query' }, type: 'integer', description: 'Only documents of this action plan.' }),
  type: z.enum(DOCUMENT_TYPES).optional().openapi({ param: { name: 'type', in: 'query' }, description: 'Only documents of this type.' }),
  from: isoDate.optional().openapi({ param: { name: 'from', in: 'query' }, format: 'date', description: 'Documents dated on or after (YYYY-MM-DD).' }),
  to: isoDate.optional().openapi({ param: { name: 'to', in: 'query' }, format: 'date', description: 'Documents dated on or before (YYYY-MM-DD).' }),
  limit: wholeNumber('limit', 1, MAX_API_PAGE)
    .optional()
    .openapi({ param: { name: 'limit', in: 'query' }, type: 'integer', description: `Page size, 1–${MAX_API_PAGE} (default ${DEFAULT_API_PAGE}).` }),
  offset: wholeNumber('offset', 0, 2_147_483_647)
    .optional()
    .openapi({ param: { name: 'offset', in: 'query' }, type: 'integer', description: 'How many documents to skip (default 0).' }),
  lang: langParam,
});

const listRoute = createRoute({
  method: 'get',
  path: '/repository',
  summary: 'Published documents of the repository (OGP minimum requirement 2.2), newest first, filtered and paged',
  request: { query: repositoryQuery },
  responses: { 200: json(repositoryPageOut, 'A page of documents'), 400: invalid },
});

const getRoute = createRoute({
  method: 'get',
  path: '/repository/{id}',
  summary: 'One published document',
  request: { params: idParams, query: langQuery },
  responses: { 200: json(repositoryDocumentOut, 'The document'), 400: invalid, 404: notFound },
});

/** `/api/v1/repository`: the public document repository (only published documents). */
export function repositoryApi(deps: AppDeps) {
  const api = apiRouter();

  api.openapi(listRoute, async (c) => {
    const q = c.req.valid('query');
    const filter = { plan: q.plan, type: q.type, from: q.from, to: q.to };
    const limit = q.limit ?? DEFAULT_API_PAGE;
    const offset = q.offset ?? 0;
    const [total, items] = [await countRepository(deps.db, filter), await listRepository(deps.db, filter, limit, offset)];
    const versions = await versionCounts(deps.db, items.map((i) => i.id));
    return c.json({ total, limit, offset, items: items.map((i) => presentDocument(i, versions.get(i.id) ?? 1)) }, 200);
  });

  api.openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    const item = await getRepositoryItem(deps.db, id);
    if (!item) return c.json(missing(c), 404);
    const versions = await documentVersionsOf(deps.db, item.id);
    return c.json(presentDocument(item, versions[0]?.number ?? 1, versions), 200);
  });

  return api;
}
