import type { Command } from 'commander';
import { eq } from 'drizzle-orm';
import { users } from '../../db/schema/index.js';
import type { CliContext } from '../../lib/cli-context.js';
import { parseIdText } from '../../lib/fields.js';
import { createApiToken, listApiTokens, revokeApiToken, TokenError } from './tokens.js';

/** `abierto token create|list|revoke --email …`: personal API tokens from the terminal (decision 054). */
export function registerTokenCommand(program: Command, ctx: CliContext): void {
  const token = program.command('token').description('personal API tokens: create (shown once), list, revoke');
  async function person(email: string) {
    const { db } = await ctx.database();
    const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
    if (!u) {
      ctx.err(`no account with the e-mail ${email}`);
      process.exitCode = 1;
      return null;
    }
    return { db, userId: u.id };
  }
  token
    .command('create')
    .requiredOption('--email <email>', "the person's e-mail")
    .requiredOption('--name <name>', 'a name to recognise the token')
    .action(async (o: { email: string; name: string }) => {
      const p = await person(o.email);
      if (!p) return;
      try {
        const t = await createApiToken(p.db, { userId: p.userId, name: o.name, actor: 'cli', now: new Date() });
        ctx.out(t.token);
      } catch (error) {
        if (!(error instanceof TokenError)) throw error;
        ctx.err(error.code === 'name' ? 'the name must be 1–100 characters' : 'too many active tokens; revoke one');
        process.exitCode = 1;
      }
    });
  token
    .command('list')
    .requiredOption('--email <email>', "the person's e-mail")
    .action(async (o: { email: string }) => {
      const p = await person(o.email);
      if (!p) return;
      for (const t of await listApiTokens(p.db, p.userId)) {
        ctx.out(`${t.id}\t${t.prefix}…\t${t.name}\t${t.createdAt.toISOString()}\t${t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : 'active'}`);
      }
    });
  token
    .command('revoke')
    .requiredOption('--email <email>', "the person's e-mail")
    .requiredOption('--id <id>', 'the token id (see token list)')
    .action(async (o: { email: string; id: string }) => {
      const p = await person(o.email);
      if (!p) return;
      const id = parseIdText(o.id);
      const done = id !== null && (await revokeApiToken(p.db, { userId: p.userId, tokenId: id, actor: 'cli', now: new Date() }));
      if (!done) {
        ctx.err('no such active token of this person');
        process.exitCode = 1;
        return;
      }
      ctx.out('revoked');
    });
}
