import type { Command } from 'commander';
import { eq } from 'drizzle-orm';
import { loadConfig } from '../../config.js';
import { members } from '../../db/schema/index.js';
import { messages } from '../../i18n/index.js';
import type { CliContext } from '../../lib/cli-context.js';
import { ROLES, SEAT_SECTORS } from '../../db/schema/accounts.js';
import { AccountError, disableUser, enableUser, inviteUser, userIdByEmail } from './commands.js';
import { emailField, nameField } from './schemas.js';
import type { Role, SeatSector } from './policy.js';

interface UserAddOptions {
  email: string;
  name: string;
  role: string;
  member?: string;
  institution?: string;
  seat?: string;
  locale?: string;
}

/**
 * `abierto user add --email … --name … --role admin`: creates an account (or adds a role to one) and
 * prints the invitation link where its owner chooses a password. The way to create the first administrator.
 */
export function registerUserCommand(program: Command, ctx: CliContext): void {
  const user = program.command('user').description('accounts');
  user
    .command('add')
    .description('create an account (or add a role to it) and print its invitation link')
    .requiredOption('--email <email>', 'e-mail address')
    .requiredOption('--name <name>', 'full name')
    .option('--role <role>', `one of ${ROLES.join(', ')}`, 'admin')
    .option('--member <code>', 'member code (e.g. CL) for every role but admin')
    .option('--institution <id>', 'institution id, for institution contacts')
    .option('--seat <sector>', `forum seat: ${SEAT_SECTORS.join(', ')}`)
    .option('--locale <lang>', 'language of e-mails: es or en', 'es')
    .action(async (o: UserAddOptions) => {
      const t = messages(ctx.locale).accounts.cli;
      const fail = (message: string) => {
        ctx.err(`abierto: ${message}`);
        process.exitCode = 1;
      };
      const email = emailField.safeParse(o.email);
      const name = nameField.safeParse(o.name);
      if (!email.success) return fail(t.invalid('--email'));
      if (!name.success) return fail(t.invalid('--name'));
      if (!(ROLES as readonly string[]).includes(o.role)) return fail(t.invalid('--role'));
      if (o.seat && !(SEAT_SECTORS as readonly string[]).includes(o.seat)) return fail(t.invalid('--seat'));
      if (o.institution && !/^[1-9]\d{0,9}$/.test(o.institution)) return fail(t.invalid('--institution'));
      if (o.locale !== 'es' && o.locale !== 'en') return fail(t.invalid('--locale'));
      const database = await ctx.database();
      let memberId: number | null = null;
      if (o.member) {
        const m = await database.db.select({ id: members.id }).from(members).where(eq(members.code, o.member)).limit(1);
        if (!m[0]) return fail(t.memberNotFound(o.member));
        memberId = m[0].id;
      }
      const config = loadConfig();
      try {
        const outcome = await inviteUser(database.db, {
          email: email.data,
          name: name.data,
          locale: o.locale,
          grant: { role: o.role as Role, memberId, institutionId: o.institution ? Number(o.institution) : null, seat: (o.seat as SeatSector | undefined) ?? null },
          actor: 'cli',
          baseUrl: config.linkUrl,
          now: new Date(),
        });
        ctx.out(outcome.link ? t.added(email.data.toLowerCase(), outcome.link) : t.grantAdded(email.data.toLowerCase()));
      } catch (error) {
        if (error instanceof AccountError) return fail(t.invalid(error.code));
        throw error;
      }
    });

  for (const action of ['disable', 'enable'] as const) {
    user
      .command(action)
      .description(action === 'disable' ? 'disable an account: it cannot sign in and its sessions end' : 'enable a disabled account again')
      .requiredOption('--email <email>', 'e-mail address')
      .action(async (o: { email: string }) => {
        const t = messages(ctx.locale).accounts.cli;
        const fail = (message: string) => {
          ctx.err(`abierto: ${message}`);
          process.exitCode = 1;
        };
        const email = emailField.safeParse(o.email);
        if (!email.success) return fail(t.invalid('--email'));
        const address = email.data.toLowerCase();
        const database = await ctx.database();
        const userId = await userIdByEmail(database.db, address);
        if (userId === null) return fail(t.userNotFound(address));
        if (action === 'disable') {
          const r = await disableUser(database.db, { userId, actor: 'cli', now: new Date() });
          ctx.out(r.changed ? t.disabled(address, r.sessionsEnded) : t.alreadyDisabled(address));
        } else {
          const r = await enableUser(database.db, { userId, actor: 'cli', now: new Date() });
          ctx.out(r.changed ? t.enabled(address) : t.alreadyEnabled(address));
        }
      });
  }
}
