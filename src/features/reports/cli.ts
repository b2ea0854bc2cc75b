import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { eq } from 'drizzle-orm';
import { members, actionPlans } from '../../db/schema/index.js';
import { messages } from '../../i18n/index.js';
import type { CliContext } from '../../lib/cli-context.js';
import type { Locale } from '../../lib/levels.js';
import { buildFollowUpReport } from './follow-up.js';
import { getFollowUpReport, getSelfAssessmentData } from './queries.js';
import { renderReport } from './routes.js';
import { REPORT_FORMATS, SELF_ASSESSMENT_KINDS, type ReportFormat, type SelfAssessmentKind } from './schemas.js';
import { buildSelfAssessment } from './self-assessment.js';

class CliFailure extends Error {}

interface ReportOptions {
  plan?: string;
  id?: string;
  kind?: string;
  format?: string;
  out?: string;
}

function choice<T extends string>(value: string | undefined, allowed: readonly T[], name: string, fallback: T, t: ReturnType<typeof messages>): T {
  if (value === undefined) return fallback;
  const found = allowed.find((a) => a === value);
  if (!found) throw new CliFailure(t.reports.cli.badOption(name, allowed.join(', ')));
  return found;
}

function positiveId(value: string | undefined, notFound: (id: string) => string): number {
  if (!value || !/^[1-9]\d{0,9}$/.test(value) || Number(value) > 2_147_483_647) throw new CliFailure(notFound(value ?? ''));
  return Number(value);
}

/**
 * `abierto report self-assessment --plan ID --format html|docx|pdf --lang es|en --out FILE`
 * and `abierto report follow-up --id ID …`: the same documents the web offers, written to a file.
 */
export function registerReportCommand(program: Command, ctx: CliContext) {
  const report = program.command('report').description('generate a report of a plan as a file (HTML, DOCX or PDF)');

  async function write(out: string, bytes: Uint8Array, t: ReturnType<typeof messages>) {
    try {
      await writeFile(out, bytes);
    } catch (error) {
      throw new CliFailure(t.reports.cli.cannotWrite(out, (error as NodeJS.ErrnoException).code ?? 'error'));
    }
    ctx.out(t.reports.cli.written(out, bytes.length));
  }

  function fail(error: unknown) {
    if (!(error instanceof CliFailure)) throw error;
    ctx.err(`abierto: ${error.message}`);
    process.exitCode = 1;
  }

  report
    .command('self-assessment')
    .description('the self-assessment report of a plan in OGP’s template')
    .requiredOption('--plan <id>', 'the plan')
    .option('--kind <kind>', 'mid_term (default) or end_of_term')
    .option('--format <format>', 'html, docx (default) or pdf')
    .requiredOption('--out <file>', 'where to write it')
    .action(async (o: ReportOptions, cmd: Command) => {
      const t = messages(ctx.locale);
      try {
        const lang = ((cmd.optsWithGlobals() as { lang?: Locale }).lang ?? 'es') as Locale;
        const kind = choice<SelfAssessmentKind>(o.kind, SELF_ASSESSMENT_KINDS, 'kind', 'mid_term', t);
        const format = choice<ReportFormat>(o.format, REPORT_FORMATS, 'format', 'docx', t);
        const planId = positiveId(o.plan, t.reports.cli.planNotFound);
        const { db } = await ctx.database();
        const data = await getSelfAssessmentData(db, planId, kind, new Date());
        if (!data) throw new CliFailure(t.reports.cli.planNotFound(String(o.plan)));
        await write(o.out ?? '', await renderReport(buildSelfAssessment(data, messages(lang), lang), format), t);
      } catch (error) {
        fail(error);
      }
    });

  report
    .command('follow-up')
    .description('a published follow-up report')
    .requiredOption('--id <id>', 'the follow-up report')
    .option('--format <format>', 'html, docx (default) or pdf')
    .requiredOption('--out <file>', 'where to write it')
    .action(async (o: ReportOptions, cmd: Command) => {
      const t = messages(ctx.locale);
      try {
        const lang = ((cmd.optsWithGlobals() as { lang?: Locale }).lang ?? 'es') as Locale;
        const format = choice<ReportFormat>(o.format, REPORT_FORMATS, 'format', 'docx', t);
        const id = positiveId(o.id, t.reports.cli.reportNotFound);
        const { db } = await ctx.database();
        const found = await getFollowUpReport(db, id);
        if (!found) throw new CliFailure(t.reports.cli.reportNotFound(String(o.id)));
        const member = await db
          .select({ name: members.name, secretariat: members.secretariatInstitution })
          .from(actionPlans)
          .innerJoin(members, eq(members.id, actionPlans.memberId))
          .where(eq(actionPlans.id, found.report.planId))
          .limit(1);
        const name = member[0]?.name[lang] ?? member[0]?.name.es ?? '';
        await write(o.out ?? '', await renderReport(buildFollowUpReport({ ...found, memberName: name, secretariat: member[0]?.secretariat }, messages(lang), lang), format), t);
      } catch (error) {
        fail(error);
      }
    });
}
