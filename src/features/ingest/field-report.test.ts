import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTemplateDocument } from './documents.js';
import { fieldReport } from './field-report.js';

describe('the dry run account of each commitment', () => {
  it('lists what was found and where, what is missing, and what is uncertain', async () => {
    const { parsed } = await readTemplateDocument('seed-19-es-table.pdf', new Uint8Array(readFileSync('fixtures/office/seed-19-es-table.pdf')));
    const c = parsed.commitments[0]!;
    const r = fieldReport(c, parsed.warnings.filter((w) => w.commitment === 0));
    expect(r.found.map((f) => f.field)).toEqual([
      'title', 'theme', 'dateText', 'leadInstitution', 'contact.name', 'contact.title', 'contact.email', 'contact.phone', 'otherActors',
      'problem', 'objective', 'briefDescription', 'relevance', 'ambition', 'completion', 'milestones', 'endDateText', 'nextSteps', 'remainingChallenges',
    ]);
    expect(r.found.find((f) => f.field === 'leadInstitution')?.source).toEqual({ page: 1, label: 'Secretaría/Ministerio Responsable' });
    // The document has no "Información adicional" and no results text before its milestones.
    expect(r.missing).toEqual(['resultsDescription', 'additionalInformation']);
    expect(r.uncertain).toEqual([]);
  });

  it('a field that could not be read is missing, never filled from its neighbour; a doubtful one is uncertain', async () => {
    const text = [
      '<b>Compromiso n° 3: Datos abiertos</b>',
      '<b>Secretaría/Ministerio Responsable</b>\t',
      '<b>Nombre de la persona responsable</b>\tAna Pérez',
      '<b>Breve descripción del compromiso</b>\t' + 'x'.repeat(150),
    ].join('\n');
    const { parsed } = await readTemplateDocument('c.txt', new TextEncoder().encode(text));
    const c = parsed.commitments[0]!;
    expect(c.leadInstitution).toBeNull();
    const r = fieldReport(c, parsed.warnings.filter((w) => w.commitment === 0));
    expect(r.missing).toContain('leadInstitution');
    expect(r.found.map((f) => f.field)).toContain('contact.name');
    expect(r.uncertain.map((u) => u.warning.code)).toEqual(['brief_description_too_long']);
  });
});
