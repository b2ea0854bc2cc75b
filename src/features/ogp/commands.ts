import { createHash } from 'node:crypto';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database, Transaction } from '../../db/client.js';
import {
  actionPlans,
  planPhaseChanges,
  auditLog,
  commitmentPolicyAreas,
  commitments,
  imports,
  institutions,
  irmAssessments,
  members,
  ogpCommitmentRecords,
} from '../../db/schema/index.js';
import { recordAudit } from '../../lib/audit.js';
import type { Locale } from '../../lib/levels.js';
import type { LocalizedText } from '../../lib/localized.js';
import { month, type Month } from '../../lib/month.js';
import { commitmentPosition, nameKey } from '../../lib/text.js';
import { listWithLanguage, withLanguage } from '../ingest/commands.js';
import { phaseFromDates } from '../plans/phase.js';
import { OGP_COLUMNS } from './columns.js';
import { numberAgrees, readOgpRow, REQUIRED_COLUMNS, type OgpRow, type OgpRowError, type OgpWarning } from './mapping.js';
import { OgpDataError, type DataTable } from './read.js';

/** Rows per INSERT statement (PostgreSQL allows 65,535 parameters per statement). */
const CHUNK = 250;

/** Some rows cannot be imported: each with its row, column and reason. Nothing was stored. */
export class OgpRowsInvalidError extends OgpDataError {
  constructor(readonly errors: OgpRowError[]) {
    super('rows_invalid', { count: errors.length });
    this.name = 'OgpRowsInvalidError';
  }
}

export interface OgpImportedCommitment {
  row: number;
  ogpId: string;
  memberCode: string;
  planNumber: number;
  number: string;
  title: string;
  language: Locale;
  action: 'created' | 'updated';
  policyAreas: string[];
  assessments: { reportKind: string; publicationYear: string | null }[];
}

export interface OgpImportOutcome {
  dryRun: boolean;
  importId: number | null;
  counts: {
    rows: number;
    membersCreated: number;
    plansCreated: number;
    institutionsCreated: number;
    commitmentsCreated: number;
    commitmentsUpdated: number;
    policyAreaLinks: number;
    irmAssessments: number;
  };
  commitments: OgpImportedCommitment[];
  warnings: OgpWarning[];
}

class DryRunRollback extends Error {
  constructor(readonly outcome: OgpImportOutcome) {
    super('dry run');
  }
}

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

type AuditRow = typeof auditLog.$inferInsert;

async function insertAudits(tx: Transaction, rows: AuditRow[]) {
  for (const part of chunks(rows, 100)) if (part.length > 0) await tx.insert(auditLog).values(part);
}

/** Reads every row; throws with every row's errors when any row cannot be imported. */
export function readOgpTable(table: DataTable): { rows: OgpRow[]; warnings: OgpWarning[] } {
  const missing = REQUIRED_COLUMNS.filter((c) => !table.header.includes(c));
  if (missing.length > 0) throw new OgpDataError('columns_missing', { columns: missing.join(', ') });
  const known = new Set<string>(OGP_COLUMNS);
  const warnings: OgpWarning[] = table.header.filter((h) => !known.has(h)).map((h) => ({ code: 'column_unknown' as const, column: h, params: { column: h.slice(0, 80) } }));
  const errors: OgpRowError[] = [];
  const rows: OgpRow[] = [];
  const seen = new Map<string, number>();
  table.rows.forEach((raw, i) => {
    const rowNumber = i + 2;
    const read = readOgpRow(raw, rowNumber);
    if (!read.ok) {
      errors.push(...read.errors);
      return;
    }
    const first = seen.get(read.value.ogpId);
    if (first !== undefined) {
      errors.push({ code: 'ogp_id_duplicate', row: rowNumber, column: 'Commitment Unique Identifier', params: { value: read.value.ogpId, first } });
      return;
    }
    seen.set(read.value.ogpId, rowNumber);
    rows.push(read.value);
    warnings.push(...read.warnings);
  });
  if (errors.length > 0) throw new OgpRowsInvalidError(errors);
  if (rows.length === 0) throw new OgpDataError('empty');
  return { rows, warnings };
}

function planTitle(memberName: string, n: number, from: number, to: number): LocalizedText {
  return { es: `Plan de acción ${n} de ${memberName} (${from}–${to})`, en: `${memberName} action plan ${n} (${from}–${to})` };
}

/** A new plan's months: its commitments' earliest start and latest end within its years, else whole years. */
function planMonths(rows: OgpRow[]): { start: Month; end: Month; from: number; to: number } {
  const first = rows[0]!;
  const starts = rows.map((r) => r.startMonth).filter((m): m is Month => m !== null).sort();
  const ends = rows.map((r) => r.endMonth).filter((m): m is Month => m !== null).sort();
  const from = first.plan.submissionYear ?? Number((starts[0] ?? '2011').slice(0, 4));
  let to = first.plan.endYear ?? Number((ends.at(-1) ?? `${from + 2}`).slice(0, 4));
  if (to < from) to = from;
  const startCandidate = starts.find((m) => m.startsWith(String(from)));
  const endCandidate = [...ends].reverse().find((m) => m.startsWith(String(to)));
  let start = startCandidate ?? month(from, 1);
  const end = endCandidate ?? month(to, 12);
  if (start > end) start = month(from, 1);
  return { start, end, from, to };
}

/**
 * Imports OGP's commitment data in one transaction: members, plans, lead institutions,
 * commitments (matched by OGP id, else by plan + number), their supporting institutions, policy
 * areas and IRM assessments of both methodologies, and each row as written (for the export).
 * Existing values are kept in the audit log (`details.before`). With `dryRun` everything is done
 * and rolled back: the outcome is exactly what would be stored.
 */
export async function importOgpData(
  db: Database,
  input: {
    table: DataTable;
    source: { name: string; format: string; content: Uint8Array | string };
    actor: string;
    dryRun: boolean;
    now: Date;
    /** Called as the work advances (0…1), for a progress bar. */
    onProgress?: (fraction: number) => void;
  },
): Promise<OgpImportOutcome> {
  const progress = input.onProgress ?? (() => {});
  const { rows, warnings } = readOgpTable(input.table);
  progress(0.1);
  const sha256 = createHash('sha256').update(input.source.content).digest('hex');
  const now = input.now;
  try {
    return await db.transaction(async (tx) => {
      const [imp] = await tx
        .insert(imports)
        .values({ sourceName: input.source.name, sha256, format: input.source.format, warnings, actor: input.actor })
        .returning({ id: imports.id });
      if (!imp) throw new Error('import insert returned nothing');
      await recordAudit(tx, {
        actor: input.actor,
        action: 'import.create',
        entityType: 'import',
        entityId: imp.id,
        details: { sourceName: input.source.name, sha256, format: input.source.format, kind: 'ogp-data', rows: rows.length, warnings: warnings.length },
      });
      const audits: AuditRow[] = [];
      const audit = (action: string, entityType: string, entityId: number, details: Record<string, unknown>) =>
        audits.push({ actor: input.actor, action, entityType, entityId: String(entityId), details: { importId: imp.id, ...details }, occurredAt: now });

      // Members, by code.
      const codes = [...new Set(rows.map((r) => r.member.code))];
      const memberByCode = new Map((await tx.select().from(members).where(inArray(members.code, codes)).orderBy(asc(members.id))).map((m) => [m.code, m]));
      const newMembers = codes
        .filter((c) => !memberByCode.has(c))
        .map((c) => {
          const r = rows.find((x) => x.member.code === c)!;
          return { code: c, name: { en: r.member.name }, kind: r.member.kind, countryCode: null, createdAt: now, updatedAt: now };
        });
      for (const part of chunks(newMembers)) {
        for (const m of await tx.insert(members).values(part).returning()) {
          memberByCode.set(m.code, m);
          audit('member.create', 'member', m.id, { after: m });
        }
      }

      // Plans: by OGP id, else by member + number.
      const planKey = (r: OgpRow) => `${r.member.code}#${r.plan.number}`;
      const rowsByPlan = new Map<string, OgpRow[]>();
      for (const r of rows) rowsByPlan.set(planKey(r), [...(rowsByPlan.get(planKey(r)) ?? []), r]);
      const memberIds = [...memberByCode.values()].map((m) => m.id);
      const existingPlans = await tx.select().from(actionPlans).where(inArray(actionPlans.memberId, memberIds)).orderBy(asc(actionPlans.id));
      const planOgpIds = rows.map((r) => r.plan.ogpId).filter((x): x is string => x !== null);
      const plansByOgpId = new Map(
        (planOgpIds.length > 0 ? await tx.select().from(actionPlans).where(inArray(actionPlans.ogpId, [...new Set(planOgpIds)])).orderBy(asc(actionPlans.id)) : []).map((p) => [p.ogpId!, p]),
      );
      const planByKey = new Map<string, typeof actionPlans.$inferSelect>();
      const newPlans: (typeof actionPlans.$inferInsert)[] = [];
      for (const [key, planRows] of rowsByPlan) {
        const r = planRows[0]!;
        const member = memberByCode.get(r.member.code)!;
        const ogpId = planRows.map((x) => x.plan.ogpId).find((x) => x !== null) ?? null;
        const found = (ogpId ? plansByOgpId.get(ogpId) : undefined) ?? existingPlans.find((p) => p.memberId === member.id && p.number === r.plan.number);
        if (found) {
          planByKey.set(key, found);
          if (ogpId && !found.ogpId && !plansByOgpId.has(ogpId)) {
            await tx.update(actionPlans).set({ ogpId, updatedAt: now }).where(eq(actionPlans.id, found.id));
            audit('plan.update', 'action_plan', found.id, { before: { ogpId: found.ogpId }, after: { ogpId } });
            plansByOgpId.set(ogpId, found);
          }
          continue;
        }
        const months = planMonths(planRows);
        newPlans.push({
          memberId: member.id,
          number: r.plan.number,
          ogpId,
          title: planTitle(r.member.name, r.plan.number, months.from, months.to),
          startMonth: months.start,
          endMonth: months.end,
          phase: phaseFromDates(months.start, months.end, now),
          createdAt: now,
          updatedAt: now,
        });
      }
      for (const part of chunks(newPlans)) {
        for (const p of await tx.insert(actionPlans).values(part).returning()) {
          const code = [...memberByCode.values()].find((m) => m.id === p.memberId)!.code;
          planByKey.set(`${code}#${p.number}`, p);
          audit('plan.create', 'action_plan', p.id, { after: p });
        }
      }
      const phaseRows = [...planByKey.values()].filter((p) => newPlans.some((n) => n.memberId === p.memberId && n.number === p.number)).map((p) => ({ planId: p.id, fromPhase: null, toPhase: p.phase, changedBy: input.actor, changedAt: now }));
      for (const part of chunks(phaseRows)) await tx.insert(planPhaseChanges).values(part);

      progress(0.2);
      // Lead institutions, by member + folded name.
      const instKey = (memberId: number, name: string) => `${memberId}#${nameKey(name)}`;
      const institutionByKey = new Map(
        (await tx.select().from(institutions).where(inArray(institutions.memberId, memberIds)).orderBy(asc(institutions.id))).map((i) => [`${i.memberId}#${i.nameKey}`, i]),
      );
      const newInstitutions = new Map<string, typeof institutions.$inferInsert>();
      for (const r of rows) {
        if (!r.leadInstitution) continue;
        const memberId = memberByCode.get(r.member.code)!.id;
        const key = instKey(memberId, r.leadInstitution);
        if (!institutionByKey.has(key) && !newInstitutions.has(key)) {
          newInstitutions.set(key, { memberId, name: { [r.language]: r.leadInstitution }, nameKey: nameKey(r.leadInstitution), createdAt: now, updatedAt: now });
        }
      }
      for (const part of chunks([...newInstitutions.values()])) {
        for (const i of await tx.insert(institutions).values(part).returning()) {
          institutionByKey.set(`${i.memberId}#${i.nameKey}`, i);
          audit('institution.create', 'institution', i.id, { after: i });
        }
      }

      // Commitments: by OGP id, else by plan + number (one without an OGP id yet).
      const planIds = [...new Set([...planByKey.values()].map((p) => p.id))];
      const ogpIds = rows.map((r) => r.ogpId);
      const byOgpId = new Map<string, typeof commitments.$inferSelect>();
      for (const part of chunks(ogpIds, 1000)) {
        for (const c of await tx.select().from(commitments).where(inArray(commitments.ogpId, part)).orderBy(asc(commitments.id))) byOgpId.set(c.ogpId!, c);
      }
      const inPlans = planIds.length > 0 ? await tx.select().from(commitments).where(inArray(commitments.planId, planIds)).orderBy(asc(commitments.id)) : [];
      const numbersTaken = new Map<number, Set<string>>();
      for (const c of inPlans) numbersTaken.set(c.planId, (numbersTaken.get(c.planId) ?? new Set()).add(c.number));
      const freeNumber = (planId: number, base: string): string => {
        const taken = numbersTaken.get(planId) ?? new Set<string>();
        numbersTaken.set(planId, taken);
        let n = base;
        if (taken.has(n)) {
          const canSuffix = !/[A-Za-z]$/.test(base);
          n = '';
          for (let k = 0; canSuffix && k < 26 && n === ''; k += 1) if (!taken.has(`${base}${String.fromCharCode(97 + k)}`)) n = `${base}${String.fromCharCode(97 + k)}`;
          for (let k = 1; n === ''; k += 1) if (!taken.has(`${9000 + k}`)) n = `${9000 + k}`;
        }
        taken.add(n);
        return n;
      };

      const before = new Map<number, Record<string, unknown>>();
      const matched = new Map<string, typeof commitments.$inferSelect>();
      for (const r of rows) {
        const plan = planByKey.get(planKey(r))!;
        const found = byOgpId.get(r.ogpId) ?? inPlans.find((c) => c.planId === plan.id && c.ogpId === null && c.number === r.numberBase && ![...matched.values()].includes(c));
        if (found) matched.set(r.ogpId, found);
      }
      const matchedIds = [...matched.values()].map((c) => c.id);
      if (matchedIds.length > 0) {
        const oldAreas = await tx.select().from(commitmentPolicyAreas).where(inArray(commitmentPolicyAreas.commitmentId, matchedIds)).orderBy(asc(commitmentPolicyAreas.commitmentId), asc(commitmentPolicyAreas.policyAreaSlug));
        const oldIrm = await tx.select().from(irmAssessments).where(inArray(irmAssessments.commitmentId, matchedIds)).orderBy(asc(irmAssessments.id));
        const oldRecords = await tx.select().from(ogpCommitmentRecords).where(inArray(ogpCommitmentRecords.commitmentId, matchedIds)).orderBy(asc(ogpCommitmentRecords.commitmentId));
        for (const c of matched.values()) {
          before.set(c.id, {
            commitment: c,
            policyAreas: oldAreas.filter((a) => a.commitmentId === c.id).map((a) => a.policyAreaSlug),
            irmAssessments: oldIrm.filter((a) => a.commitmentId === c.id),
            ogpRecord: oldRecords.find((x) => x.commitmentId === c.id)?.raw ?? null,
          });
        }
      }

      const values = (r: OgpRow, old: typeof commitments.$inferSelect | undefined) => {
        const lead = r.leadInstitution ? institutionByKey.get(instKey(memberByCode.get(r.member.code)!.id, r.leadInstitution)) : undefined;
        return {
          title: withLanguage(old?.title, r.language, r.title),
          theme: withLanguage(old?.theme, r.language, r.theme),
          description: withLanguage(old?.description, r.language, r.description),
          startMonth: r.startMonth ?? old?.startMonth ?? null,
          endMonth: r.endMonth ?? old?.endMonth ?? null,
          leadInstitutionId: lead?.id ?? old?.leadInstitutionId ?? null,
          otherActorsGovernment: listWithLanguage(old?.otherActorsGovernment, r.language, r.supportingInstitutions),
          sourceImportId: imp.id,
        };
      };

      const idByOgpId = new Map<string, number>();
      const numberByOgpId = new Map<string, string>();
      const toInsert: (typeof commitments.$inferInsert)[] = [];
      const updates: (ReturnType<typeof values> & { id: number; ogpId: string; planId: number; number: string; position: number })[] = [];
      for (const r of rows) {
        const plan = planByKey.get(planKey(r))!;
        const old = matched.get(r.ogpId);
        if (old) {
          const v = values(r, old);
          let number = old.number;
          let planId = old.planId;
          if (old.planId !== plan.id) {
            planId = plan.id;
            number = freeNumber(plan.id, r.numberBase);
          } else if (!numberAgrees(old.number, r.numberAsWritten)) {
            numbersTaken.get(old.planId)?.delete(old.number);
            number = freeNumber(old.planId, r.numberBase);
          }
          updates.push({ ...v, id: old.id, ogpId: r.ogpId, planId, number, position: commitmentPosition(number) });
          idByOgpId.set(r.ogpId, old.id);
          numberByOgpId.set(r.ogpId, number);
          audit('commitment.ogp_reimport', 'commitment', old.id, { ogpId: r.ogpId, row: r.row, before: before.get(old.id), after: { ...v, number, planId } });
        } else {
          const number = freeNumber(plan.id, r.numberBase);
          numberByOgpId.set(r.ogpId, number);
          toInsert.push({ ...values(r, undefined), planId: plan.id, number, position: commitmentPosition(number), ogpId: r.ogpId, generation: '2014', createdAt: now, updatedAt: now });
        }
      }
      progress(0.4);
      // Updates in batches: one statement per 100 commitments, not one per row.
      for (const part of chunks(updates, 100)) {
        const rowsSql = sql.join(
          part.map(
            (u) =>
              sql`(${u.id}::int, ${u.planId}::int, ${u.number}::text, ${u.position}::int, ${u.ogpId}::text, ${JSON.stringify(u.title)}::jsonb, ${JSON.stringify(u.theme)}::jsonb, ${JSON.stringify(u.description)}::jsonb, ${u.startMonth}::text, ${u.endMonth}::text, ${u.leadInstitutionId}::int, ${JSON.stringify(u.otherActorsGovernment)}::jsonb)`,
          ),
          sql`, `,
        );
        await tx.execute(sql`update commitments as c set
          plan_id = v.plan_id, number = v.number, position = v.position, ogp_id = v.ogp_id, title = v.title, theme = v.theme,
          description = v.description, start_month = v.start_month, end_month = v.end_month, lead_institution_id = v.lead_institution_id,
          other_actors_government = v.other_actors_government, source_import_id = ${imp.id}, updated_at = ${now.toISOString()}::timestamptz
          from (values ${rowsSql}) as v(id, plan_id, number, position, ogp_id, title, theme, description, start_month, end_month, lead_institution_id, other_actors_government)
          where c.id = v.id`);
      }
      for (const part of chunks(toInsert)) {
        for (const c of await tx.insert(commitments).values(part).returning({ id: commitments.id, ogpId: commitments.ogpId })) {
          idByOgpId.set(c.ogpId!, c.id);
        }
      }
      for (const r of rows) {
        if (matched.has(r.ogpId)) continue;
        const id = idByOgpId.get(r.ogpId)!;
        audit('commitment.ogp_import', 'commitment', id, { ogpId: r.ogpId, row: r.row, after: { ...values(r, undefined), number: numberByOgpId.get(r.ogpId) } });
      }

      progress(0.6);
      // The row as written, for the export.
      const records = rows.map((r) => ({ commitmentId: idByOgpId.get(r.ogpId)!, language: r.language, raw: r.raw, importId: imp.id, createdAt: now, updatedAt: now }));
      for (const part of chunks(records, 100)) {
        await tx
          .insert(ogpCommitmentRecords)
          .values(part)
          .onConflictDoUpdate({
            target: ogpCommitmentRecords.commitmentId,
            set: { language: sql`excluded.language`, raw: sql`excluded.raw`, importId: sql`excluded.import_id`, updatedAt: sql`excluded.updated_at` },
          });
      }

      // Policy areas: the file's tags replace the imported commitments' tags.
      if (matchedIds.length > 0) await tx.delete(commitmentPolicyAreas).where(inArray(commitmentPolicyAreas.commitmentId, matchedIds));
      const links = rows.flatMap((r) => r.policyAreas.map((slug) => ({ commitmentId: idByOgpId.get(r.ogpId)!, policyAreaSlug: slug })));
      for (const part of chunks(links, 1000)) await tx.insert(commitmentPolicyAreas).values(part);

      // IRM assessments: one per commitment and report; the file's values replace those of the same report.
      const assessments = rows.flatMap((r) =>
        r.assessments.map(({ slot: _slot, ...a }) => ({ ...a, commitmentId: idByOgpId.get(r.ogpId)!, source: 'ogp-data', recordedBy: null, createdAt: now, updatedAt: now })),
      );
      if (matchedIds.length > 0) {
        // A report of the other methodology for the same slot would contradict the file: replace it too.
        const matchedSet = new Set(matchedIds);
        const pairs = rows.flatMap((r) => {
          const id = idByOgpId.get(r.ogpId)!;
          const slotKinds = (slot: 'first' | 'last') => (slot === 'first' ? ['progress', 'action_plan_review'] : ['end_of_term', 'results_report']);
          return matchedSet.has(id) ? r.assessments.flatMap((a) => slotKinds(a.slot).map((k) => sql`(${id}::int, ${k}::text)`)) : [];
        });
        for (const part of chunks(pairs, 500)) {
          await tx.execute(sql`delete from irm_assessments where (commitment_id, report_kind::text) in (values ${sql.join(part, sql`, `)})`);
        }
      }
      for (const part of chunks(assessments, 100)) await tx.insert(irmAssessments).values(part);

      progress(0.8);
      await insertAudits(tx, audits);
      progress(1);

      const outcome: OgpImportOutcome = {
        dryRun: input.dryRun,
        importId: input.dryRun ? null : imp.id,
        counts: {
          rows: rows.length,
          membersCreated: newMembers.length,
          plansCreated: newPlans.length,
          institutionsCreated: newInstitutions.size,
          commitmentsCreated: toInsert.length,
          commitmentsUpdated: matched.size,
          policyAreaLinks: links.length,
          irmAssessments: assessments.length,
        },
        commitments: rows.map((r) => ({
          row: r.row,
          ogpId: r.ogpId,
          memberCode: r.member.code,
          planNumber: r.plan.number,
          number: numberByOgpId.get(r.ogpId)!,
          title: r.title,
          language: r.language,
          action: matched.has(r.ogpId) ? 'updated' : 'created',
          policyAreas: r.policyAreas,
          assessments: r.assessments.map((a) => ({ reportKind: a.reportKind, publicationYear: a.publicationYear })),
        })),
        warnings,
      };
      if (input.dryRun) throw new DryRunRollback(outcome);
      return outcome;
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.outcome;
    throw error;
  }
}

