import { Hono } from 'hono';
import type { AppDeps } from '../../app.js';
import { DOWNLOAD_HEADERS, downloadName, readStoredFile } from '../../lib/files.js';
import { pageContext, parseId } from '../../ui/page.js';
import { getRepositoryItem, listRepository, planOptions, repositoryLastUpdated } from './queries.js';
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
    return c.html(
      <RepositoryPage page={pageContext(c)} items={items} plans={plans} values={parsed.success ? values : { plan: '', type: '', from: '', to: '' }} invalid={!parsed.success} lastUpdated={lastUpdated} now={deps.now()} />,
      parsed.success ? 200 : 422,
    );
  });

  app.get('/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const item = id === null ? null : await getRepositoryItem(deps.db, id);
    if (!item) return c.notFound();
    return c.html(<RepositoryItemPage page={pageContext(c)} item={item} />);
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
