import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { actionPlans, commitments, milestones, progressUpdates, remindersSent, reportingPeriods, roleGrants, users } from '../../db/schema/index.js';
import { messages } from '../../i18n/index.js';
import { recordAudit } from '../../lib/audit.js';
import { textIn } from '../../lib/localized.js';
import { queueMail } from '../../lib/mail.js';
import { formatDate, formatMonth } from '../../ui/format.js';
import { isDelayed } from '../milestones/rules.js';
import { localeOf, noticeLinks } from './notice.js';

/** How many days before a period's deadline contacts are reminded. */
export const DEADLINE_REMINDER_DAYS = 7;

/**
 * Sends the reminders due now (decision 032), each at most once ever — the key of each is recorded
 * in `reminders_sent` in the same transaction as its e-mail:
 * - `deadline:<period>:<user>`: a contact whose institution still has milestones without a
 *   submitted report in an open period whose deadline is within DEADLINE_REMINDER_DAYS;
 * - `delayed:<milestone>:<user>`: a contact of the lead institution of a milestone that became delayed.
 * Returns how many were sent. Running it twice sends nothing the second time.
 */
export async function runReminders(db: Database, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const today = now.toISOString().slice(0, 10);
    const horizon = new Date(now.getTime() + DEADLINE_REMINDER_DAYS * 86_400_000).toISOString().slice(0, 10);
    const rows = await tx
      .select({
        m: { id: milestones.id, number: milestones.number, plannedEnd: milestones.plannedEnd, status: milestones.status },
        c: { id: commitments.id, number: commitments.number, title: commitments.title, lead: commitments.leadInstitutionId },
        planId: actionPlans.id,
        planTitle: actionPlans.title,
        memberId: actionPlans.memberId,
      })
      .from(milestones)
      .innerJoin(commitments, eq(commitments.id, milestones.commitmentId))
      .innerJoin(actionPlans, eq(actionPlans.id, commitments.planId))
      .where(and(inArray(actionPlans.phase, ['co_creation', 'implementation']), isNull(milestones.removedAt)))
      .orderBy(asc(milestones.id));
    const contacts = await tx
      .select({ userId: users.id, email: users.email, locale: users.locale, memberId: roleGrants.memberId, institutionId: roleGrants.institutionId })
      .from(roleGrants)
      .innerJoin(users, eq(users.id, roleGrants.userId))
      .where(and(eq(roleGrants.role, 'institution_contact'), isNull(users.disabledAt)))
      .orderBy(asc(users.id), asc(roleGrants.id));
    const contactsOf = (memberId: number, institutionId: number | null) => contacts.filter((k) => k.memberId === memberId && k.institutionId === institutionId && institutionId !== null);

    let sent = 0;
    const once = async (key: string, userId: number) => {
      const inserted = await tx.insert(remindersSent).values({ key, userId, sentAt: now }).onConflictDoNothing().returning();
      return inserted.length > 0;
    };

    // Delayed milestones.
    for (const r of rows) {
      if (!isDelayed(r.m, now)) continue;
      for (const k of contactsOf(r.memberId, r.c.lead)) {
        if (!(await once(`delayed:${r.m.id}:${k.userId}`, k.userId))) continue;
        const t = messages(k.locale === 'en' ? 'en' : 'es');
        await queueMail(
          tx,
          {
            to: k.email,
            subject: t.monitoring.mail.delayedSubject(r.c.number, r.m.number),
            text: t.monitoring.mail.delayedText(r.c.number, r.m.number, formatMonth(r.m.plannedEnd, t) ?? ''),
            userId: k.userId,
            links: [
              ...noticeLinks({ planId: r.planId, planTitle: r.planTitle, commitmentId: r.c.id, commitmentNumber: r.c.number, commitmentTitle: r.c.title, milestoneNumber: r.m.number }, localeOf(k.locale)),
              { label: t.monitoring.mail.aboutWork, path: '/work' },
            ],
            meta: { kind: 'delayed', commitmentId: r.c.id, planId: r.planId, milestoneId: r.m.id },
          },
          now,
        );
        sent += 1;
      }
    }

    // Deadlines of open periods.
    const periods = await tx.select().from(reportingPeriods).where(isNull(reportingPeriods.closedAt)).orderBy(asc(reportingPeriods.id));
    for (const p of periods) {
      if (p.deadline < today || p.deadline > horizon) continue;
      const inPlan = rows.filter((r) => r.planId === p.planId);
      if (inPlan.length === 0) continue;
      const reported = await tx
        .select({ milestoneId: progressUpdates.milestoneId })
        .from(progressUpdates)
        .where(and(eq(progressUpdates.periodId, p.id), inArray(progressUpdates.state, ['submitted', 'verified'])))
        .orderBy(asc(progressUpdates.id));
      const done = new Set(reported.map((x) => x.milestoneId));
      const memberId = inPlan[0]!.memberId;
      for (const k of contacts.filter((x) => x.memberId === memberId)) {
        const missing = inPlan.filter((r) => r.c.lead === k.institutionId && !done.has(r.m.id)).length;
        if (missing === 0) continue;
        if (!(await once(`deadline:${p.id}:${k.userId}`, k.userId))) continue;
        const locale = k.locale === 'en' ? 'en' : 'es';
        const t = messages(locale).monitoring.mail;
        const name = textIn(p.name, locale);
        const date = formatDate(p.deadline, locale);
        const plan = inPlan[0]!;
        await queueMail(
          tx,
          {
            to: k.email,
            subject: t.deadlineSubject(name, date),
            text: t.deadlineText(name, date, missing),
            userId: k.userId,
            links: [
              { label: t.aboutPlan(textIn(plan.planTitle, locale)), path: `/plans/${plan.planId}` },
              { label: t.aboutWork, path: '/work' },
            ],
            meta: { kind: 'deadline', periodId: p.id, planId: plan.planId },
          },
          now,
        );
        sent += 1;
      }
    }
    if (sent > 0) await recordAudit(tx, { actor: 'system:reminders', action: 'reminders.send', entityType: 'reminders', entityId: today, details: { sent } });
    return sent;
  });
}

/** Runs the reminders once a day inside the app (`REMINDERS=1`); returns a stop function. */
export function startDailyReminders(run: () => Promise<void>, intervalMs = 24 * 60 * 60 * 1000): () => void {
  const first = setTimeout(() => void run(), 60_000);
  const timer = setInterval(() => void run(), intervalMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
