import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { messages } from '../../i18n/index.js';
import type { CliContext } from '../../lib/cli-context.js';
import { deliverOutbox, smtpTransport } from '../../lib/mail.js';
import { runReminders } from './reminders.js';

/** `abierto reminders`: sends the reminders due now (schedule it daily with cron); idempotent. */
export function registerRemindersCommand(program: Command, ctx: CliContext): void {
  program
    .command('reminders')
    .description('send the reminders due now (deadlines, delayed milestones); never the same reminder twice')
    .action(async () => {
      const database = await ctx.database();
      const config = loadConfig();
      const now = new Date();
      const sent = await runReminders(database.db, now);
      await deliverOutbox(database.db, config.smtpUrl ? smtpTransport(config.smtpUrl) : null, config.mailFrom, now, config.linkUrl);
      ctx.out(messages(ctx.locale).monitoring.reminders.done(sent));
    });
}
