import { Command, CommanderError, Option } from 'commander';
import type { OpenDatabase } from './db/client.js';
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

type Register = (program: Command, ctx: CliContext) => void;

/**
 * The commands, each loaded only when it runs: a command's module pulls in what it needs (the
 * database drivers, DOCX/PDF/spreadsheet libraries), and `--help` needs none of it. The description
 * here is the one the overall help shows; the command's own module describes its options.
 */
const COMMANDS: { name: string; description: string; load: () => Promise<Register> }[] = [
  {
    name: 'import',
    description: "import a commitment template document (.docx, .pdf, .html, .md, .txt) into a plan, or OGP's commitment data (.csv, .xlsx)",
    load: async () => (await import('./features/ingest/cli.js')).registerImportCommand,
  },
  {
    name: 'export',
    description: "export data: ogp-csv | ogp-xlsx (OGP's commitment data, 171 columns)",
    load: async () => (await import('./features/ogp/cli.js')).registerExportCommand,
  },
  { name: 'user', description: 'accounts', load: async () => (await import('./features/accounts/cli.js')).registerUserCommand },
  {
    name: 'reminders',
    description: 'send the reminders due now (deadlines, delayed milestones); never the same reminder twice',
    load: async () => (await import('./features/monitoring/cli.js')).registerRemindersCommand,
  },
  {
    name: 'report',
    description: 'generate a report of a plan as a file (HTML, DOCX or PDF)',
    load: async () => (await import('./features/reports/cli.js')).registerReportCommand,
  },
  {
    name: 'token',
    description: 'personal API tokens: create | list | revoke (decision 054)',
    load: async () => (await import('./features/api/cli.js')).registerTokenCommand,
  },
  {
    name: 'subscriptions',
    description: "the public's e-mail subscriptions: digest (daily and weekly digests, never twice; decision 046)",
    load: async () => (await import('./features/subscriptions/cli.js')).registerSubscriptionsCommand,
  },
  {
    name: 'demo',
    description: 'demo data: practice adds a practice plan with one account per role (--remove removes it; decision 055)',
    load: async () => (await import('./features/demo/cli.js')).registerDemoCommand,
  },
];

/** The command a command line runs (`help <command>` included), if it is one of COMMANDS. */
function commandOf(argv: string[]): string | undefined {
  const words: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i] as string;
    if (a === '--lang') i += 1;
    else if (!a.startsWith('-')) words.push(a);
  }
  const name = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.some((c) => c.name === name) ? name : undefined;
}

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

/**
 * Runs one command line (without `node cli.js`) and answers its exit code: 0 done, 1 failed, 2 wrong
 * usage. Tests call it in-process; `main` below is the process around it.
 */
export async function runCli(argv: string[], io: CliIo, options: { database?: OpenDatabase } = {}): Promise<number> {
  const langIndex = argv.indexOf('--lang');
  const locale = cliLocale(langIndex >= 0 ? argv[langIndex + 1] : undefined);
  let opened: OpenDatabase | null = null;
  const ctx: CliContext = {
    locale,
    out: io.out,
    err: io.err,
    database: async () => {
      // A test's own database (in-process tests): used as it is, and left open.
      if (options.database) return options.database;
      if (opened) return opened;
      const [{ loadConfig }, { openDatabase }, { ensureDemo }] = await Promise.all([
        import('./config.js'),
        import('./db/client.js'),
        import('./features/demo/demo.js'),
      ]);
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
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) });
  const wanted = commandOf(argv);
  for (const command of COMMANDS) {
    if (command.name === wanted) (await command.load())(program, ctx);
    else program.command(command.name).description(command.description).allowUnknownOption().helpOption(false);
  }
  program
    .command('migrate')
    .description('apply the database migrations (the app also does this at start)')
    .action(async () => {
      const db = await ctx.database();
      ctx.out(`migrated (${db.driver} ${db.location})`);
    });
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await program.parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    // Anything else stops the command with one clear line (never a stack trace) and exit code 1.
    const message = error instanceof Error ? error.message : String(error);
    io.err(`abierto: ${message.split('\n')[0]}`);
    if (process.env.ABIERTO_DEBUG && error instanceof Error && error.stack) io.err(error.stack);
    return 1;
  } finally {
    process.exitCode = before;
    await (opened as OpenDatabase | null)?.close().catch(() => {});
  }
}

const isMain = process.argv[1] !== undefined && /(^|[\\/])(cli\.(ts|js)|start\.mjs)$/.test(process.argv[1]);
if (isMain) {
  runCli(process.argv.slice(2), {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  })
    .then((code) => {
      process.exitCode = code;
    })
    .catch(failAndExit);
}
