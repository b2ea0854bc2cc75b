import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAs, postForm, postMultipart, signedInUser, type SignedIn } from '../../../tests/support/auth.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { templateDocx, templatePdf } from '../../../tests/support/documents.js';
import { createPlan, NOW } from '../../../tests/support/factories.js';
import { createApp } from '../../app.js';
import { auditLog, commitments, milestones } from '../../db/schema/index.js';

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let plan: { id: number; memberId: number };
let secretariat: SignedIn;
let other: SignedIn;

beforeAll(async () => {
  t = await testDatabase();
  app = createApp({ db: t.db, now: () => NOW });
  plan = await createPlan(t.db, { code: 'UP', number: 1 });
  const elsewhere = await createPlan(t.db, { code: 'ZZ', number: 1 });
  secretariat = await signedInUser(t.db, [{ role: 'secretariat', memberId: plan.memberId }], NOW);
  other = await signedInUser(t.db, [{ role: 'secretariat', memberId: elsewhere.memberId }, { role: 'institution_contact', memberId: plan.memberId }], NOW);
});
afterAll(async () => {
  await t.dispose();
});

async function stored() {
  const [c] = await t.db.select({ n: count() }).from(commitments).where(eq(commitments.planId, plan.id));
  const [a] = await t.db.select({ n: count() }).from(auditLog);
  return { commitments: c!.n, audit: a!.n };
}

function upload(bytes: Uint8Array, name: string, language = '') {
  const form = new FormData();
  form.set('file', new File([Buffer.from(bytes)], name));
  form.set('language', language);
  return form;
}

const confirmFields = (html: string) => ({
  sha256: /name="sha256" value="([0-9a-f]{64})"/.exec(html)?.[1] ?? '',
  fileName: /name="fileName" value="([^"]*)"/.exec(html)?.[1] ?? '',
  language: /name="language" value="([^"]*)"/.exec(html)?.[1] ?? '',
});

describe('secretariat upload of a self-assessment', () => {
  it('is for the secretariat of the plan’s member only', async () => {
    const anon = await getAs(app, `/plans/${plan.id}/import`, null);
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toContain('/login');
    expect((await getAs(app, `/plans/${plan.id}/import`, other)).status).toBe(403);
    const form = await getAs(app, `/plans/${plan.id}/import`, secretariat);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toContain('type="file"');
    const bytes = await templateDocx([{ number: 1, title: 'A' }]);
    expect((await postMultipart(app, `/plans/${plan.id}/import`, upload(bytes, 'a.docx'), other)).status).toBe(403);
    expect((await postMultipart(app, `/plans/${plan.id}/import`, upload(bytes, 'a.docx'), secretariat, { csrf: false })).status).toBe(403);
    expect((await getAs(app, '/plans/999999/import', secretariat)).status).toBe(404);
  });

  it('previews every commitment, field and warning, storing nothing; confirming stores it in one go; a second upload updates', async () => {
    const before = await stored();
    const bytes = await templateDocx([
      { number: 11, title: 'Datos abiertos <script>alert(1)</script>', theme: 'Transparencia', completion: { column: 2 }, milestones: ['1. Diseño (Enero a Marzo 2017)', '2. Publicación (Abril 2017)'] },
      { number: 12, title: 'Lobby', brief: 'b'.repeat(141) },
    ]);
    const preview = await postMultipart(app, `/plans/${plan.id}/import`, upload(bytes, 'informe.docx'), secretariat);
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain('Compromiso n° 11');
    expect(html).toContain('Compromiso n° 12');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('Transparencia');
    expect(html).toContain('Sustancial');
    expect(html).toContain('Diseño');
    expect(html).toContain('141 caracteres');
    expect(html).toContain('Nuevo');
    expect(await stored()).toEqual(before);

    const fields = confirmFields(html);
    expect(fields.fileName).toBe('informe.docx');
    const done = await postForm(app, `/plans/${plan.id}/import/confirm`, fields, secretariat);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/plans/${plan.id}`);
    const after = await stored();
    expect(after.commitments).toBe(before.commitments + 2);
    const [c11] = await t.db.select().from(commitments).where(eq(commitments.number, '11'));
    expect(c11!.completion).toBe('substantial');
    expect(await t.db.select().from(milestones).where(eq(milestones.commitmentId, c11!.id))).toHaveLength(2);

    // The same commitments again, from a PDF with another completion: updated, not duplicated.
    const pdf = await templatePdf([{ number: 11, title: 'Datos abiertos', completion: { column: 3 } }]);
    const again = await postMultipart(app, `/plans/${plan.id}/import`, upload(pdf, 'informe.pdf', 'es'), secretariat, {});
    const againHtml = await again.text();
    expect(againHtml).toContain('Se actualizará');
    expect((await postForm(app, `/plans/${plan.id}/import/confirm`, confirmFields(againHtml), secretariat)).status).toBe(303);
    expect((await stored()).commitments).toBe(after.commitments);
    const [updated] = await t.db.select().from(commitments).where(eq(commitments.id, c11!.id));
    expect(updated!.completion).toBe('complete');
    const history = await t.db.select().from(auditLog).where(eq(auditLog.entityId, String(c11!.id)));
    expect(history.some((h) => h.action === 'commitment.reimport' && JSON.stringify(h.details.before).includes('substantial'))).toBe(true);
  });

  it('answers broken, hostile and missing input with the form again (422), in the user language, storing nothing', async () => {
    const before = await stored();
    const cases: [FormData, RegExp][] = [
      [new FormData(), /Elija un documento/],
      [upload(new TextEncoder().encode('%PDF-1.7\n1 0 obj <<'), 'roto.pdf'), /PDF está dañado o incompleto/],
      [upload(new Uint8Array([0x50, 0x4b, 3, 4, 9, 9, 9]), 'roto.docx'), /documento Word \(\.docx\) está dañado/],
      [upload(new TextEncoder().encode('hola'), 'hoja.xlsx'), /formato «xlsx» no se puede importar/],
      [upload(new TextEncoder().encode("'; DROP TABLE commitments; --"), 'carta.txt'), /no tiene la forma de la plantilla/],
      [upload(new Uint8Array(21 * 1024 * 1024).fill(0x61), 'enorme.txt'), /demasiado grande/],
    ];
    for (const [form, message] of cases) {
      const r = await postMultipart(app, `/plans/${plan.id}/import`, form, secretariat);
      expect(r.status).toBe(422);
      expect(await r.text()).toMatch(message);
    }
    const en = await app.request(`/plans/${plan.id}/import`, {
      method: 'POST',
      headers: { cookie: `${secretariat.cookie}; lang=en` },
      body: (() => {
        const f = upload(new TextEncoder().encode('%PDF-1.7\n'), 'broken.pdf');
        f.set('_csrf', secretariat.csrf);
        return f;
      })(),
    });
    expect(en.status).toBe(422);
    expect(await en.text()).toContain('The PDF is damaged or incomplete');
    const confirm = await postForm(app, `/plans/${plan.id}/import/confirm`, { sha256: 'f'.repeat(64), fileName: 'x.docx', language: '' }, secretariat);
    expect(confirm.status).toBe(422);
    expect(await confirm.text()).toContain('ya no está disponible');
    const badSha = await postForm(app, `/plans/${plan.id}/import/confirm`, { sha256: "1' OR '1'='1", fileName: 'x.docx' }, secretariat);
    expect(badSha.status).toBe(422);
    expect(await stored()).toEqual(before);
  });
});
