import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, commitments, contacts, imports, institutions, milestones, progressUpdates } from '../../db/schema/index.js';
import { createUser } from '../../../tests/support/auth.js';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { createPlan, NOW, parsedCommitment, parseResult } from '../../../tests/support/factories.js';
import { getCommitmentDetail } from '../commitments/queries.js';
import { importParsedCommitments, ImportError, listWithLanguage, withLanguage } from './commands.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await testDatabase();
});
afterAll(async () => {
  await t.dispose();
});

const source = { name: 'doc.txt', format: 'text', content: 'x' };

async function counts() {
  const [c] = await t.db.select({ n: count() }).from(commitments);
  const [m] = await t.db.select({ n: count() }).from(milestones);
  const [i] = await t.db.select({ n: count() }).from(imports);
  const [a] = await t.db.select({ n: count() }).from(auditLog);
  return { commitments: c!.n, milestones: m!.n, imports: i!.n, audit: a!.n };
}

describe('importParsedCommitments', () => {
  let planId: number;
  beforeAll(async () => {
    planId = (await createPlan(t.db)).id;
  });

  it('a dry run shows what would be stored, in the API shape, and stores nothing', async () => {
    const before = await counts();
    const outcome = await importParsedCommitments(t.db, { planId, parsed: parseResult(), source, actor: 'test', dryRun: true, now: NOW });
    expect(outcome.dryRun).toBe(true);
    expect(outcome.importId).toBeNull();
    expect(outcome.commitments).toHaveLength(1);
    const c = outcome.commitments[0]!;
    expect(c.action).toBe('created');
    expect(c.number).toBe('19');
    expect(c.leadInstitution?.name).toEqual({ es: 'Ministerio Secretaría General de la Presidencia' });
    expect(c.milestones.map((m) => [m.number, m.status, m.delayed])).toEqual([
      [1, 'complete', false],
      [2, 'not_started', true],
      [3, null, false],
    ]);
    expect(await counts()).toEqual(before);
  });

  it('stores commitment, institution, contact and milestones with an import record and audit entries', async () => {
    const outcome = await importParsedCommitments(t.db, { planId, parsed: parseResult(), source, actor: 'test', dryRun: false, now: NOW });
    expect(outcome.importId).toBeTypeOf('number');
    const id = outcome.commitments[0]!.id;
    const detail = await getCommitmentDetail(t.db, id, NOW);
    expect(detail).toMatchObject({
      number: '19',
      title: { es: 'Institucionalización de la Alianza' },
      startMonth: '2016-09',
      endMonth: '2018-06',
      contact: { name: 'Rodrigo Mora Ortega', email: 'rmora@example.cl', phone: '+56222198317' },
      otherActors: { government: [], civilSociety: [{ es: 'Red Chilena de Gobierno Abierto' }] },
      nextSteps: [{ es: 'Coordinar el lanzamiento' }, { es: 'Elegir representantes' }],
      completion: null,
      source: { name: 'doc.txt', format: 'text' },
    });
    expect(detail!.rollup).toMatchObject({ total: 3, reported: 2, delayed: 1 });
    expect(detail!.milestones[0]).toMatchObject({ subItems: [{ title: { es: 'Funciones' }, start: null, end: null }], reportedDelayed: true });
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.entityType, 'commitment'));
    expect(audit.map((a) => a.action)).toEqual(['commitment.import']);
    expect(audit[0]!.actor).toBe('test');
  });

  it('importing again updates the same rows, keeps the previous values in the audit log, and duplicates nothing', async () => {
    const before = await counts();
    const changed = parsedCommitment({
      completion: 'substantial',
      milestones: parsedCommitment().milestones.map((m) => (m.number === 2 ? { ...m, status: 'limited' as const } : m)),
    });
    const outcome = await importParsedCommitments(t.db, { planId, parsed: parseResult(changed), source, actor: 'test', dryRun: false, now: NOW });
    expect(outcome.commitments[0]!.action).toBe('updated');
    const after = await counts();
    expect(after.commitments).toBe(before.commitments);
    expect(after.milestones).toBe(before.milestones);
    expect(after.imports).toBe(before.imports + 1);
    const [inst] = await t.db.select({ n: count() }).from(institutions);
    const [people] = await t.db.select({ n: count() }).from(contacts);
    expect(inst!.n).toBe(1);
    expect(people!.n).toBe(1);
    const reimport = await t.db.select().from(auditLog).where(eq(auditLog.action, 'commitment.reimport'));
    expect(reimport).toHaveLength(1);
    const details = reimport[0]!.details as { before: { commitment: { completion: unknown }; milestones: { status: unknown }[] } };
    expect(details.before.commitment.completion).toBeNull();
    expect(details.before.milestones[1]!.status).toBe('not_started');
    expect(outcome.commitments[0]!.completion).toBe('substantial');
  });

  it('an English version of the same commitment adds English texts and keeps the Spanish ones', async () => {
    const english = parsedCommitment({ language: 'en', title: 'Institutionalising the Partnership', nextSteps: ['Coordinate the launch'] });
    const outcome = await importParsedCommitments(t.db, { planId, parsed: parseResult(english), source, actor: 'test', dryRun: false, now: NOW });
    const c = outcome.commitments[0]!;
    expect(c.title).toEqual({ es: 'Institucionalización de la Alianza', en: 'Institutionalising the Partnership' });
    expect(c.nextSteps).toEqual([{ es: 'Coordinar el lanzamiento', en: 'Coordinate the launch' }, { es: 'Elegir representantes' }]);
  });

  it('refuses, storing nothing: an unknown plan, a commitment without number, the same number twice, nothing to import', async () => {
    const before = await counts();
    const attempts: [number, ReturnType<typeof parseResult>, string][] = [
      [999999, parseResult(), 'plan_not_found'],
      [planId, parseResult(parsedCommitment({ number: null })), 'number_missing'],
      [planId, parseResult(parsedCommitment({ number: 20 }), parsedCommitment({ number: 20 })), 'duplicate_number'],
      [planId, { commitments: [], warnings: [] }, 'nothing_to_import'],
    ];
    for (const [pid, parsed, code] of attempts) {
      const error = await importParsedCommitments(t.db, { planId: pid, parsed, source, actor: 'test', dryRun: false, now: NOW }).catch((e) => e);
      expect(error).toBeInstanceOf(ImportError);
      expect((error as ImportError).code).toBe(code);
    }
    expect(await counts()).toEqual(before);
  });

  it('a failure half-way rolls the whole import back', async () => {
    const before = await counts();
    // The second commitment breaks a database constraint (a month that is not a month).
    const broken = parsedCommitment({ number: 21, start: '2016-13' as never });
    const error = await importParsedCommitments(t.db, {
      planId,
      parsed: parseResult(parsedCommitment({ number: 20 }), broken),
      source,
      actor: 'test',
      dryRun: false,
      now: NOW,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    expect(await counts()).toEqual(before);
  });

  it('keeps hostile text as text', async () => {
    const hostile = parsedCommitment({ number: 22, title: "<script>alert(1)</script>'); DROP TABLE commitments; --" });
    const outcome = await importParsedCommitments(t.db, { planId, parsed: parseResult(hostile), source, actor: 'test', dryRun: false, now: NOW });
    expect(outcome.commitments[0]!.title.es).toBe("<script>alert(1)</script>'); DROP TABLE commitments; --");
    const [c] = await t.db.select({ n: count() }).from(commitments);
    expect(c!.n).toBeGreaterThan(0);
  });

  it('re-importing a document never replaces a status verified on the platform; it says so', async () => {
    const first = await importParsedCommitments(t.db, { planId, parsed: parseResult(parsedCommitment({ number: 30 })), source, actor: 'test', dryRun: false, now: NOW });
    const m2 = first.commitments[0]!.milestones.find((m) => m.number === 2)!;
    const author = await createUser(t.db);
    await t.db.update(milestones).set({ status: 'substantial' }).where(eq(milestones.id, m2.id));
    await t.db.insert(progressUpdates).values({ milestoneId: m2.id, authorId: author.id, status: 'substantial', asOf: '2026-11-01', state: 'verified', decidedBy: author.id, decidedAt: NOW });
    const again = await importParsedCommitments(t.db, { planId, parsed: parseResult(parsedCommitment({ number: 30 })), source, actor: 'test', dryRun: false, now: NOW });
    const after = again.commitments[0]!.milestones;
    expect(after.find((m) => m.number === 2)!.status).toBe('substantial'); // the document says not_started
    expect(after.find((m) => m.number === 1)!.status).toBe('complete');
    expect(again.warnings).toContainEqual(expect.objectContaining({ code: 'status_kept_verified', commitment: 0, params: { milestone: 2, kept: 'substantial', document: 'not_started' } }));
    const [stored] = await t.db.select().from(imports).where(eq(imports.id, again.importId!));
    expect(stored!.warnings).toContainEqual(expect.objectContaining({ code: 'status_kept_verified' }));
  });

  it('the audit log cannot be edited or deleted', async () => {
    await expect(t.db.update(auditLog).set({ actor: 'someone else' })).rejects.toThrow();
    await expect(t.db.delete(auditLog)).rejects.toThrow();
  });
});

describe('language merging', () => {
  it('sets one language and keeps the other; empty removes that language', () => {
    expect(withLanguage({ es: 'hola' }, 'en', 'hello')).toEqual({ es: 'hola', en: 'hello' });
    expect(withLanguage({ es: 'hola', en: 'hello' }, 'en', '')).toEqual({ es: 'hola' });
    expect(withLanguage(undefined, 'es', null)).toEqual({});
  });
  it('merges lists by position', () => {
    expect(listWithLanguage([{ es: 'a' }, { es: 'b' }], 'en', ['A'])).toEqual([{ es: 'a', en: 'A' }, { es: 'b' }]);
    expect(listWithLanguage([{ es: 'a' }], 'es', ['x', 'y'])).toEqual([{ es: 'x' }, { es: 'y' }]);
    expect(listWithLanguage([{ es: 'a' }, { es: 'b' }], 'es', [])).toEqual([]);
  });
});
