import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { electionBallots, elections, forums, forumSectors, outbox } from '../../db/schema/index.js';
import type { MailTransport } from '../../lib/mail.js';
import { ensureDemo } from '../demo/demo.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { getAs, postForm, signedInUser, type SignedIn } from '../../../tests/support/auth.js';

const NOW = new Date('2026-11-23T12:00:00Z');
let t: TestDatabase;
let app: App;
let forumId: number;
let memberId: number;
let secretariat: SignedIn;
const sent: { to: string; text: string }[] = [];
const transport: MailTransport = { send: async (m) => void sent.push({ to: m.to, text: m.text }) };

beforeAll(async () => {
  t = await testDatabase();
  await ensureDemo(t.db, NOW);
  const [f] = await t.db.select().from(forums);
  forumId = f!.id;
  memberId = f!.memberId;
  app = createApp({ db: t.db, now: () => NOW, pageCacheTtlMs: 0, mailTransport: transport });
  secretariat = await signedInUser(t.db, [{ role: 'secretariat', memberId }], NOW);
});

afterAll(async () => {
  await t.dispose();
});

const body = async (r: Response) => r.text();

describe('the demo forum', () => {
  it('is the Mesa of the seed: four sectors, no members', async () => {
    const r = await getAs(app, `/forums/${forumId}`, null);
    expect(r.status).toBe(200);
    const html = await body(r);
    expect(html).toContain('Mesa de Gobierno Abierto');
    for (const s of ['Gobierno', 'Sociedad civil', 'Academia', 'Observador']) expect(html).toContain(s);
    expect(html).not.toMatch(/Titular/);
    const sectors = await t.db.select().from(forumSectors).where(eq(forumSectors.forumId, forumId));
    expect(sectors.map((s) => s.code).sort()).toEqual(['academia', 'civil_society', 'government', 'observer']);
    const en = await body(await getAs(app, `/forums/${forumId}`, null, 'en'));
    expect(en).toContain('Civil society');
  });
});

describe('an election run in the browser, without JavaScript', () => {
  const reps: (SignedIn & { email: string })[] = [];
  let candidate: SignedIn & { email: string; name: string };
  let electionId: number;

  it('the secretariat registers organisations; bad input changes nothing', async () => {
    for (let i = 0; i < 3; i += 1) {
      const rep = await signedInUser(t.db, [], NOW, { name: `Rep ${i}` });
      reps.push(rep);
      const r = await postForm(app, `/forums/${forumId}/network`, { name: `Fundación ${i}`, kind: 'civil_society', region: 'Metropolitana', website: 'https://example.org', representativeEmail: rep.email }, secretariat);
      expect(r.status).toBe(303);
    }
    const bad = await postForm(app, `/forums/${forumId}/network`, { name: '', kind: 'pirates', website: 'javascript:alert(1)', representativeEmail: 'nope' }, secretariat);
    expect(bad.status).toBe(422);
    const dup = await postForm(app, `/forums/${forumId}/network`, { name: 'fundación 0', kind: 'civil_society', representativeEmail: reps[0]!.email }, secretariat);
    expect(dup.status).toBe(422);
    expect(await body(dup)).toContain('Ya hay una organización con ese nombre');
    const stranger = await signedInUser(t.db, [], NOW);
    expect((await postForm(app, `/forums/${forumId}/network`, { name: 'X', kind: 'academia', representativeEmail: stranger.email }, stranger)).status).toBe(403);
    const network = await body(await getAs(app, `/forums/${forumId}/network`, null));
    expect(network).toContain('3 organizaciones en la red');
  });

  it('the secretariat creates the election; a wrong form comes back with 422', async () => {
    const [civil] = await t.db.select().from(forumSectors).where(eq(forumSectors.code, 'civil_society'));
    const bad = await postForm(app, `/forums/${forumId}/elections`, { title: '', sectorId: String(civil!.id), seats: '99', tieRule: 'coin', termStart: '2027-02-30', termEnd: '2026-01-01' }, secretariat);
    expect(bad.status).toBe(422);
    const tooMany = await postForm(app, `/forums/${forumId}/elections`, { title: 'Elección', sectorId: String(civil!.id), seats: '5', tieRule: 'draw', termStart: '2027-01-01', termEnd: '2028-12-31' }, secretariat);
    expect(tooMany.status).toBe(422);
    expect(await t.db.select().from(elections)).toHaveLength(0);
    const r = await postForm(app, `/forums/${forumId}/elections`, { title: 'Elección de sociedad civil', sectorId: String(civil!.id), seats: '2', tieRule: 'draw', termStart: '2027-01-01', termEnd: '2028-12-31' }, secretariat);
    expect(r.status).toBe(303);
    electionId = Number(r.headers.get('location')!.match(/elections\/(\d+)/)![1]);
  });

  it('a representative nominates, the candidate accepts; others may not', async () => {
    candidate = await signedInUser(t.db, [], NOW, { name: 'Ana Candidata' });
    const [org] = (await body(await getAs(app, `/elections/${electionId}`, reps[0]!))).match(/<option value="(\d+)"/)!.slice(1);
    expect((await postForm(app, `/elections/${electionId}/nominate`, { organisationId: org!, candidateEmail: candidate.email }, secretariat)).status).toBe(403);
    const noAccount = await postForm(app, `/elections/${electionId}/nominate`, { organisationId: org!, candidateEmail: 'nobody@example.org' }, reps[0]!);
    expect(noAccount.status).toBe(422);
    expect((await postForm(app, `/elections/${electionId}/nominate`, { organisationId: org!, candidateEmail: candidate.email }, reps[0]!)).status).toBe(303);
    const page = await body(await getAs(app, `/elections/${electionId}`, candidate));
    const cid = page.match(/\/candidates\/(\d+)\/accept/)![1];
    expect((await postForm(app, `/candidates/${cid}/accept`, {}, reps[1]!)).status).toBe(403);
    expect((await postForm(app, `/candidates/${cid}/accept`, {}, candidate)).status).toBe(303);
  });

  it('voting opens with a published roll; nobody else votes; the receipt is shown once and mailed, never stored in the outbox', async () => {
    expect((await postForm(app, `/elections/${electionId}/open-voting`, {}, reps[0]!)).status).toBe(403);
    const opened = await postForm(app, `/elections/${electionId}/open-voting`, {}, secretariat);
    expect(opened.status).toBe(303);
    expect(await body(await getAs(app, opened.headers.get('location')!, secretariat))).toContain('Padrón congelado con 3 organizaciones');
    const pub = await body(await getAs(app, `/elections/${electionId}`, null));
    expect(pub).toMatch(/[0-9a-f]{64}/);
    expect(pub).toContain('Rep 2');
    expect((await getAs(app, `/elections/${electionId}/vote`, secretariat)).status).toBe(403);
    const form = await body(await getAs(app, `/elections/${electionId}/vote`, reps[0]!));
    const cid = form.match(/name="choice" value="(\d+)"/)![1]!;
    const hostile = await postForm(app, `/elections/${electionId}/vote`, { choice: ['1; drop table', cid] }, reps[0]!);
    expect(hostile.status).toBe(422);
    const tooMany = await postForm(app, `/elections/${electionId}/vote`, { choice: [cid, '999999'] }, reps[0]!);
    expect(tooMany.status).toBe(422);
    expect(await t.db.select().from(electionBallots)).toHaveLength(0);
    const voted = await postForm(app, `/elections/${electionId}/vote`, { choice: cid }, reps[0]!);
    expect(voted.status).toBe(200);
    expect(voted.headers.get('cache-control')).toContain('no-store');
    const receipt = (await body(voted)).match(/<strong>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<\/strong>/)![1]!;
    expect(sent.at(-1)!.to).toBe(reps[0]!.email);
    expect(sent.at(-1)!.text).toContain(receipt);
    expect((await t.db.select().from(outbox)).some((m) => m.text.includes(receipt))).toBe(false);
    const again = await postForm(app, `/elections/${electionId}/vote`, { choice: cid }, reps[0]!);
    expect(again.status).toBe(409);
    expect(await body(again)).toContain('Solo se cuenta uno');
    expect(await t.db.select().from(electionBallots)).toHaveLength(1);
    expect((await postForm(app, `/elections/${electionId}/vote`, {}, reps[1]!)).status).toBe(200);
    // Nothing early: no result, no list of voters.
    const apiDuring = (await (await app.request(`/api/v1/elections/${electionId}`)).json()) as { roll: { count: number; sha256: string }; published: unknown };
    expect(apiDuring.roll.count).toBe(3);
    expect(apiDuring.published).toBeNull();
    const during = await body(await getAs(app, `/elections/${electionId}`, null));
    expect(during).not.toContain(receipt);
    expect(during).toContain('No hay resultados parciales');

    const closed = await postForm(app, `/elections/${electionId}/close`, {}, secretariat);
    expect(closed.status).toBe(303);
    const after = await body(await getAs(app, `/elections/${electionId}?receipt=${receipt.toLowerCase()}`, null));
    expect(after).toContain(receipt);
    expect(after).toContain('está en la urna publicada');
    const missing = await body(await getAs(app, `/elections/${electionId}?receipt=0000-0000-0000`, null));
    expect(missing).toContain('no está en la urna publicada');
    const junk = await body(await getAs(app, `/elections/${electionId}?receipt=${encodeURIComponent('<script>')}`, null));
    expect(junk).toContain('Eso no es un comprobante');
    expect(junk).not.toContain('<script>');
    const api = (await (await app.request(`/api/v1/elections/${electionId}`)).json()) as { published: { receipts: { receipt: string }[]; results: { cast: number; entitled: number }; voted: unknown[] } };
    expect(api.published.receipts.map((r) => r.receipt)).toContain(receipt);
    expect(api.published.results).toMatchObject({ cast: 2, entitled: 3 });
    expect(api.published.voted).toHaveLength(2);
    const forumJson = (await (await app.request(`/api/v1/forums/${forumId}`)).json()) as { sectors: { code: string; seats: { current: { personName: string }[] }[] }[] };
    expect(forumJson.sectors.find((s) => s.code === 'civil_society')!.seats.flatMap((x) => x.current.map((m) => m.personName))).toEqual(['Ana Candidata']);
    expect((await app.request('/api/v1/elections/abc')).status).toBe(400);
    expect((await app.request('/api/v1/forums/999999')).status).toBe(404);
    const orgs = (await (await app.request('/api/v1/organisations')).json()) as { items: unknown[] };
    expect(orgs.items).toHaveLength(3);
    const openapi = await (await app.request('/api/v1/openapi.json')).text();
    for (const path of ['/forums/{id}', '/organisations', '/elections/{id}']) expect(openapi).toContain(path);
    const forum = await body(await getAs(app, `/forums/${forumId}`, null));
    expect(forum).toContain('Ana Candidata');
    expect(forum).toContain('Fundación 0');
  });
});
