import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { contacts, institutions } from '../../db/schema/index.js';
import { recordAudit } from '../../lib/audit.js';
import type { Locale } from '../../lib/levels.js';
import { nameKey } from '../../lib/text.js';

/** Finds an institution of the member by its folded name, or creates it (audited). */
export async function ensureInstitution(tx: Executor, memberId: number, name: string, lang: Locale, actor: string) {
  const key = nameKey(name);
  const found = await tx
    .select()
    .from(institutions)
    .where(and(eq(institutions.memberId, memberId), eq(institutions.nameKey, key)))
    .limit(1);
  if (found[0]) return found[0];
  const [created] = await tx.insert(institutions).values({ memberId, name: { [lang]: name.trim() }, nameKey: key }).returning();
  if (!created) throw new Error('institution insert returned nothing');
  await recordAudit(tx, { actor, action: 'institution.create', entityType: 'institution', entityId: created.id, details: { after: created } });
  return created;
}

export interface ContactInput {
  name: string;
  title: string | null;
  email: string | null;
  phone: string | null;
}

/** Finds the institution's contact by name and brings title, e-mail and phone up to date (audited when changed). */
export async function ensureContact(tx: Executor, institutionId: number, input: ContactInput, lang: Locale, actor: string) {
  const name = input.name.trim();
  const found = await tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.institutionId, institutionId), eq(contacts.name, name)))
    .limit(1);
  const existing = found[0];
  const title = { ...(existing?.title ?? {}), ...(input.title ? { [lang]: input.title } : {}) };
  if (!existing) {
    const [created] = await tx
      .insert(contacts)
      .values({ institutionId, name, title, email: input.email, phone: input.phone })
      .returning();
    if (!created) throw new Error('contact insert returned nothing');
    await recordAudit(tx, { actor, action: 'contact.create', entityType: 'contact', entityId: created.id, details: { after: created } });
    return created;
  }
  const email = input.email ?? existing.email;
  const phone = input.phone ?? existing.phone;
  if (JSON.stringify(title) === JSON.stringify(existing.title) && email === existing.email && phone === existing.phone) return existing;
  const [updated] = await tx
    .update(contacts)
    .set({ title, email, phone, updatedAt: new Date() })
    .where(eq(contacts.id, existing.id))
    .returning();
  if (!updated) throw new Error('contact update returned nothing');
  await recordAudit(tx, { actor, action: 'contact.update', entityType: 'contact', entityId: existing.id, details: { before: existing, after: updated } });
  return updated;
}
