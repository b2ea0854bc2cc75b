import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { ensureDemo } from './features/demo/demo.js';
import { failAndExit } from './lib/fatal.js';
import { boundHeapGrowth } from './lib/heap.js';
import { admissionLimits } from './lib/admission.js';
import { userCount } from './features/accounts/commands.js';
import { runReminders, startDailyReminders } from './features/monitoring/reminders.js';
import { messages } from './i18n/index.js';
import { smtpTransport } from './lib/mail.js';
import type { Locale } from './lib/levels.js';

function cliLocale(): Locale {
  const lang = process.env.ABIERTO_LANG ?? process.env.LC_ALL ?? process.env.LANG ?? '';
  return lang.toLowerCase().startsWith('en') ? 'en' : 'es';
}

/** boot: settings → database → migrations → demo on an empty database → listen. */
async function main() {
  boundHeapGrowth();
  const config = loadConfig();
  // PGlite runs in a worker thread so pages render while queries run (decision 065);
  // PGLITE_THREAD=0 keeps it in the server's thread.
  const database = await openDatabase(config, { thread: process.env.PGLITE_THREAD !== '0' });
  // A server whose embedded database has stopped can answer nothing: it stops too, with one line,
  // so that whatever supervises it (systemd, a container) starts it again.
  let stopping = false;
  (database.pglite as unknown as { worker?: import('node:worker_threads').Worker } | undefined)?.worker?.once('exit', (code) => {
    if (stopping) return;
    console.error(`abierto: the embedded database stopped (its thread exited with code ${code}); stopping the server`);
    process.exit(1);
  });
  await database.migrate();
  if (config.demo && (await ensureDemo(database.db, new Date()))) {
    console.log('abierto: empty database filled with the demo plan (Chile, 3rd action plan, commitment 19)');
  }
  if ((await userCount(database.db)) === 0) console.log(messages(cliLocale()).accounts.cli.firstAdmin);
  const mailTransport = config.smtpUrl ? smtpTransport(config.smtpUrl) : null;
  const app = createApp({ db: database.db, log: (line) => console.error(line), publicUrl: config.linkUrl, mailTransport, mailFrom: config.mailFrom, trustProxy: config.trustProxy, admission: admissionLimits(database.driver) });
  if (config.reminders) {
    startDailyReminders(async () => {
      try {
        const sent = await runReminders(database.db, new Date());
        await app.deps.flushMail();
        if (sent > 0) app.deps.cache.invalidate();
      } catch (error) {
        console.error(`reminders: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host });
  server.on('error', (error: NodeJS.ErrnoException) => {
    const reason =
      error.code === 'EADDRINUSE'
        ? `port ${config.port} is already in use; set PORT to a free port`
        : error.code === 'EACCES'
          ? `port ${config.port} needs privileges; set PORT above 1023`
          : error.message;
    failAndExit(new Error(reason));
  });
  server.on('listening', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    console.log(`abierto: listening on http://localhost:${port} (database: ${database.driver} ${database.location})`);
  });
  const stop = async () => {
    stopping = true;
    server.close();
    await database.close().catch(() => {});
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(failAndExit);
