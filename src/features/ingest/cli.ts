import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { actionPlans, members } from '../../db/schema/index.js';
import { messages, type Messages } from '../../i18n/index.js';
import type { CliContext } from '../../lib/cli-context.js';
import { textIn } from '../../lib/localized.js';
import { monthSchema } from '../../lib/month.js';
import { ensureMember, ensurePlan } from '../plans/commands.js';
import type { ImportOutcome } from './commands.js';
import { MAX_IMPORT_BYTES } from './decode.js';
import { MAX_DATA_BYTES } from '../ogp/read.js';
import { ogpErrorLines, runOgpImport } from '../ogp/cli.js';
import { progressBar } from './progress.js';
import { describeWarning, detectFormat, importErrorMessage, importTemplateDocument } from './documents.js';

interface ImportOptions {
  dryRun?: boolean;
  json?: boolean;
  plan?: string;
  member?: string;
  planNumber?: string;
  planTitle?: string;
  planStart?: string;
  planEnd?: string;
  docLang?: 'es' | 'en';
}

/** A user-facing failure: printed as one line, exit code 1. */
export class CliFailure extends Error {
  override name = 'CliFailure';
}

async function resolvePlan(db: Database, o: ImportOptions, t: Messages, dryRun: boolean): Promise<number> {
  if (o.plan) {
    if (!/^[1-9]\d{0,9}$/.test(o.plan)) throw new CliFailure(t.cli.planNotFound(o.plan));
    const found = await db.select({ id: actionPlans.id }).from(actionPlans).where(eq(actionPlans.id, Number(o.plan))).limit(1);
    if (!found[0]) throw new CliFailure(t.cli.planNotFound(o.plan));
    return found[0].id;
  }
  if (o.member || o.planNumber) {
    if (!o.member || !o.planNumber || !/^[1-9]\d{0,3}$/.test(o.planNumber)) throw new CliFailure(t.cli.planNeeded);
    const code = o.member.trim();
    const number = Number(o.planNumber);
    const found = await db
      .select({ id: actionPlans.id })
      .from(actionPlans)
      .innerJoin(members, eq(members.id, actionPlans.memberId))
      .where(and(eq(members.code, code), eq(actionPlans.number, number)))
      .limit(1);
    if (found[0]) return found[0].id;
    const start = monthSchema.safeParse(o.planStart);
    const end = monthSchema.safeParse(o.planEnd);
    if (!o.planTitle || !start.success || !end.success) throw new CliFailure(t.cli.planNew);
    if (dryRun) throw new CliFailure(t.cli.planNewDryRun);
    return db.transaction(async (tx) => {
      const member = await ensureMember(tx, { code, name: { [o.docLang ?? 'es']: code } }, 'cli');
      const plan = await ensurePlan(tx, member.id, { number, title: { [o.docLang ?? 'es']: o.planTitle! }, startMonth: start.data, endMonth: end.data }, 'cli');
      return plan.id;
    });
  }
  const all = await db.select({ id: actionPlans.id }).from(actionPlans).orderBy(asc(actionPlans.id)).limit(2);
  if (all.length === 1 && all[0]) return all[0].id;
  throw new CliFailure(t.cli.planNeeded);
}

function printHuman(outcome: ImportOutcome, ctx: CliContext, t: Messages) {
  const L = ctx.locale;
  for (const c of outcome.commitments) {
    ctx.out(`${t.commitment.numberTitle(c.number)}: ${textIn(c.title, L)} [${c.action}]`);
    ctx.out(`  ${t.commitment.completion}: ${t.status[c.completion ?? 'not_reported']}`);
    for (const m of c.milestones) {
      const dates = [m.plannedStart, m.plannedEnd].filter(Boolean).join(' – ');
      ctx.out(`  ${t.milestone.number(m.number)}: ${textIn(m.title, L)} (${dates || t.milestone.noDates}) — ${t.status[m.status ?? 'not_reported']}${m.delayed ? ` · ${t.milestone.delayed}` : ''}`);
    }
  }
  for (const w of outcome.warnings) {
    const d = describeWarning(w, t);
    ctx.err(`${t.cli.warning}${d.label ? ` (${d.label})` : ''}: ${d.message}`);
  }
  const plan = textIn(outcome.plan.title, L);
  ctx.out(outcome.dryRun ? t.cli.dryRun : t.cli.imported(outcome.commitments.length, plan));
}

export function registerImportCommand(program: Command, ctx: CliContext) {
  program
    .command('import')
    .description("import a commitment template document (.docx, .pdf, .html, .md, .txt) into a plan, or OGP's commitment data (.csv, .xlsx)")
    .argument('<file>', 'the document')
    .option('--dry-run', 'show what would be stored, store nothing')
    .option('--json', 'print the result as JSON, in the shape of the API')
    .option('--plan <id>', 'the plan to import into')
    .option('--member <code>', 'the member (e.g. CL), with --plan-number')
    .option('--plan-number <n>', "the plan's number within the member")
    .option('--plan-title <title>', 'title of a plan to create')
    .option('--plan-start <YYYY-MM>', 'first month of a plan to create')
    .option('--plan-end <YYYY-MM>', 'last month of a plan to create')
    .option('--doc-lang <lang>', "the document's language (es|en); detected when omitted")
    .action(async (file: string, o: ImportOptions) => {
      const t = messages(ctx.locale);
      try {
        let size: number;
        try {
          size = (await stat(file)).size;
        } catch (error) {
          throw new CliFailure(t.cli.fileUnreadable(file, (error as NodeJS.ErrnoException).code ?? 'error'));
        }
        const isData = /\.(csv|xlsx)$/i.test(file);
        if (isData && size > MAX_DATA_BYTES) throw new CliFailure(t.ogp.errors.too_large({ limit: MAX_DATA_BYTES }));
        if (!isData && size > MAX_IMPORT_BYTES) throw new CliFailure(t.parseErrors.too_large({ limit: MAX_IMPORT_BYTES }));
        const bytes = new Uint8Array(await readFile(file));
        const format = detectFormat(file, bytes);
        if (format === 'csv' || format === 'xlsx') {
          await runOgpImport(ctx, { file, bytes, format, dryRun: o.dryRun === true, json: o.json === true });
          return;
        }
        if (o.docLang && o.docLang !== 'es' && o.docLang !== 'en') throw new CliFailure(t.cli.badLang);
        const { db } = await ctx.database();
        const planId = await resolvePlan(db, o, t, o.dryRun === true);
        const bar = progressBar();
        bar.update(0.3, t.ogp.stages.reading);
        const outcome = await importTemplateDocument(db, {
          fileName: file,
          bytes,
          planId,
          actor: 'cli',
          dryRun: o.dryRun === true,
          now: new Date(),
          ...(o.docLang ? { language: o.docLang } : {}),
        }).finally(() => bar.done());
        if (o.json) {
          ctx.out(JSON.stringify({ ...outcome, warnings: outcome.warnings.map((w) => describeWarning(w, t)) }, null, 2));
        } else printHuman(outcome, ctx, t);
      } catch (error) {
        const lines = error instanceof CliFailure ? [error.message] : (ogpErrorLines(error, t) ?? [importErrorMessage(error, t)].filter((m): m is string => m !== null));
        if (lines.length === 0) throw error;
        const [message, ...details] = lines as [string, ...string[]];
        if (o.json) ctx.out(JSON.stringify({ error: { message, details } }, null, 2));
        ctx.err(`abierto: ${message}`);
        for (const d of details) ctx.err(`  ${d}`);
        process.exitCode = 1;
      }
    });
}
