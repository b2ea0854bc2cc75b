import { and, asc, isNull } from 'drizzle-orm';
import { eq } from 'drizzle-orm';
import type { Transporter } from 'nodemailer';
import type { Executor } from '../db/client.js';
import { outbox } from '../db/schema/index.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** The recipient's account, when they have one: the message also shows in their in-app notifications. */
  userId?: number | null;
  meta?: Record<string, unknown>;
}

/** Puts an e-mail in the outbox; call it inside the command's transaction (it leaves only if the write commits). */
export async function queueMail(tx: Executor, mail: Mail, now: Date): Promise<void> {
  await tx.insert(outbox).values({
    to: mail.to,
    subject: mail.subject.slice(0, 300),
    text: mail.text,
    userId: mail.userId ?? null,
    meta: mail.meta ?? {},
    createdAt: now,
  });
}

/** Sends one message; throws on failure. */
export interface MailTransport {
  send(message: { from: string; to: string; subject: string; text: string }): Promise<void>;
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
export async function deliverOutbox(db: Executor, transport: MailTransport | null, from: string, now: Date, limit = 100): Promise<{ sent: number; failed: number }> {
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
      await transport.send({ from, to: m.to, subject: m.subject, text: m.text });
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
