import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { forums, members } from '../../db/schema/index.js';
import { createForum } from '../forum/commands.js';

/**
 * The demo forum: Chile's *Mesa de Gobierno Abierto* as the seed describes it — "un espacio de
 * colaboración tripartita, donde tiene representación el gobierno, sociedad civil y la academia,
 * y estará a cargo de la coordinación de las actividades de la Alianza para el Gobierno Abierto a
 * nivel nacional", with the observer named among the representatives to elect. No members: nobody
 * holds a seat until an election seats them (nothing invented). Seat counts are not in the seed:
 * civil society and academia take the two each of the 2023 resolution cited in
 * docs (forum-and-cocreation.md), the observers the two named there (ECLAC, UNDP — as seats, not
 * as members); government seats are stated nowhere and are left for the secretariat to define.
 */
export async function ensureDemoForum(db: Database, actor: string): Promise<boolean> {
  const existing = await db.select({ id: forums.id }).from(forums).limit(1);
  if (existing.length > 0) return false;
  const [member] = await db.select({ id: members.id }).from(members).where(eq(members.code, 'CHL'));
  if (!member) return false;
  await createForum(db, actor, {
    memberId: member.id,
    name: { es: 'Mesa de Gobierno Abierto', en: 'Open Government Forum (Mesa de Gobierno Abierto)' },
    functions: {
      es: 'La «Mesa de Gobierno Abierto» es un espacio de colaboración tripartita, donde tiene representación el gobierno, sociedad civil y la academia, y estará a cargo de la coordinación de las actividades de la Alianza para el Gobierno Abierto a nivel nacional.\n\nCreada por resolución dentro del Ministerio Secretaría General de la Presidencia (compromiso 19 del Tercer Plan de Acción).',
      en: "The Mesa de Gobierno Abierto is a space for tripartite collaboration, where government, civil society and academia are represented, and it will coordinate the Open Government Partnership's activities nationally.\n\nCreated by resolution within the Ministry General Secretariat of the Presidency (commitment 19 of the Third Action Plan).",
    },
    sectors: [
      { code: 'government', name: { es: 'Gobierno', en: 'Government' }, seats: 0, electedBy: null },
      { code: 'civil_society', name: { es: 'Sociedad civil', en: 'Civil society' }, seats: 2, electedBy: 'civil_society' },
      { code: 'academia', name: { es: 'Academia', en: 'Academia' }, seats: 2, electedBy: 'academia' },
      { code: 'observer', name: { es: 'Observador', en: 'Observer' }, seats: 2, electedBy: null },
    ],
  });
  return true;
}
