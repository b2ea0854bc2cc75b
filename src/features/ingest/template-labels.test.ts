import { describe, expect, it } from 'vitest';
import { labelAt, labelLength, readLevel, type FieldKey } from './template-labels.js';

/** Every label synonym of the template, es and en, both generations, real reports' labels included. */
const SYNONYMS: [string, FieldKey][] = [
  // Spanish, 2014–2018
  ['Número y nombre del compromiso', 'numberTitle'],
  ['Tema', 'theme'],
  ['Fecha de inicio y conclusión del compromiso', 'dates'],
  ['Fechas de inicio y de término', 'dates'],
  ['Secretaría/Ministerio Responsable', 'lead'],
  ['Institución responsable', 'lead'],
  ['Nombre de la persona responsable', 'contactName'],
  ['Puesto', 'contactTitle'],
  ['Cargo', 'contactTitle'],
  ['Correo electrónico', 'email'],
  ['Teléfono', 'phone'],
  ['Otros actores involucrados', 'otherActors'],
  ['Status quo o problema/desafío que será atendido', 'problem'],
  ['Objetivo principal', 'objective'],
  ['Breve descripción del compromiso', 'brief'],
  ['Relevancia', 'relevance'],
  ['Ambición', 'ambition'],
  ['Cumplimiento', 'completion'],
  ['Nivel de cumplimiento', 'completion'],
  ['Descripción de los resultados', 'results'],
  ['Fecha de conclusión', 'endDate'],
  ['Fecha de término', 'endDate'],
  ['Próximos pasos', 'nextSteps'],
  ['Información adicional', 'additional'],
  ['Descripción de lo que queda por lograr', 'remaining'],
  // Spanish, 2019+
  ['Correo electrónico y teléfono', 'emailPhone'],
  ['Partes interesadas', 'otherActors'],
  ['¿Cuál es el problema que el compromiso aborda?', 'problem'],
  ['¿Cuál es el compromiso?', 'description'],
  ['¿Cómo contribuirá a resolver la problemática?', 'howItSolves'],
  ['¿Por qué es relevante a los valores de OGP?', 'relevance'],
  ['Actividad con un entregable verificable', 'milestones'],
  ['Metas verificables', 'milestones'],
  // English, 2014–2018, with the labels of real published reports
  ['Commitment number and title', 'numberTitle'],
  ['Theme', 'theme'],
  ['Commitment start and end date', 'dates'],
  ['Lead implementing agency', 'lead'],
  ['Lead government actors', 'lead'],
  ['Lead agencies', 'lead'],
  ['Responsible institution', 'lead'],
  ['Name of responsible person from implementing agency', 'contactName'],
  ['Title, Department', 'contactTitle'],
  ['Email', 'email'],
  ['Phone', 'phone'],
  ['Other actors involved', 'otherActors'],
  ['Other stakeholders involved', 'otherActors'],
  ['Status quo or problem addressed', 'problem'],
  ['Main objective', 'objective'],
  ['Brief description of commitment', 'brief'],
  ['Relevance', 'relevance'],
  ['Ambition', 'ambition'],
  ['Completion level', 'completion'],
  ['Level of completion', 'completion'],
  ['Description of results', 'results'],
  ['End date', 'endDate'],
  ['Completion date', 'endDate'],
  ['Next steps', 'nextSteps'],
  ['Additional information', 'additional'],
  ['Description of what remains to be achieved', 'remaining'],
  // English, 2019+
  ['Email and phone', 'emailPhone'],
  ['What is the public problem that the commitment will address?', 'problem'],
  ['What is the commitment?', 'description'],
  ['How will the commitment contribute to solve the public problem?', 'howItSolves'],
  ['Why is this commitment relevant to OGP values?', 'relevance'],
  ['Milestone activity with a verifiable deliverable', 'milestones'],
];

describe('template labels', () => {
  for (const [text, field] of SYNONYMS) {
    it(`"${text}" is the label of ${field}`, () => {
      expect(labelAt(text)?.field).toBe(field);
      expect(labelAt(text.toUpperCase())?.field).toBe(field);
      expect(labelLength(text)).toBeGreaterThan(0);
    });
  }

  it('values and running text are not labels', () => {
    for (const text of ['The White House, General Services Administration (GSA)', 'involucrados', 'involved', 'a. Expand and simplify the use of the We the People petition site.', 'Ministerio de Hacienda', '1. Improve Public Participation in Government'])
      expect(labelAt(text)).toBeNull();
  });

  it('a wrapped label reads longer once its second line is joined', () => {
    expect(labelLength('Other actors involved')).toBeGreaterThan(labelLength('Other actors'));
    expect(labelAt('Secretaría/Ministerio')).toBeNull();
    expect(labelAt('Secretaría/Ministerio Responsable')?.field).toBe('lead');
    expect(labelAt('Descripción de los')).toBeNull();
    expect(labelAt('Descripción de los resultados')?.field).toBe('results');
  });

  it('reads the four levels in both languages, and no level from a negation or two levels', () => {
    expect(['No iniciado', 'Limitado', 'Sustancial', 'Completo'].map(readLevel)).toEqual(['not_started', 'limited', 'substantial', 'complete']);
    expect(['Not started', 'Limited', 'Substantial', 'Completed'].map(readLevel)).toEqual(['not_started', 'limited', 'substantial', 'complete']);
    expect(readLevel('no completado')).toBeNull();
    expect(readLevel('limitado o sustancial')).toBeNull();
  });
});
