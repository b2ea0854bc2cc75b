import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { electionCandidates, elections, forums, forumSeats, forumSectors, meetingInvitees, meetingMinutes, newsItems, organisations } from '../../db/schema/index.js';
import { ensureDemo } from '../demo/demo.js';
import { addMembership, registerOrganisation } from '../forum/commands.js';
import { addAgreement, createMeeting, recordAttendance, saveMinutesDraft } from '../meetings/commands.js';
import { createUser } from '../../../tests/support/auth.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { FORUM_DATASETS } from './forum-datasets.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const HOSTILE = '=HYPERLINK("http://evil.example")\nlínea "dos", con coma\r\nfin';
let t: TestDatabase;
let app: App;

/** Read the way Python's csv module or LibreOffice reads it: no relaxing, every record as wide as the header. */
function strictCsv(bytes: Uint8Array): string[][] {
  const rows: string[][] = parse(new TextDecoder().decode(bytes), { bom: true, record_delimiter: ['\r\n', '\n', '\r'] });
  const width = rows[0]!.length;
  for (const [i, row] of rows.entries()) if (row.length !== width) throw new Error(`record ${i + 1} has ${row.length} cells, the header ${width}`);
  return rows;
}

beforeAll(async () => {
  t = await testDatabase();
  await ensureDemo(t.db, NOW);
  const [f] = await t.db.select().from(forums);
  const rep = await createUser(t.db, { email: 'representante@example.org', name: 'Representante' });
  const org = await registerOrganisation(t.db, 'test', { memberId: f!.memberId, name: `Fundación ${HOSTILE}`, kind: 'civil_society', mission: HOSTILE, focusAreas: ['transparencia', 'datos'], representativeUserId: rep.id, joinNetwork: true, now: NOW });
  await registerOrganisation(t.db, 'test', { memberId: f!.memberId, name: 'Postulante no aceptada', kind: 'academia', joinNetwork: false, now: NOW });
  const [seat] = await t.db.select({ id: forumSeats.id, sectorId: forumSeats.sectorId }).from(forumSeats).innerJoin(forumSectors, eq(forumSectors.id, forumSeats.sectorId)).where(eq(forumSectors.code, 'civil_society'));
  await addMembership(t.db, 'test', { seatId: seat!.id, personName: HOSTILE, userId: rep.id, organisationId: org.id, role: 'titular', startDate: '2025-01-01', endDate: '2025-12-31' });
  await addMembership(t.db, 'test', { seatId: seat!.id, personName: 'Ana Titular', organisationId: org.id, role: 'titular', startDate: '2026-01-01' });
  const { id: meetingId } = await createMeeting(t.db, 'test', {
    forumId: f!.id,
    kind: 'forum',
    title: { es: HOSTILE },
    startsAt: new Date('2026-10-05T14:00:00Z'),
    endsAt: new Date('2026-10-05T16:00:00Z'),
    place: 'Santiago',
    agenda: [],
    invitees: [{ name: 'Invitada', email: 'invitada@example.org' }],
    now: NOW,
  });
  await recordAttendance(t.db, 'test', { meetingId, attendees: [{ personName: 'Ana Titular', onBehalfOf: HOSTILE, sectorCode: 'civil_society', voting: true }] });
  await addAgreement(t.db, 'test', { meetingId, text: HOSTILE, owner: 'Secretaría', dueOn: '2026-11-01', now: NOW });
  await saveMinutesDraft(t.db, 'test', { meetingId, body: 'Borrador secreto del acta', now: NOW });
  await t.db.insert(newsItems).values([
    { forumId: f!.id, title: { es: HOSTILE }, body: { es: '**Lanzamiento**' }, itemDate: '2026-11-01', state: 'published', publishedAt: NOW },
    { forumId: f!.id, title: { es: 'Borrador de noticia' }, body: { es: 'Borrador' }, itemDate: '2026-11-02' },
    { forumId: f!.id, kind: 'event', title: { es: 'Retirada' }, body: { es: 'Texto retirado' }, itemDate: '2026-11-03', startsAt: NOW, endsAt: new Date(NOW.getTime() + 3_600_000), place: 'Santiago', state: 'unpublished', publishedAt: NOW, unpublishedAt: NOW, unpublishReason: 'Se postergó' },
  ]);
  // A published election (its results as closing writes them) and one still voting (nothing of it is published).
  const [sector] = await t.db.select().from(forumSectors).where(eq(forumSectors.code, 'civil_society'));
  const results = { entitled: 3, cast: 2, valid: 2, blank: 0, null: 0, turnout: 2 / 3, votes: [] as { candidateId: number; votes: number }[], elected: [] as number[], vacant: 1, runoff: [], draw: null };
  const [published] = await t.db
    .insert(elections)
    .values({ forumId: f!.id, sectorId: sector!.id, title: { es: 'Elección publicada' }, phase: 'voting', seats: 2, termStart: '2027-01-01', termEnd: '2028-12-31', rollSha256: 'a'.repeat(64), rollCount: 3 })
    .returning();
  const [cand] = await t.db.insert(electionCandidates).values({ electionId: published!.id, userId: rep.id, personName: 'Candidata Uno', organisationId: org.id, acceptedAt: NOW }).returning();
  await t.db.update(elections).set({ phase: 'published', closedAt: NOW, receiptChainHead: 'b'.repeat(64), results: { ...results, votes: [{ candidateId: cand!.id, votes: 2 }], elected: [cand!.id] } }).where(eq(elections.id, published!.id));
  const [voting] = await t.db.insert(elections).values({ forumId: f!.id, sectorId: sector!.id, title: { es: 'Elección en votación' }, phase: 'voting', seats: 1, termStart: '2027-01-01', termEnd: '2028-12-31', rollSha256: 'c'.repeat(64), rollCount: 3 }).returning();
  await t.db.insert(electionCandidates).values({ electionId: voting!.id, userId: rep.id, personName: 'Candidata En Votación', organisationId: org.id, acceptedAt: NOW });
  app = createApp({ db: t.db, now: () => NOW, pageCacheTtlMs: 0 });
});

afterAll(async () => {
  await t.dispose();
});

describe('the forum’s open data on /data: CSV, XLSX and JSON with their dictionary', () => {
  for (const name of ['forums', 'forum_sectors', 'forum_seats', 'forum_memberships', 'network_organisations', 'forum_meetings', 'meeting_attendance', 'agreements', 'election_results', 'election_candidate_votes', 'forum_news']) {
    it(`${name}: CSV read back strictly, as many rows as the XLSX and the JSON; nothing private`, async () => {
      const dataset = FORUM_DATASETS.find((d) => d.name === name)!;
      expect(dataset).toBeTruthy();
      const csv = await app.request(`/data/${name}.csv`);
      expect(csv.status).toBe(200);
      const text = new TextDecoder().decode(new Uint8Array(await csv.clone().arrayBuffer()));
      const rows = strictCsv(new Uint8Array(await csv.arrayBuffer()));
      expect(rows[0]).toEqual(dataset.columns.map((c) => c.key));
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await (await app.request(`/data/${name}.xlsx`)).arrayBuffer());
      const sheet = workbook.getWorksheet(name)!;
      expect(sheet.rowCount - 1).toBe(rows.length - 1);
      const json = (await (await app.request(`/data/${name}.json`)).json()) as { rows: Record<string, unknown>[]; columns: { name: string; description: { es: string; en: string } }[] };
      expect(json.rows).toHaveLength(rows.length - 1);
      for (const c of json.columns) expect(c.description.es && c.description.en, c.name).toBeTruthy();
      for (const secret of ['@example.org', 'Borrador secreto', 'Borrador de noticia', 'Texto retirado', 'Postulante no aceptada', 'Elección en votación', 'Candidata En Votación', 'representante']) expect(text, secret).not.toContain(secret);
      expect(text).not.toMatch(/^=|,=/m);
    });
  }

  it('holds what the pages show: past and current memberships, the network, the published results, published and withdrawn news', async () => {
    const get = async (name: string) => ((await (await app.request(`/data/${name}.json`)).json()) as { rows: Record<string, unknown>[] }).rows;
    const memberships = await get('forum_memberships');
    expect(memberships.map((m) => [m.person_name, m.current, m.end_date])).toEqual([
      [HOSTILE, false, '2025-12-31'],
      ['Ana Titular', true, null],
    ]);
    expect((await get('network_organisations')).map((o) => o.focus_areas)).toEqual(['transparencia; datos']);
    expect(await get('election_results')).toEqual([expect.objectContaining({ title_es: 'Elección publicada', entitled: 3, cast: 2, vacant: 1, roll_sha256: 'a'.repeat(64) })]);
    expect(await get('election_candidate_votes')).toEqual([expect.objectContaining({ person_name: 'Candidata Uno', votes: 2, elected: true })]);
    const news = await get('forum_news');
    expect(news.map((n) => [n.state, n.body_es, n.unpublish_reason])).toEqual([
      ['published', '**Lanzamiento**', null],
      ['unpublished', null, 'Se postergó'],
    ]);
    expect(await get('agreements')).toEqual([expect.objectContaining({ overdue: true, state: 'open' })]);
    // The CSV escapes formulas (a spreadsheet would run them).
    const csv = strictCsv(new Uint8Array(await (await app.request('/data/forum_meetings.csv')).arrayBuffer()));
    expect(csv[1]![csv[0]!.indexOf('title_es')]).toBe(`'${HOSTILE}`);
    // Invitees and minutes drafts exist, yet appear nowhere.
    expect(await t.db.select().from(meetingInvitees)).toHaveLength(1);
    expect(await t.db.select().from(meetingMinutes)).toHaveLength(1);
    expect((await t.db.select().from(organisations)).length).toBe(2);
  });

  it('the data page lists every forum table and describes each column, in es and en', async () => {
    const es = await (await app.request('/data')).text();
    const en = await (await app.request('/data?lang=en')).text();
    for (const d of FORUM_DATASETS) {
      expect(es).toContain(`href="/data/${d.name}.csv"`);
      expect(es).toContain(d.title.es);
      expect(en).toContain(d.title.en);
      for (const c of d.columns) expect(es).toContain(`<code>${c.key}</code>`);
    }
  });
});
