import type { CommitmentFields } from '../../src/features/authoring/commands.js';

/** The fields of a commitment for the authoring commands, in both languages. */
export function commitmentFields(over: Partial<CommitmentFields> = {}): CommitmentFields {
  return {
    number: '1',
    ogpId: null,
    generation: '2019',
    title: { es: 'Datos abiertos de compras', en: 'Open procurement data' },
    theme: {},
    startMonth: '2026-01',
    endMonth: '2027-06',
    leadInstitutionId: null,
    newLeadInstitution: { es: 'Dirección de Compras', en: 'Procurement Directorate' },
    contactId: null,
    otherActorsGovernment: [],
    otherActorsCivilSociety: [{ es: 'Red de transparencia', en: 'Transparency network' }],
    problem: { es: 'No se publican los contratos.' },
    objective: {},
    briefDescription: {},
    description: { es: 'Publicar todos los contratos.', en: 'Publish every contract.' },
    howItSolves: {},
    relevance: {},
    ambition: {},
    valueAccessToInformation: true,
    valueCivicParticipation: null,
    valuePublicAccountability: true,
    valueTechnologyInnovation: null,
    resultsDescription: {},
    nextSteps: [],
    additionalInformation: {},
    remainingChallenges: {},
    policyAreas: [],
    ...over,
  };
}
