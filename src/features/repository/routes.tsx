import { Hono } from 'hono';
import type { AppDeps } from '../../app.js';
import { DOWNLOAD_HEADERS, downloadName, readStoredFile } from '../../lib/files.js';
import { pageContext, parseId } from '../../ui/page.js';
import { documentVersionsOf, evidenceSubjects, getRepositoryItem, listRepository, memberOfPlan, planOptions, repositoryLastUpdated, versionCounts } from './queries.js';
import { isAdmin } from '../accounts/policy.js';
import { canManageDocuments } from '../monitoring/policy.js';
import { repositoryFilterSchema, type RepositoryFilter } from './schemas.js';
import { RepositoryItemPage, RepositoryPage, type FilterValues } from './views.js';

/** A file name for Content-Disposition: no quotes, slashes or control characters. */
export function dispositionName(name: string): string {
  const cleaned = name.replace(/[\u0000-\u001f\u007f"\\/]+/g, '_').slice(0, 150) || 'document';
  const ascii = cleaned.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(cleaned)}`;
}

/** The public document repository (OGP minimum requirement 2.2): list with filters, one page per document, its file. */
export function repositoryRoutes(deps: AppDeps) {
  const app = new Hono();

  app.get('/', async (c) => {
    // Each filter read by name: the page cache keys the page on these and nothing else.
    const q = { plan: c.req.query('plan'), type: c.req.query('type'), from: c.req.query('from'), to: c.req.query('to') };
    const values: FilterValues = {
      plan: typeof q.plan === 'string' ? q.plan.slice(0, 20) : '',
      type: typeof q.type === 'string' ? q.type.slice(0, 40) : '',
      from: typeof q.from === 'string' ? q.from.slice(0, 20) : '',
      to: typeof q.to === 'string' ? q.to.slice(0, 20) : '',
    };
    const raw = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
    const parsed = repositoryFilterSchema.safeParse(raw);
    const filter: RepositoryFilter = parsed.success ? parsed.data : {};
    const [items, plans, lastUpdated] = [await listRepository(deps.db, filter), await planOptions(deps.db), await repositoryLastUpdated(deps.db)];
    const [versions, supports] = [await versionCounts(deps.db, items.map((i) => i.id)), await evidenceSubjects(deps.db, items)];
    // Signed-in people who may publish get the link; anonymous visitors get the cached page without it.
    const user = c.get('user') ?? null;
    const canPublish = !!user && (isAdmin(user) || user.grants.some((g) => g.role === 'secretariat'));
    return c.html(
      <RepositoryPage page={pageContext(c)} items={items} plans={plans} values={parsed.success ? values : { plan: '', type: '', from: '', to: '' }} invalid={!parsed.success} lastUpdated={lastUpdated} now={deps.now()} canPublish={canPublish} versions={versions} supports={supports} />,
      parsed.success ? 200 : 422,
    );
  });

  app.get('/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const item = id === null ? null : await getRepositoryItem(deps.db, id);
    if (!item) return c.notFound();
    const page = pageContext(c);
    const [versions, supports] = [await documentVersionsOf(deps.db, item.id), (await evidenceSubjects(deps.db, [item])).get(item.id) ?? null];
    const user = c.get('user') ?? null;
    let canManage = false;
    if (user && item.subjectType === 'upload') {
      const memberId = item.planId === null ? -1 : ((await memberOfPlan(deps.db, item.planId)) ?? -1);
      canManage = canManageDocuments(user, { memberId });
    }
    const done = c.req.query('done');
    const doneText = done === 'published' || done === 'corrected' || done === 'withdrawn' ? page.t.repository.manage.done[done] : undefined;
    return c.html(<RepositoryItemPage page={page} item={item} versions={versions} supports={supports} canManage={canManage} done={doneText} />);
  });

  app.get('/:id/versions/:n/file', async (c) => {
    const id = parseId(c.req.param('id'));
    const n = parseId(c.req.param('n'));
    const item = id === null ? null : await getRepositoryItem(deps.db, id);
    if (!item || n === null) return c.notFound();
    const version = (await documentVersionsOf(deps.db, item.id)).find((v) => v.number === n);
    if (!version) return c.notFound();
    if (!version.fileSha256) return version.url ? c.redirect(version.url, 302) : c.notFound();
    const file = await readStoredFile(deps.db, version.fileSha256);
    if (!file) return c.notFound();
    return new Response(file.bytes as Uint8Array<ArrayBuffer>, {
      headers: {
        'content-type': file.mediaType,
        'content-length': String(file.size),
        'content-disposition': dispositionName(downloadName(version.fileName ?? `document-${item.id}-v${n}`, file.mediaType)),
        ...DOWNLOAD_HEADERS,
        etag: `"${file.sha256}"`,
        'cache-control': 'public, max-age=300',
      },
    });
  });

  app.get('/:id/file', async (c) => {
    const id = parseId(c.req.param('id'));
    const item = id === null ? null : await getRepositoryItem(deps.db, id);
    if (!item) return c.notFound();
    if (!item.fileSha256) return item.url ? c.redirect(item.url, 302) : c.notFound();
    const file = await readStoredFile(deps.db, item.fileSha256);
    if (!file) return c.notFound();
    return new Response(file.bytes as Uint8Array<ArrayBuffer>, {
      headers: {
        'content-type': file.mediaType,
        'content-length': String(file.size),
        'content-disposition': dispositionName(downloadName(item.fileName ?? `document-${item.id}`, file.mediaType)),
        ...DOWNLOAD_HEADERS,
        // Content-addressed: the same id always gives the same bytes.
        etag: `"${file.sha256}"`,
        'cache-control': 'public, max-age=300',
      },
    });
  });

  return app;
}
