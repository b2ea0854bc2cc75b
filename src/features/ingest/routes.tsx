import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { eq } from 'drizzle-orm';
import type { AppDeps } from '../../app.js';
import { actionPlans } from '../../db/schema/index.js';
import { FileRejectedError, readStoredFile, storeFile } from '../../lib/files.js';
import { pageContext, parseId } from '../../ui/page.js';
import { requirePermission } from '../accounts/middleware.js';
import { hasRole } from '../accounts/policy.js';
import { MAX_IMPORT_BYTES } from './decode.js';
import { detectFormat, importErrorMessage, importTemplateDocument, previewTemplateDocument, TEMPLATE_FORMATS } from './documents.js';
import { confirmForm, uploadForm } from './schemas.js';
import { PreviewPage, UploadPage } from './views.js';

async function planOf(deps: AppDeps, c: Context) {
  const id = parseId(c.req.param('id'));
  const plan = id === null ? undefined : (await deps.db.select().from(actionPlans).where(eq(actionPlans.id, id)).limit(1))[0];
  if (!plan) throw new HTTPException(404);
  return plan;
}

/** Text formats are stored as plain text (the file store keeps no HTML). */
function storedName(fileName: string, format: string): string {
  return format === 'pdf' || format === 'docx' ? fileName : `${fileName}.txt`;
}

/**
 * The secretariat's upload of a self-assessment: a form, then a preview of everything read
 * (nothing stored but the file itself), then a confirmation that imports it in one transaction.
 */
export function ingestRoutes(deps: AppDeps) {
  const app = new Hono();

  app.get('/plans/:id/import', async (c) => {
    const plan = await planOf(deps, c);
    requirePermission(c, (u) => hasRole(u, 'secretariat', plan.memberId));
    return c.html(<UploadPage page={pageContext(c)} plan={plan} />);
  });

  app.post('/plans/:id/import', async (c) => {
    const plan = await planOf(deps, c);
    const body = await c.req.parseBody();
    const form = uploadForm.safeParse({ language: typeof body.language === 'string' ? body.language : '' });
    const user = requirePermission(c, (u) => hasRole(u, 'secretariat', plan.memberId));
    const page = pageContext(c);
    const u = page.t.ingest.upload;
    const language = form.success ? form.data.language : '';
    const again = (message: string) => c.html(<UploadPage page={page} plan={plan} errors={{ file: message }} language={language} />, 422);
    const file = body.file;
    if (!(file instanceof File) || file.size === 0 || file.name === '') return again(u.fileRequired);
    if (file.size > MAX_IMPORT_BYTES) return again(page.t.parseErrors.too_large({ limit: MAX_IMPORT_BYTES }));
    const bytes = new Uint8Array(await file.arrayBuffer());
    const fileName = file.name.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200);
    const format = detectFormat(fileName, bytes);
    if (!(TEMPLATE_FORMATS as readonly string[]).includes(format)) return again(page.t.ingest.unsupportedFormat({ format }));
    try {
      const preview = await previewTemplateDocument(deps.db, {
        fileName,
        bytes,
        planId: plan.id,
        actor: `user:${user.id}`,
        now: deps.now(),
        ...(language ? { language } : {}),
      });
      // The upload is kept (by its SHA-256) so that the confirmation imports exactly these bytes.
      const stored = await deps.db.transaction((tx) => storeFile(tx, bytes, storedName(fileName, format), { maxBytes: MAX_IMPORT_BYTES }));
      return c.html(<PreviewPage page={page} plan={plan} parsed={preview.parsed} outcome={preview.outcome} sha256={stored.sha256} fileName={fileName} language={language} />);
    } catch (error) {
      if (error instanceof FileRejectedError) return again(page.t.ingest.unsupportedFormat({ format }));
      const message = importErrorMessage(error, page.t);
      if (message === null) throw error;
      return again(message);
    }
  });

  app.post('/plans/:id/import/confirm', async (c) => {
    const plan = await planOf(deps, c);
    const body = await c.req.parseBody();
    const form = confirmForm.safeParse({ sha256: body.sha256, fileName: body.fileName, language: body.language ?? '', ...(typeof body.fingerprint === 'string' && body.fingerprint !== '' ? { fingerprint: body.fingerprint } : {}) });
    const user = requirePermission(c, (u) => hasRole(u, 'secretariat', plan.memberId));
    const page = pageContext(c);
    const again = (message: string) => c.html(<UploadPage page={page} plan={plan} errors={{ file: message }} />, 422);
    if (!form.success) return again(page.t.ingest.upload.uploadExpired);
    const stored = await readStoredFile(deps.db, form.data.sha256);
    if (!stored) return again(page.t.ingest.upload.uploadExpired);
    try {
      await importTemplateDocument(deps.db, {
        fileName: form.data.fileName,
        bytes: new Uint8Array(stored.bytes),
        planId: plan.id,
        actor: `user:${user.id}`,
        dryRun: false,
        now: deps.now(),
        ...(form.data.language ? { language: form.data.language } : {}),
        ...(form.data.fingerprint ? { expectFingerprint: form.data.fingerprint } : {}),
      });
    } catch (error) {
      const message = importErrorMessage(error, page.t);
      if (message === null) throw error;
      return again(message);
    }
    deps.cache.invalidate();
    return c.redirect(`/plans/${plan.id}`, 303);
  });

  return app;
}
