import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { messages, type Messages } from '../../i18n/index.js';
import type { CliContext } from '../../lib/cli-context.js';
import { progressBar } from '../ingest/progress.js';
import { importOgpData, OgpRowsInvalidError, type OgpImportOutcome } from './commands.js';
import { exportOgpTable, toCsv, toXlsx } from './export.js';
import type { OgpWarning } from './mapping.js';
import { OgpDataError, readDataTable } from './read.js';

/** Row errors listed in a message before "… and N more". */
const MAX_LISTED = 50;

export function describeOgpWarning(w: OgpWarning, t: Messages): OgpWarning & { message: string } {
  const at = t.ogp.warningAt(w.row, w.column);
  return { ...w, message: `${at ? `${at}: ` : ''}${t.ogp.warnings[w.code](w.params)}` };
}

/** The lines that explain an OGP data error, or null when the error is not one of ours. */
export function ogpErrorLines(error: unknown, t: Messages): string[] | null {
  if (error instanceof OgpRowsInvalidError) {
    const lines = [t.ogp.errors.rows_invalid(error.params)];
    for (const e of error.errors.slice(0, MAX_LISTED)) lines.push(t.ogp.rowError(e.row, e.column, t.ogp.rowErrors[e.code](e.params)));
    if (error.errors.length > MAX_LISTED) lines.push(`… (+${error.errors.length - MAX_LISTED})`);
    return lines;
  }
  if (error instanceof OgpDataError) return [t.ogp.errors[error.code](error.params)];
  return null;
}

/** `abierto import data.csv|data.xlsx`: OGP's commitment data, previewed with --dry-run. */
export async function runOgpImport(
  ctx: CliContext,
  input: { file: string; bytes: Uint8Array; format: 'csv' | 'xlsx'; dryRun: boolean; json: boolean },
): Promise<void> {
  const t = messages(ctx.locale);
  const bar = progressBar();
  try {
    bar.update(0, t.ogp.stages.reading);
    const table = await readDataTable(input.bytes, input.format);
    const { db } = await ctx.database();
    const outcome = await importOgpData(db, {
      table,
      source: { name: input.file.split(/[\\/]/).pop() ?? input.file, format: input.format, content: input.bytes },
      actor: 'cli',
      dryRun: input.dryRun,
      now: new Date(),
      onProgress: (f) => bar.update(0.1 + f * 0.9, t.ogp.stages.storing),
    });
    bar.done();
    printOutcome(outcome, ctx, t, input.json);
  } finally {
    bar.done();
  }
}

function printOutcome(outcome: OgpImportOutcome, ctx: CliContext, t: Messages, json: boolean) {
  if (json) {
    ctx.out(JSON.stringify({ ...outcome, warnings: outcome.warnings.map((w) => describeOgpWarning(w, t)) }, null, 2));
    return;
  }
  for (const c of outcome.commitments) {
    ctx.out(`${c.ogpId}  ${c.memberCode} ${c.planNumber} · ${c.number}  ${c.title.replace(/\s+/g, ' ').slice(0, 100)} [${c.action}]`);
  }
  for (const w of outcome.warnings) ctx.err(`${t.cli.warning}: ${describeOgpWarning(w, t).message}`);
  ctx.out(t.ogp.summary(outcome.counts));
  if (outcome.dryRun) ctx.out(t.cli.dryRun);
}

export function registerExportCommand(program: Command, ctx: CliContext) {
  program
    .command('export')
    .description("export data: ogp-csv | ogp-xlsx (OGP's commitment data, 171 columns)")
    .argument('<what>', 'ogp-csv or ogp-xlsx')
    .option('--out <file>', 'the file to write')
    .action(async (what: string, o: { out?: string }) => {
      const t = messages(ctx.locale);
      if (what !== 'ogp-csv' && what !== 'ogp-xlsx') {
        ctx.err(`abierto: ${t.ogp.exportUnknown(what)}`);
        process.exitCode = 1;
        return;
      }
      if (!o.out) {
        ctx.err(`abierto: ${t.ogp.outNeeded}`);
        process.exitCode = 1;
        return;
      }
      const bar = progressBar();
      try {
        bar.update(0.1, t.ogp.stages.exporting);
        const { db } = await ctx.database();
        const table = await exportOgpTable(db);
        bar.update(0.6, t.ogp.stages.exporting);
        const bytes = what === 'ogp-csv' ? toCsv(table) : await toXlsx(table);
        try {
          await writeFile(o.out, bytes);
        } catch (error) {
          throw new OgpExportFailure(t.ogp.outUnwritable(o.out, (error as NodeJS.ErrnoException).code ?? 'error'));
        }
        bar.done();
        ctx.out(t.ogp.exported(table.length - 1, o.out));
      } catch (error) {
        bar.done();
        if (!(error instanceof OgpExportFailure)) throw error;
        ctx.err(`abierto: ${error.message}`);
        process.exitCode = 1;
      }
    });
}

class OgpExportFailure extends Error {}
