import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { messages } from '../../i18n/index.js';
import type { CliContext } from '../../lib/cli-context.js';
import { deliverOutbox, smtpTransport } from '../../lib/mail.js';
import { runDigests } from './commands.js';

/** `abierto subscriptions digest`: the public's daily and weekly digests (schedule it daily with cron); idempotent. */
export function registerSubscriptionsCommand(program: Command, ctx: CliContext): void {
  const group = program.command('subscriptions').description("the public's e-mail subscriptions (decision 046)");
  group
    .command('digest')
    .description('send the daily and weekly digests due now, one e-mail per subscription and period; never the same digest twice')
    .action(async () => {
      const database = await ctx.database();
      const config = loadConfig();
      const now = new Date();
      const r = await runDigests(database.db, now);
      await deliverOutbox(database.db, config.smtpUrl ? smtpTransport(config.smtpUrl) : null, config.mailFrom, now, config.linkUrl);
      ctx.out(messages(ctx.locale).subscriptions.cli.done(r.sent, r.pruned));
    });
}
