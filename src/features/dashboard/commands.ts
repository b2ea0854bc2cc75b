import type { Database } from '../../db/client.js';
import { recordAudit } from '../../lib/audit.js';
import { queueMail } from '../../lib/mail.js';
import { textIn } from '../../lib/localized.js';
import { messages } from '../../i18n/index.js';
import { contactsOfInstitutions, institutionsToRemind, periodDashboard } from './queries.js';

/**
 * Reminds, in one action, every contact of the institutions that have not reported in a period
 * (not reported, draft or returned milestones): one e-mail each, in their language, and one audit
 * record. Returns how many people were reminded.
 */
export async function remindPeriod(db: Database, input: { periodId: number; actorId: number; baseUrl: string; now: Date }): Promise<{ institutions: number; people: number }> {
  return db.transaction(async (tx) => {
    const d = await periodDashboard(tx, input.periodId, input.now);
    if (!d || d.period.closedAt) return { institutions: 0, people: 0 };
    const pending = institutionsToRemind(d);
    const people = await contactsOfInstitutions(tx, d.plan.memberId, pending);
    const seen = new Set<number>();
    for (const p of people) {
      if (seen.has(p.userId)) continue;
      seen.add(p.userId);
      const t = messages(p.locale === 'en' ? 'en' : 'es').dashboard;
      const inst = d.institutions.find((i) => i.id === p.institutionId)!;
      const open = inst.counts.not_reported + inst.counts.draft + inst.counts.returned;
      await queueMail(
        tx,
        {
          to: p.email,
          subject: t.reminderSubject(textIn(d.period.name, p.locale === 'en' ? 'en' : 'es')),
          text: t.reminderText(p.name, textIn(d.plan.title, p.locale === 'en' ? 'en' : 'es'), open, d.period.deadline, `${input.baseUrl.replace(/\/$/, '')}/work`),
          userId: p.userId,
          meta: { kind: 'period_reminder', periodId: d.period.id },
        },
        input.now,
      );
    }
    await recordAudit(tx, { actor: `user:${input.actorId}`, action: 'period.remind', entityType: 'reporting_period', entityId: d.period.id, details: { institutions: pending, people: [...seen] } });
    return { institutions: pending.length, people: seen.size };
  });
}
