import { Command, CommanderError, Option } from 'commander';
import { loadConfig } from './config.js';
import { openDatabase, type OpenDatabase } from './db/client.js';
import { ensureDemo } from './features/demo/demo.js';
import { registerImportCommand } from './features/ingest/cli.js';
import { registerExportCommand } from './features/ogp/cli.js';
import { registerUserCommand } from './features/accounts/cli.js';
import { registerRemindersCommand } from './features/monitoring/cli.js';
import { registerReportCommand } from './features/reports/cli.js';
import { registerTokenCommand } from './features/api/cli.js';
import type { CliContext } from './lib/cli-context.js';
import { failAndExit } from './lib/fatal.js';
import type { Locale } from './lib/levels.js';

export function cliLocale(explicit?: string): Locale {
  const candidates = [explicit, process.env.ABIERTO_LANG, process.env.LC_ALL, process.env.LANG];
  for (const c of candidates) {
    if (!c) continue;
    if (c.toLowerCase().startsWith('en')) return 'en';
    if (c.toLowerCase().startsWith('es')) return 'es';
  }
  return 'es';
}

async function main(argv: string[]) {
  const langIndex = argv.indexOf('--lang');
  const locale = cliLocale(langIndex >= 0 ? argv[langIndex + 1] : undefined);
  let opened: OpenDatabase | null = null;
  const ctx: CliContext = {
    locale,
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    database: async () => {
      if (opened) return opened;
      const config = loadConfig();
      opened = await openDatabase(config);
      await opened.migrate();
      if (config.demo) await ensureDemo(opened.db, new Date());
      return opened;
    },
  };
  const program = new Command('abierto')
    .description('Abierto: OGP action plans, commitments and milestones')
    .addOption(new Option('--lang <lang>', 'language of messages').choices(['es', 'en']))
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerImportCommand(program, ctx);
  registerExportCommand(program, ctx);
  registerUserCommand(program, ctx);
  registerRemindersCommand(program, ctx);
  registerReportCommand(program, ctx);
  registerTokenCommand(program, ctx);
  program
    .command('migrate')
    .description('apply the database migrations (the app also does this at start)')
    .action(async () => {
      const db = await ctx.database();
      ctx.out(`migrated (${db.driver} ${db.location})`);
    });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      await (opened as OpenDatabase | null)?.close().catch(() => {});
      process.exit(error.exitCode === 0 ? 0 : 2);
    }
    throw error;
  } finally {
    await (opened as OpenDatabase | null)?.close().catch(() => {});
  }
}


main(process.argv.slice(2)).catch(failAndExit);
