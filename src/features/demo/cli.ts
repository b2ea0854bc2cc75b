import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { messages } from '../../i18n/index.js';
import type { CliContext } from '../../lib/cli-context.js';
import { createPracticePlan, removePracticePlan } from './practice.js';

/**
 * `abierto demo practice` adds the practice plan and prints a one-time sign-in link per role;
 * `abierto demo practice --remove` (or `demo practice remove`) removes it completely (decision 055).
 */
export function registerDemoCommand(program: Command, ctx: CliContext): void {
  const demo = program.command('demo').description('the demo data: practice');
  demo
    .command('practice')
    .description('add a practice plan with an open reporting period and one account per role (--remove: remove it and all of it)')
    .argument('[action]', '"remove" to remove the practice plan')
    .option('--remove', 'remove the practice plan, its accounts, reports and periods')
    .action(async (action: string | undefined, o: { remove?: boolean }) => {
      const t = messages(ctx.locale).demo.cli;
      if (action !== undefined && action !== 'remove') {
        ctx.err(`abierto: ${t.unknown(action.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 40))}`);
        process.exitCode = 2;
        return;
      }
      const database = await ctx.database();
      const config = loadConfig();
      const now = new Date();
      if (o.remove || action === 'remove') {
        const outcome = await removePracticePlan(database.db, { now });
        if (outcome.removed) return ctx.out(t.removed(outcome.accounts));
        if (outcome.reason === 'none') return ctx.out(t.nothingToRemove);
        const reason =
          outcome.reason === 'not_practice'
            ? t.reasons.notPractice
            : outcome.reason === 'published'
              ? t.reasons.published
              : outcome.reason === 'account_elsewhere'
                ? t.reasons.accountElsewhere(outcome.email)
                : t.reasons.inUse(outcome.detail);
        ctx.err(`abierto: ${t.refused(reason)}`);
        process.exitCode = 1;
        return;
      }
      const outcome = await createPracticePlan(database.db, { now, baseUrl: config.linkUrl, locale: ctx.locale });
      const planUrl = `${config.linkUrl}/plans/${outcome.planId}`;
      if (!outcome.created) return ctx.out(t.exists(planUrl));
      ctx.out(t.created(planUrl));
      ctx.out(t.period(outcome.deadline));
      ctx.out(t.accounts);
      for (const a of outcome.accounts) ctx.out(t.account(t.roles[a.role], a.email, a.link ?? '—'));
      ctx.out(t.removeHint);
    });
}
