import { and, asc, isNull } from 'drizzle-orm';
import { eq } from 'drizzle-orm';
import type { Transporter } from 'nodemailer';
import type { Executor } from '../db/client.js';
import { outbox } from '../db/schema/index.js';

/** A link a message carries: its label names what it leads to ("Compromiso 3: …"); the path is relative to the site. */
export interface MailLink {
  label: string;
  path: string;
}

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** The recipient's account, when they have one: the message also shows in their in-app notifications. */
  userId?: number | null;
  meta?: Record<string, unknown>;
  /**
   * What the message is about, as links (issue 8, item 11): kept relative in `meta.links`; the e-mail
   * carries them absolute (from `publicUrl`, never a request's Host), the in-app notice relative.
   */
  links?: MailLink[];
  /** An unsubscribe link (relative): the e-mail carries it in its text and in RFC 8058 `List-Unsubscribe` headers. */
  unsubscribePath?: string;
}

/** Puts an e-mail in the outbox; call it inside the command's transaction (it leaves only if the write commits). */
export async function queueMail(tx: Executor, mail: Mail, now: Date): Promise<void> {
  const meta: Record<string, unknown> = { ...(mail.meta ?? {}) };
  if (mail.links && mail.links.length > 0) meta.links = mail.links;
  if (mail.unsubscribePath) meta.unsubscribePath = mail.unsubscribePath;
  await tx.insert(outbox).values({
    to: mail.to,
    subject: mail.subject.slice(0, 300),
    text: mail.text,
    userId: mail.userId ?? null,
    meta,
    createdAt: now,
  });
}

/** The links of an outbox row (what `queueMail` stored), only well-formed relative paths. */
export function mailLinks(meta: Record<string, unknown>): MailLink[] {
  const list = Array.isArray(meta.links) ? (meta.links as unknown[]) : [];
  return list.filter((l): l is MailLink => !!l && typeof l === 'object' && typeof (l as MailLink).label === 'string' && typeof (l as MailLink).path === 'string' && (l as MailLink).path.startsWith('/') && !(l as MailLink).path.startsWith('//'));
}

function unsubscribePathOf(meta: Record<string, unknown>): string | null {
  const p = meta.unsubscribePath;
  return typeof p === 'string' && p.startsWith('/') && !p.startsWith('//') ? p : null;
}

/** The e-mail's text as it leaves: the body, then each link absolute from `base` (the configured public address). */
export function mailBody(row: { text: string; meta: Record<string, unknown> }, base: string): string {
  const links = mailLinks(row.meta);
  const unsubscribe = unsubscribePathOf(row.meta);
  const parts = [row.text];
  if (links.length > 0) parts.push(links.map((l) => `${l.label}:\n${base}${l.path}`).join('\n\n'));
  if (unsubscribe) parts.push(`--\n${typeof row.meta.unsubscribeLabel === 'string' ? row.meta.unsubscribeLabel : 'Unsubscribe'}:\n${base}${unsubscribe}`);
  return parts.join('\n\n');
}

/** RFC 8058 one-click unsubscribe headers, for a message that carries an unsubscribe link. */
export function mailHeaders(meta: Record<string, unknown>, base: string): Record<string, string> | undefined {
  const unsubscribe = unsubscribePathOf(meta);
  if (!unsubscribe) return undefined;
  return { 'List-Unsubscribe': `<${base}${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/** Sends one message; throws on failure. */
export interface MailTransport {
  send(message: { from: string; to: string; subject: string; text: string; headers?: Record<string, string> }): Promise<void>;
}

/** SMTP through nodemailer (decision 030): `smtp://user:pass@host:587`, `smtps://…:465`. */
export function smtpTransport(url: string): MailTransport {
  // nodemailer loads on the first message (it costs ~0.1 s at start-up).
  let transporter: Transporter | undefined;
  return {
    send: async (m) => {
      transporter ??= (await import('nodemailer')).default.createTransport(url);
      await transporter.sendMail(m);
    },
  };
}

/**
 * Sends what is waiting in the outbox, oldest first. Without a transport (no `SMTP_URL`) nothing
 * leaves: the administrator reads the outbox in the app. A failure is written on the row and the
 * message is not tried again automatically.
 */
export async function deliverOutbox(db: Executor, transport: MailTransport | null, from: string, now: Date, base: string, limit = 100): Promise<{ sent: number; failed: number }> {
  if (!transport) return { sent: 0, failed: 0 };
  const pending = await db
    .select()
    .from(outbox)
    .where(and(isNull(outbox.sentAt), isNull(outbox.error)))
    .orderBy(asc(outbox.id))
    .limit(limit);
  let sent = 0;
  let failed = 0;
  for (const m of pending) {
    try {
      const headers = mailHeaders(m.meta, base);
      await transport.send({ from, to: m.to, subject: m.subject, text: mailBody(m, base), ...(headers ? { headers } : {}) });
      await db.update(outbox).set({ sentAt: now }).where(eq(outbox.id, m.id));
      sent += 1;
    } catch (error) {
      await db
        .update(outbox)
        .set({ error: (error instanceof Error ? error.message : String(error)).slice(0, 500) })
        .where(eq(outbox.id, m.id));
      failed += 1;
    }
  }
  return { sent, failed };
}
