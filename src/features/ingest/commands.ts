import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Database, Transaction } from '../../db/client.js';
import { actionPlans, commitments, imports, milestones, progressUpdates } from '../../db/schema/index.js';
import { recordAudit } from '../../lib/audit.js';
import type { Locale } from '../../lib/levels.js';
import type { LocalizedText } from '../../lib/localized.js';
import { commitmentPosition } from '../../lib/text.js';
import { getCommitmentDetail } from '../commitments/queries.js';
import type { CommitmentDetail } from '../commitments/schemas.js';
import { ensureContact, ensureInstitution } from '../institutions/commands.js';
import type { ParseResult, ParseWarning, ParsedCommitment, ParsedMilestone } from './parsed.js';

export interface ImportSource {
  /** The file name as given by the user. */
  name: string;
  format: string;
  /** The bytes (or text) of the document, for its fingerprint. */
  content: string | Uint8Array;
}

/** One stored field an import changes: its value before and after, as text (decision 044). */
export interface FieldChange {
  /** `problem`, `milestones.2.status`, … */
  field: string;
  before: string | null;
  after: string | null;
}

export interface ImportOutcome {
  dryRun: boolean;
  importId: number | null;
  plan: CommitmentDetail['plan'];
  /** Each commitment as it is (or, in a dry run, would be) stored, in the API's shape, with what it changes. */
  commitments: (CommitmentDetail & { action: 'created' | 'updated'; changes: FieldChange[] })[];
  warnings: ParseWarning[];
  /**
   * A fingerprint of every change the import makes: the preview shows it, the confirmation passes it
   * back, and the import is refused (nothing stored) if what it would do is no longer what was shown.
   */
  fingerprint: string;
}

export type ImportErrorCode = 'plan_not_found' | 'number_missing' | 'duplicate_number' | 'nothing_to_import' | 'preview_outdated';

/** The import cannot be done as asked; nothing was stored. */
export class ImportError extends Error {
  constructor(
    readonly code: ImportErrorCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`import error: ${code}`);
    this.name = 'ImportError';
  }
}

class DryRunRollback extends Error {
  constructor(readonly outcome: ImportOutcome) {
    super('dry run');
  }
}

/** Sets the text of one language, keeping the other; an empty text removes that language's version. */
export function withLanguage(existing: LocalizedText | undefined, lang: Locale, value: string | null): LocalizedText {
  const next: LocalizedText = { ...(existing ?? {}) };
  if (value && value.trim() !== '') next[lang] = value;
  else delete next[lang];
  return next;
}

/** Sets one language of a list item by item, keeping the other language where it has the same position. */
export function listWithLanguage(existing: LocalizedText[] | undefined, lang: Locale, values: string[]): LocalizedText[] {
  const old = existing ?? [];
  const length = Math.max(values.length, old.filter((item) => Object.keys(item).some((k) => k !== lang)).length);
  const out: LocalizedText[] = [];
  for (let i = 0; i < length; i += 1) {
    const item = withLanguage(old[i], lang, values[i] ?? null);
    if (Object.keys(item).length > 0) out.push(item);
  }
  return out;
}

/**
 * A re-import never erases (decision 044): a text the document lacks or could not read keeps its stored
 * value; a text it has replaces that language's version.
 */
export function keepText(existing: LocalizedText | undefined, lang: Locale, value: string | null): LocalizedText {
  return value && value.trim() !== '' ? withLanguage(existing, lang, value) : { ...(existing ?? {}) };
}

/** A list the document lacks (empty) keeps the stored list; else as `listWithLanguage`. */
export function keepList(existing: LocalizedText[] | undefined, lang: Locale, values: string[]): LocalizedText[] {
  return values.some((v) => v.trim() !== '') ? listWithLanguage(existing, lang, values) : [...(existing ?? [])];
}

function commitmentValues(p: ParsedCommitment, before: typeof commitments.$inferSelect | undefined) {
  const L = p.language;
  return {
    generation: p.generation,
    title: keepText(before?.title, L, p.title),
    theme: keepText(before?.theme, L, p.theme),
    startMonth: p.start ?? before?.startMonth ?? null,
    endMonth: p.end ?? before?.endMonth ?? null,
    otherActorsGovernment: keepList(before?.otherActorsGovernment, L, p.otherActors.government),
    otherActorsCivilSociety: keepList(before?.otherActorsCivilSociety, L, p.otherActors.civilSociety),
    problem: keepText(before?.problem, L, p.problem),
    objective: keepText(before?.objective, L, p.objective),
    briefDescription: keepText(before?.briefDescription, L, p.briefDescription),
    description: keepText(before?.description, L, p.description),
    howItSolves: keepText(before?.howItSolves, L, p.howItSolves),
    relevance: keepText(before?.relevance, L, p.relevance),
    ambition: keepText(before?.ambition, L, p.ambition),
    completion: p.completion ?? before?.completion ?? null,
    resultsDescription: keepText(before?.resultsDescription, L, p.resultsDescription),
    nextSteps: keepList(before?.nextSteps, L, p.nextSteps),
    additionalInformation: keepText(before?.additionalInformation, L, p.additionalInformation),
    remainingChallenges: keepText(before?.remainingChallenges, L, p.remainingChallenges),
  };
}

function milestoneValues(m: ParsedMilestone, lang: Locale, before: typeof milestones.$inferSelect | undefined) {
  return {
    title: keepText(before?.title, lang, m.title),
    subItems:
      m.subItems.length === 0 && before
        ? before.subItems
        : m.subItems.map((s, i) => ({
            title: keepText(before?.subItems[i]?.title, lang, s.title),
            start: s.start ?? before?.subItems[i]?.start ?? null,
            end: s.end ?? before?.subItems[i]?.end ?? null,
          })),
    plannedStart: m.start ?? before?.plannedStart ?? null,
    plannedEnd: m.end ?? before?.plannedEnd ?? null,
    status: m.status ?? before?.status ?? null,
    narrative: keepText(before?.narrative, lang, m.narrative),
    reportedDelayed: m.reportedDelayed ?? before?.reportedDelayed ?? null,
    delayNote: keepText(before?.delayNote, lang, m.delayNote),
  };
}

const COMMITMENT_FIELDS = [
  'title',
  'theme',
  'startMonth',
  'endMonth',
  'otherActorsGovernment',
  'otherActorsCivilSociety',
  'problem',
  'objective',
  'briefDescription',
  'description',
  'howItSolves',
  'relevance',
  'ambition',
  'completion',
  'resultsDescription',
  'nextSteps',
  'additionalInformation',
  'remainingChallenges',
] as const;
const MILESTONE_FIELDS = ['title', 'subItems', 'plannedStart', 'plannedEnd', 'status', 'narrative', 'reportedDelayed', 'delayNote'] as const;

/** A stored value as the preview shows it: a text in the document's language (else any), a list one item a line. */
function shown(value: unknown, lang: Locale): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const items = value.map((v) => (v && typeof v === 'object' && 'title' in v ? shown((v as { title: unknown }).title, lang) : shown(v, lang))).filter((v): v is string => !!v);
    return items.length === 0 ? null : items.map((i) => `- ${i}`).join('\n');
  }
  if (typeof value === 'object') {
    const text = value as LocalizedText;
    const keys = Object.keys(text) as Locale[];
    if (keys.length === 0) return null;
    const mine = text[lang];
    const others = keys.filter((k) => k !== lang).map((k) => `[${k}] ${text[k]}`);
    return [mine, ...others].filter(Boolean).join('\n');
  }
  return JSON.stringify(value);
}

/** Every field whose stored value the import changes, before → after (a created commitment: every field it fills). */
function fieldChanges(
  lang: Locale,
  before: { c: Record<string, unknown> | undefined; ms: Record<string, unknown>[] },
  after: { c: Record<string, unknown>; ms: Record<string, unknown>[] },
): FieldChange[] {
  const out: FieldChange[] = [];
  const compare = (prefix: string, fields: readonly string[], b: Record<string, unknown> | undefined, a: Record<string, unknown>) => {
    for (const f of fields) {
      const was = b ? JSON.stringify(b[f] ?? null) : 'null';
      const now = JSON.stringify(a[f] ?? null);
      if (was === now) continue;
      const x = shown(b?.[f], lang);
      const y = shown(a[f], lang);
      if (x === y && x === null) continue;
      out.push({ field: `${prefix}${f}`, before: x, after: y });
    }
  };
  compare('', COMMITMENT_FIELDS, before.c, after.c);
  for (const m of after.ms) {
    const old = before.ms.find((o) => o.number === m.number);
    compare(`milestones.${String(m.number)}.`, MILESTONE_FIELDS, old, m);
  }
  return out;
}

async function storeCommitment(
  tx: Transaction,
  plan: typeof actionPlans.$inferSelect,
  p: ParsedCommitment & { number: number },
  importId: number,
  actor: string,
  warn: (w: ParseWarning) => void,
): Promise<{ id: number; action: 'created' | 'updated'; changes: FieldChange[] }> {
  const lang = p.language;
  const lead = p.leadInstitution ? await ensureInstitution(tx, plan.memberId, p.leadInstitution, lang, actor) : null;
  const contact =
    lead && p.contact.name
      ? await ensureContact(tx, lead.id, { name: p.contact.name, title: p.contact.title, email: p.contact.email, phone: p.contact.phone }, lang, actor)
      : null;

  // Matched by OGP id first (within the plan), else by plan + number (decision 005).
  const byOgpId = p.ogpId
    ? await tx
        .select()
        .from(commitments)
        .where(and(eq(commitments.planId, plan.id), eq(commitments.ogpId, p.ogpId)))
        .limit(1)
    : [];
  const found = byOgpId.length > 0 ? byOgpId : await tx
    .select()
    .from(commitments)
    .where(and(eq(commitments.planId, plan.id), eq(commitments.number, String(p.number))))
    .limit(1);
  const before = found[0];
  const values = {
    ...commitmentValues(p, before),
    leadInstitutionId: lead?.id ?? before?.leadInstitutionId ?? null,
    contactId: contact?.id ?? before?.contactId ?? null,
    sourceImportId: importId,
    ...(p.ogpId ? { ogpId: p.ogpId } : {}),
  };
  let id: number;
  if (before) {
    await tx.update(commitments).set({ ...values, updatedAt: new Date() }).where(eq(commitments.id, before.id));
    id = before.id;
  } else {
    const [created] = await tx.insert(commitments).values({ ...values, planId: plan.id, number: String(p.number), position: commitmentPosition(String(p.number)) }).returning({ id: commitments.id });
    if (!created) throw new Error('commitment insert returned nothing');
    id = created.id;
  }

  const oldMilestones = await tx.select().from(milestones).where(eq(milestones.commitmentId, id)).orderBy(milestones.number);
  const byNumber = new Map(oldMilestones.map((m) => [m.number, m]));
  // A status verified on the platform outranks the document's (decision 031): it is kept, and the import says so.
  const verified =
    oldMilestones.length === 0
      ? new Set<number>()
      : new Set(
          (
            await tx
              .selectDistinct({ milestoneId: progressUpdates.milestoneId })
              .from(progressUpdates)
              .where(and(inArray(progressUpdates.milestoneId, oldMilestones.map((m) => m.id)), eq(progressUpdates.state, 'verified')))
              .orderBy(progressUpdates.milestoneId)
          ).map((r) => r.milestoneId),
        );
  for (const m of p.milestones) {
    const old = byNumber.get(m.number);
    const mv = milestoneValues(m, lang, old);
    if (old && verified.has(old.id) && mv.status !== old.status) {
      warn({
        code: 'status_kept_verified',
        field: `milestones[${m.number}].status`,
        params: { milestone: m.number, kept: old.status ?? 'not_reported', document: m.status ?? 'not_reported' },
      });
      mv.status = old.status;
    }
    // The verified report's narrative is the public one (decision 041): the document does not replace it.
    if (old && verified.has(old.id)) mv.narrative = old.narrative;
    if (old) await tx.update(milestones).set({ ...mv, updatedAt: new Date() }).where(eq(milestones.id, old.id));
    else await tx.insert(milestones).values({ ...mv, commitmentId: id, number: m.number });
  }
  const after = await tx.select().from(commitments).where(eq(commitments.id, id)).limit(1);
  const afterMilestones = await tx.select().from(milestones).where(eq(milestones.commitmentId, id)).orderBy(milestones.number);
  await recordAudit(tx, {
    actor,
    action: before ? 'commitment.reimport' : 'commitment.import',
    entityType: 'commitment',
    entityId: id,
    details: {
      importId,
      before: before ? { commitment: before, milestones: oldMilestones } : null,
      after: { commitment: after[0], milestones: afterMilestones },
    },
  });
  const changes = fieldChanges(lang, { c: before, ms: oldMilestones }, { c: after[0]!, ms: afterMilestones });
  return { id, action: before ? 'updated' : 'created', changes };
}

/**
 * Stores what the template parser read into a plan, in one transaction with its audit records.
 * A commitment is matched by plan and number (updated, keeping the other language's texts and
 * the previous values in the audit log), else created. With `dryRun` everything is done and then
 * rolled back, so the outcome shows exactly what would be stored.
 */
export async function importParsedCommitments(
  db: Database,
  input: { planId: number; parsed: ParseResult; source: ImportSource; actor: string; dryRun: boolean; now: Date; expectFingerprint?: string },
): Promise<ImportOutcome> {
  const { parsed } = input;
  if (parsed.commitments.length === 0) throw new ImportError('nothing_to_import');
  const numbered: (ParsedCommitment & { number: number })[] = [];
  const seen = new Set<number>();
  parsed.commitments.forEach((c, index) => {
    if (c.number === null) throw new ImportError('number_missing', { commitment: index + 1 });
    if (seen.has(c.number)) throw new ImportError('duplicate_number', { number: c.number });
    seen.add(c.number);
    numbered.push({ ...c, number: c.number });
  });
  const sha256 = createHash('sha256').update(input.source.content).digest('hex');

  try {
    return await db.transaction(async (tx) => {
      const plans = await tx.select().from(actionPlans).where(eq(actionPlans.id, input.planId)).limit(1);
      const plan = plans[0];
      if (!plan) throw new ImportError('plan_not_found', { id: input.planId });
      const [imp] = await tx
        .insert(imports)
        .values({ sourceName: input.source.name, sha256, format: input.source.format, warnings: parsed.warnings, actor: input.actor })
        .returning();
      if (!imp) throw new Error('import insert returned nothing');
      await recordAudit(tx, {
        actor: input.actor,
        action: 'import.create',
        entityType: 'import',
        entityId: imp.id,
        details: { sourceName: imp.sourceName, sha256, format: imp.format, planId: plan.id, warnings: parsed.warnings.length },
      });
      const warnings = [...parsed.warnings];
      const stored: { id: number; action: 'created' | 'updated'; changes: FieldChange[] }[] = [];
      for (const [index, c] of numbered.entries()) {
        stored.push(await storeCommitment(tx, plan, c, imp.id, input.actor, (w) => warnings.push({ ...w, commitment: index })));
      }
      if (warnings.length > parsed.warnings.length) await tx.update(imports).set({ warnings }).where(eq(imports.id, imp.id));
      const details: ImportOutcome['commitments'] = [];
      for (const s of stored) {
        const detail = await getCommitmentDetail(tx, s.id, input.now);
        if (detail) details.push({ ...detail, action: s.action, changes: s.changes });
      }
      const fingerprint = createHash('sha256')
        .update(JSON.stringify(details.map((d) => [d.number, d.action, d.changes])))
        .digest('hex');
      if (input.expectFingerprint !== undefined && input.expectFingerprint !== fingerprint) throw new ImportError('preview_outdated');
      const outcome: ImportOutcome = {
        dryRun: input.dryRun,
        importId: input.dryRun ? null : imp.id,
        plan: details[0]?.plan ?? { id: plan.id, number: plan.number, title: plan.title, memberCode: '', practice: plan.practice },
        commitments: details,
        warnings,
        fingerprint,
      };
      if (input.dryRun) throw new DryRunRollback(outcome);
      return outcome;
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.outcome;
    throw error;
  }
}
