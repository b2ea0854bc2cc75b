import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { FileRejectedError, readStoredFile, storeFile } from '../../lib/files.js';
import { CsrfField, ErrorSummary, Input } from '../../ui/forms.js';
import { Layout, type PageContext } from '../../ui/layout.js';
import { pageContext } from '../../ui/page.js';
import { requirePermission } from '../accounts/middleware.js';
import { isAdmin } from '../accounts/policy.js';
import { describeOgpWarning, ogpErrorLines } from './cli.js';
import { importOgpData, type OgpImportOutcome } from './commands.js';
import { readDataTable } from './read.js';

/** The largest OGP data file taken on the web (the request body limit is 26 MB). */
export const MAX_WEB_DATA_BYTES = 25 * 1024 * 1024;
const LISTED = 200;

const confirmForm = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  fileName: z.string().min(1).max(200),
  format: z.enum(['csv', 'xlsx']),
});

function formatOf(fileName: string, bytes: Uint8Array): 'csv' | 'xlsx' | null {
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (/\.xlsx$/i.test(fileName)) return zip ? 'xlsx' : null;
  if (/\.csv$/i.test(fileName)) return zip ? null : 'csv';
  return null;
}

function UploadPage(props: { page: PageContext; error?: string | null; lines?: string[] }) {
  const { t } = props.page;
  const w = t.ogp.web;
  return (
    <Layout page={props.page} title={w.title} crumbs={[{ label: t.accounts.nav.myWork, href: '/work' }, { label: w.title }]}>
      <h1>{w.title}</h1>
      <p>{w.intro}</p>
      <ErrorSummary errors={props.error ? { file: props.error } : {}} heading={t.authoring.errors.heading} />
      {props.lines && props.lines.length > 1 ? (
        <ul>
          {props.lines.slice(1).map((l) => (
            <li>{l}</li>
          ))}
        </ul>
      ) : null}
      <form method="post" action="/import/ogp" enctype="multipart/form-data">
        <CsrfField page={props.page} />
        <Input name="file" type="file" label={w.file} accept=".csv,.xlsx" required error={props.error ?? undefined} />
        <button type="submit">{w.check}</button>
      </form>
    </Layout>
  );
}

function PreviewPage(props: { page: PageContext; outcome: OgpImportOutcome; sha256: string; fileName: string; format: string; done?: boolean }) {
  const { t } = props.page;
  const w = t.ogp.web;
  const o = props.outcome;
  const title = props.done ? w.done('') : w.previewTitle;
  return (
    <Layout page={props.page} title={title} crumbs={[{ label: t.accounts.nav.myWork, href: '/work' }, { label: w.title, href: '/import/ogp' }, { label: title }]}>
      <h1>{title}</h1>
      <p role="status">{t.ogp.summary(o.counts)}</p>
      {o.warnings.length > 0 ? (
        <section aria-labelledby="warnings">
          <h2 id="warnings">{w.warningsHeading}</h2>
          <ul>
            {o.warnings.slice(0, LISTED).map((x) => (
              <li>{describeOgpWarning(x, t).message}</li>
            ))}
            {o.warnings.length > LISTED ? <li>{w.more(o.warnings.length - LISTED)}</li> : null}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="commitments">
        <h2 id="commitments">{w.commitmentsHeading}</h2>
        <ul>
          {o.commitments.slice(0, LISTED).map((c) => (
            <li>
              {c.ogpId} · {c.memberCode} {c.planNumber} · {c.number} — {c.title.replace(/\s+/g, ' ').slice(0, 120)} [{c.action === 'created' ? t.ingest.upload.action.created : t.ingest.upload.action.updated}]
            </li>
          ))}
          {o.commitments.length > LISTED ? <li>{w.more(o.commitments.length - LISTED)}</li> : null}
        </ul>
      </section>
      {props.done ? null : (
        <form method="post" action="/import/ogp/confirm">
          <CsrfField page={props.page} />
          <input type="hidden" name="sha256" value={props.sha256} />
          <input type="hidden" name="fileName" value={props.fileName} />
          <input type="hidden" name="format" value={props.format} />
          <button type="submit">{w.confirm}</button>
        </form>
      )}
    </Layout>
  );
}

/**
 * OGP's commitment data imported on the web (decision 051): upload → a dry run shows everything
 * that would be stored → confirm imports exactly the stored bytes. Administrators only: the data
 * spans every member.
 */
export function ogpImportRoutes(deps: AppDeps) {
  const app = new Hono();
  const allowed = (c: Context) => requirePermission(c, isAdmin);

  app.get('/import/ogp', (c) => {
    allowed(c);
    return c.html(<UploadPage page={pageContext(c)} />);
  });

  app.post('/import/ogp', async (c) => {
    const user = allowed(c);
    const page = pageContext(c);
    const w = page.t.ogp.web;
    const body = await c.req.parseBody();
    const file = body.file;
    const again = (error: string, lines?: string[]) => c.html(<UploadPage page={page} error={error} lines={lines} />, 422);
    if (!(file instanceof File) || file.size === 0 || file.name === '') return again(w.fileRequired);
    if (file.size > MAX_WEB_DATA_BYTES) return again(w.tooLarge);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const fileName = file.name.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200);
    const format = formatOf(fileName, bytes);
    if (!format) return again(w.format);
    try {
      const table = await readDataTable(bytes, format);
      const outcome = await importOgpData(deps.db, { table, source: { name: fileName, format, content: bytes }, actor: `user:${user.id}`, dryRun: true, now: deps.now() });
      const stored = await deps.db.transaction((tx) => storeFile(tx, bytes, fileName, { maxBytes: MAX_WEB_DATA_BYTES }));
      return c.html(<PreviewPage page={page} outcome={outcome} sha256={stored.sha256} fileName={fileName} format={format} />);
    } catch (error) {
      if (error instanceof FileRejectedError) return again(w.format);
      const lines = ogpErrorLines(error, page.t);
      if (!lines) throw error;
      return again(lines[0]!, lines);
    }
  });

  app.post('/import/ogp/confirm', async (c) => {
    const user = allowed(c);
    const page = pageContext(c);
    const w = page.t.ogp.web;
    const parsed = confirmForm.safeParse(await c.req.parseBody());
    if (!parsed.success) return c.html(<UploadPage page={page} error={w.expired} />, 422);
    const stored = await readStoredFile(deps.db, parsed.data.sha256);
    if (!stored) return c.html(<UploadPage page={page} error={w.expired} />, 422);
    const bytes = new Uint8Array(stored.bytes);
    try {
      const table = await readDataTable(bytes, parsed.data.format);
      const outcome = await importOgpData(deps.db, { table, source: { name: parsed.data.fileName, format: parsed.data.format, content: bytes }, actor: `user:${user.id}`, dryRun: false, now: deps.now() });
      deps.cache.invalidate();
      return c.html(<PreviewPage page={page} outcome={outcome} sha256="" fileName="" format="" done />);
    } catch (error) {
      const lines = ogpErrorLines(error, page.t);
      if (!lines) throw error;
      return c.html(<UploadPage page={page} error={lines[0]!} lines={lines} />, 422);
    }
  });

  return app;
}
