import type { Database } from '../../src/db/client.js';
import type { DraftFields } from '../../src/db/schema/index.js';
import { createProcess, publishCalendar, type PhaseInput } from '../../src/features/cocreation/commands.js';
import { COCREATION_PHASES } from '../../src/db/schema/cocreation.js';

/** Six phases of 10 days each, the first starting `startsOn`. */
export function sixPhases(startsOn: string): PhaseInput[] {
  const start = Date.parse(`${startsOn}T00:00:00Z`);
  return COCREATION_PHASES.map((kind, i) => ({
    kind,
    startsOn: new Date(start + i * 10 * 86_400_000).toISOString().slice(0, 10),
    endsOn: new Date(start + (i * 10 + 9) * 86_400_000).toISOString().slice(0, 10),
    whatIsOpen: { es: `Abierto en ${kind}`, en: `Open in ${kind}` },
  }));
}

/** The date `days` after the first phase starts. */
export function dayOf(startsOn: string, days: number): Date {
  return new Date(Date.parse(`${startsOn}T12:00:00Z`) + days * 86_400_000);
}

/** A published process whose phases start on `startsOn` (published the day before). */
export async function publishedProcess(db: Database, memberId: number, userId: number, startsOn = '2027-01-01', over: { voteMode?: 'none' | 'person' | 'organisation'; planNumber?: number } = {}) {
  const before = dayOf(startsOn, -1);
  const { id } = await createProcess(
    db,
    { userId },
    {
      memberId,
      planNumber: over.planNumber ?? 5,
      title: { es: 'Co-creación del 5° plan', en: 'Co-creation of the 5th plan' },
      description: { es: 'Proceso', en: 'Process' },
      voteMode: over.voteMode ?? 'none',
      phases: sixPhases(startsOn),
    },
    before,
  );
  await publishCalendar(db, { userId }, id, before);
  return id;
}

export function draftFields(over: Partial<DraftFields> = {}): DraftFields {
  return {
    title: { es: 'Datos abiertos de compras', en: 'Open procurement data' },
    problem: { es: 'Las compras públicas no se publican en formato abierto.' },
    objective: { es: 'Publicar las compras.' },
    description: { es: 'Un portal con los datos de compras.' },
    howItSolves: { es: 'Permite el control ciudadano.' },
    relevance: { es: 'Acceso a la información.' },
    ambition: { es: 'Todas las compras en 2028.' },
    leadInstitution: 'Dirección de Compras',
    startMonth: '2027-09',
    endMonth: '2029-06',
    values: ['access_to_information'],
    milestones: [
      { title: { es: 'Diseño del portal' }, start: '2027-09', end: '2027-12' },
      { title: { es: 'Publicación' }, start: '2028-01', end: '2028-06' },
    ],
    ...over,
  };
}
