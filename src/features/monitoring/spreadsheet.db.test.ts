import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { milestones, progressUpdates } from '../../db/schema/index.js';
import { importParsedCommitments } from '../ingest/commands.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { createPlan, NOW, parsedCommitment, parseResult } from '../../../tests/support/factories.js';
import { getAs, postMultipart, signedInUser, type SignedIn } from '../../../tests/support/auth.js';
import { readStatus } from './spreadsheet.js';

let t: TestDatabase;
let app: App;
let contact: SignedIn;
let ids: number[];
let commitmentId: number;

beforeAll(async () => {
  t = await testDatabase();
  const plan = await createPlan(t.db);
  const outcome = await importParsedCommitments(t.db, { planId: plan.id, parsed: parseResult(parsedCommitment()), source: { name: 'a.txt', format: 'text', content: 'x' }, actor: 'test', dryRun: false, now: NOW });
  const c = outcome.commitments[0]!;
  commitmentId = c.id;
  ids = c.milestones.map((m) => m.id);
  await t.db.update(milestones).set({ title: { es: '=HYPERLINK("http://evil.example","clic")' } }).where(eq(milestones.id, ids[0]!));
  contact = await signedInUser(t.db, [{ role: 'institution_contact', memberId: plan.memberId, institutionId: c.leadInstitution!.id }], NOW);
  app = createApp({ db: t.db, now: () => NOW });
});
afterAll(async () => {
  await t.dispose();
});

function upload(bytes: Uint8Array, name: string, action: 'check' | 'apply', who: SignedIn = contact, options: { csrf?: boolean } = {}) {
  const form = new FormData();
  form.append('file', new File([new Uint8Array(bytes)], name));
  form.append('action', action);
  return postMultipart(app, '/work/spreadsheet', form, who, options);
}

const csv = (rows: string[][]) => new TextEncoder().encode(rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n'));
const HEADER = ['milestone_id', 'plan', 'commitment', 'milestone', 'title', 'planned_start', 'planned_end', 'published_status', 'published_narrative', 'new_status', 'new_narrative', 'as_of', 'evidence_links'];
const row = (id: string, status: string, narrative = '', asOf = '2026-11-01', links = '') => [id, '', '', '', '', '', '', '', '', status, narrative, asOf, links];

async function updateCount() {
  return (await t.db.select().from(progressUpdates)).length;
}

describe('institution spreadsheets', () => {
  it('reads statuses in codes and in words, es and en', () => {
    expect(readStatus('Sustancial')).toBe('substantial');
    expect(readStatus('not started')).toBe('not_started');
    expect(readStatus('No iniciado')).toBe('not_started');
    expect(readStatus('COMPLETO')).toBe('complete');
    expect(readStatus('done')).toBeNull();
  });

  it('exports CSV and XLSX with stable ids, empty columns to fill, and formula-looking cells escaped', async () => {
    const res = await getAs(app, '/work/spreadsheet.csv', contact);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.split('\r\n')[0]).toContain('milestone_id,plan,commitment');
    expect(text).toContain(`${ids[0]},`);
    expect(text).toContain(`"'=HYPERLINK(`);
    const xlsx = await getAs(app, '/work/spreadsheet.xlsx', contact);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('milestone_id');
    const titles: string[] = [];
    sheet.eachRow((r) => titles.push(String(r.getCell(5).value)));
    expect(titles.some((v) => v.startsWith("'=HYPERLINK"))).toBe(true);
    expect(sheet.getRow(2).getCell(1).formula).toBeUndefined();
  });

  it('a dry run lists what each row will change and what is wrong, and stores nothing', async () => {
    const before = await updateCount();
    const res = await upload(csv([HEADER, row(String(ids[1]), 'Sustancial', 'Avanza'), row('999999', 'Completo'), row(String(ids[2]), 'terminado'), row(String(ids[0]), 'Limitado', '', '1999-01-01'), row(String(ids[0]), '', '')]), 'metas.csv', 'check');
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('No iniciado → Sustancial');
    expect(html).toContain('Identificador desconocido');
    expect(html).toContain('Estado no válido');
    expect(html).toContain('Fecha no válida o fuera de rango');
    expect(html).toContain('no se guardó nada');
    expect(await updateCount()).toBe(before);
  });

  it('applies all or nothing: one bad row and nothing is stored', async () => {
    const before = await updateCount();
    const res = await upload(csv([HEADER, row(String(ids[1]), 'Sustancial'), row(String(ids[2]), 'Completo', '', '2030-01-01')]), 'metas.csv', 'apply');
    expect(res.status).toBe(422);
    expect(await updateCount()).toBe(before);
  });

  it('a good XLSX becomes submitted progress updates by the contact, awaiting verification', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('m');
    sheet.addRow(HEADER);
    sheet.addRow(row(String(ids[1]), 'Sustancial', 'Se avanzó', '2026-10-15', 'https://example.org/a https://example.org/b'));
    sheet.addRow(row(String(ids[2]), 'limited', '', '2026-11-01'));
    const bytes = new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
    const check = await upload(bytes, 'metas.xlsx', 'check');
    expect(check.status).toBe(200);
    expect(await check.text()).toContain('Nada se guardó todavía');
    const res = await upload(bytes, 'metas.xlsx', 'apply');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Se enviaron 2 reportes a verificación.');
    const rows = await t.db.select().from(progressUpdates).where(and(eq(progressUpdates.source, 'spreadsheet'), eq(progressUpdates.authorId, contact.userId)));
    expect(rows.map((r) => [r.milestoneId, r.status, r.state]).sort()).toEqual([
      [ids[1], 'substantial', 'submitted'],
      [ids[2], 'limited', 'submitted'],
    ]);
    const [m] = await t.db.select().from(milestones).where(eq(milestones.id, ids[1]!));
    expect(m!.status).toBe('not_started');
    const page = await (await app.request(`/commitments/${commitmentId}`)).text();
    expect(page).toContain('en espera de verificación');
  });

  it('the same spreadsheet uploaded twice changes nothing the second time, and the preview says so', async () => {
    const bytes = csv([HEADER, row(String(ids[1]), 'Sustancial', 'Se avanzó', '2026-10-15', 'https://example.org/a https://example.org/b'), row(String(ids[2]), 'limited', '', '2026-11-01')]);
    const before = await t.db.select().from(progressUpdates).orderBy(progressUpdates.id);
    const check = await upload(bytes, 'metas.csv', 'check');
    expect(check.status).toBe(200);
    const preview = await check.text();
    expect(preview).toContain('Esta hoja ya se envió');
    expect(preview.match(/Sin cambios: igual al último reporte de esta meta/g)).toHaveLength(2);
    const again = await upload(bytes, 'metas.csv', 'apply');
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('No cambia nada y no se guardó nada');
    expect(await t.db.select().from(progressUpdates).orderBy(progressUpdates.id)).toEqual(before);
    // One row changed: only that row is sent; it supersedes the pending report of its milestone.
    const changed = csv([HEADER, row(String(ids[1]), 'Sustancial', 'Se avanzó', '2026-10-15'), row(String(ids[2]), 'Completo', 'Listo', '2026-11-01')]);
    const res = await upload(changed, 'metas.csv', 'apply');
    expect(await res.text()).toContain('Se enviaron 1 reportes a verificación.');
    const pending = await t.db.select().from(progressUpdates).where(and(eq(progressUpdates.milestoneId, ids[2]!), eq(progressUpdates.state, 'submitted')));
    expect(pending.map((p) => p.status)).toEqual(['complete']);
    expect(await t.db.select().from(progressUpdates).where(and(eq(progressUpdates.milestoneId, ids[2]!), eq(progressUpdates.state, 'superseded')))).toHaveLength(1);
  });

  it('refuses a zip bomb, a corrupt file, an oversized file, a CSV that is not ours, and a missing CSRF token', async () => {
    const before = await updateCount();
    const bomb = zipSync({ '[Content_Types].xml': new Uint8Array(60 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const r1 = await upload(bomb, 'bomba.xlsx', 'apply');
    expect(r1.status).toBe(422);
    expect(await r1.text()).toContain('bomba zip');
    const r2 = await upload(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]), 'roto.xlsx', 'apply');
    expect(await r2.text()).toContain('está dañado');
    const r3 = await upload(new Uint8Array(5 * 1024 * 1024 + 1).fill(65), 'grande.csv', 'apply');
    expect(await r3.text()).toContain('supera los 5 MB');
    const r4 = await upload(new TextEncoder().encode('a,b\n1,2\n'), 'otra.csv', 'apply');
    expect(await r4.text()).toContain('No es la hoja de Abierto');
    const r5 = await upload(csv([HEADER, row(String(ids[1]), 'Completo')]), 'metas.csv', 'apply', contact, { csrf: false });
    expect(r5.status).toBe(403);
    expect(await updateCount()).toBe(before);
  });

  it('is only for institution contacts', async () => {
    const forum = await signedInUser(t.db, [{ role: 'forum_member', memberId: 1 }], NOW);
    expect((await getAs(app, '/work/spreadsheet', forum)).status).toBe(403);
    expect((await getAs(app, '/work/spreadsheet.csv', forum)).status).toBe(403);
  });
});
