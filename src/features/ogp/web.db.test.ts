import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { actionPlans, commitments, members, planPhaseChanges } from '../../db/schema/index.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { NOW } from '../../../tests/support/factories.js';
import { getAs, postForm, postMultipart, signedInUser, type SignedIn } from '../../../tests/support/auth.js';
import { phaseFromDates } from '../plans/phase.js';

let t: TestDatabase;
let app: App;
let admin: SignedIn;
let secretariat: SignedIn;
const SAMPLE = readFileSync(new URL('../../../fixtures/ogp-commitments-sample.csv', import.meta.url));

function upload(bytes: Uint8Array, name: string) {
  const form = new FormData();
  form.append('file', new File([new Uint8Array(bytes)], name, { type: 'text/csv' }));
  return form;
}

beforeAll(async () => {
  t = await testDatabase();
  app = createApp({ db: t.db, now: () => NOW });
  admin = await signedInUser(t.db, [{ role: 'admin' }], NOW);
  secretariat = await signedInUser(t.db, [{ role: 'secretariat', memberId: null }], NOW);
});
afterAll(() => t.dispose());

describe('OGP data imported on the web: upload → preview → confirm', () => {
  it('only administrators; a broken or wrong file gets a clear message and stores nothing', async () => {
    expect((await getAs(app, '/import/ogp', secretariat)).status).toBe(403);
    expect((await postMultipart(app, '/import/ogp', upload(SAMPLE, 'data.csv'), secretariat)).status).toBe(403);
    const broken = await postMultipart(app, '/import/ogp', upload(new TextEncoder().encode('a,b\n"unclosed,1\n'), 'data.csv'), admin);
    expect(broken.status).toBe(422);
    expect(await broken.text()).toMatch(/no se puede leer/);
    const exe = await postMultipart(app, '/import/ogp', upload(new TextEncoder().encode('MZ\u0090\u0000'), 'data.exe'), admin);
    expect(exe.status).toBe(422);
    expect(await exe.text()).toContain('CSV o XLSX');
    const forged = await postForm(app, '/import/ogp/confirm', { sha256: 'a'.repeat(64), fileName: 'x.csv', format: 'csv' }, admin);
    expect(forged.status).toBe(422);
    expect(await t.db.select().from(commitments)).toHaveLength(0);
  });

  it('the preview stores nothing; the confirmation imports, and plans get their phase from their dates', async () => {
    const preview = await postMultipart(app, '/import/ogp', upload(SAMPLE, 'ogp.csv'), admin);
    const html = await preview.text();
    expect(preview.status).toBe(200);
    expect(html).toContain('Vista previa');
    expect(await t.db.select().from(commitments)).toHaveLength(0);
    const sha256 = /name="sha256" value="([0-9a-f]{64})"/.exec(html)![1]!;
    const done = await postForm(app, '/import/ogp/confirm', { sha256, fileName: 'ogp.csv', format: 'csv' }, admin);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Importado');
    expect((await t.db.select().from(commitments)).length).toBeGreaterThan(500);
    const plans = await t.db.select().from(actionPlans);
    for (const p of plans) expect(p.phase, `${p.ogpId} ${p.startMonth}–${p.endMonth}`).toBe(phaseFromDates(p.startMonth, p.endMonth, NOW));
    const [chile] = await t.db.select().from(members).where(eq(members.code, 'CHL'));
    const chilean = plans.filter((p) => p.memberId === chile!.id);
    expect(chilean.some((p) => p.phase === 'implementation')).toBe(true);
    expect(chilean.some((p) => p.phase === 'closed')).toBe(true);
    const dated = await t.db.select().from(planPhaseChanges);
    expect(dated).toHaveLength(plans.length);
  });
});
