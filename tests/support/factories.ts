import type { Database } from '../../src/db/client.js';
import type { ParseResult, ParsedCommitment } from '../../src/features/ingest/parsed.js';
import { ensureMember, ensurePlan } from '../../src/features/plans/commands.js';
import { month } from '../../src/lib/month.js';

export async function createPlan(db: Database, over: { code?: string; number?: number } = {}) {
  return db.transaction(async (tx) => {
    const member = await ensureMember(tx, { code: over.code ?? 'CL', name: { es: 'Chile', en: 'Chile' } }, 'test');
    return ensurePlan(
      tx,
      member.id,
      { number: over.number ?? 3, title: { es: 'Tercer Plan', en: 'Third Plan' }, startMonth: month(2016, 9), endMonth: month(2018, 6) },
      'test',
    );
  });
}

export function parsedCommitment(over: Partial<ParsedCommitment> = {}): ParsedCommitment {
  return {
    language: 'es',
    generation: '2014',
    number: 19,
    title: 'Institucionalización de la Alianza',
    theme: 'Implementación de la Alianza para el Gobierno Abierto',
    start: '2016-09',
    end: '2018-06',
    dateText: 'Septiembre 2016 a Junio 2018',
    leadInstitution: 'Ministerio Secretaría General de la Presidencia',
    contact: { name: 'Rodrigo Mora Ortega', title: 'Secretario Ejecutivo', email: 'rmora@example.cl', phone: '+56222198317' },
    otherActors: { government: [], civilSociety: ['Red Chilena de Gobierno Abierto'] },
    problem: 'Falta un espacio formal.',
    objective: 'Institucionalizar.',
    briefDescription: 'Crear una instancia.',
    description: null,
    howItSolves: null,
    relevance: 'Fortalece todos los valores.',
    ambition: 'Un espacio formal.',
    completion: null,
    resultsDescription: null,
    milestones: [
      { number: 1, title: 'Diseño', subItems: [{ title: 'Funciones', start: null, end: null }], start: '2016-09', end: '2016-10', dateText: null, status: 'complete', narrative: 'Cumplida.', reportedDelayed: true, delayNote: 'Su retraso se debe a varias razones.' },
      { number: 2, title: 'Reportes', subItems: [], start: '2017-06', end: '2017-11', dateText: null, status: 'not_started', narrative: 'No iniciada.', reportedDelayed: null, delayNote: null },
      { number: 3, title: 'Sin reporte', subItems: [], start: '2030-01', end: '2030-06', dateText: null, status: null, narrative: '', reportedDelayed: null, delayNote: null },
    ],
    endDateText: 'Junio 2018',
    nextSteps: ['Coordinar el lanzamiento', 'Elegir representantes'],
    additionalInformation: null,
    remainingChallenges: null,
    ...over,
  };
}

export function parseResult(...commitments: ParsedCommitment[]): ParseResult {
  return { commitments: commitments.length ? commitments : [parsedCommitment()], warnings: [] };
}

export const NOW = new Date('2026-11-23T12:00:00Z');
