import { describe, expect, it } from 'vitest';
import { buildBlocks, buildEvents } from './blocks.js';
import { assemble, detectLanguage, sourcesOf } from './fields.js';
import type { ParseWarning } from './parsed.js';
import type { Row } from './template-normalize.js';

function blockOf(cells: string[][], pages: number[] = []) {
  const rows: Row[] = cells.map((c, i) => ({ cells: c, page: pages[i] ?? 1 }));
  const [block] = buildBlocks(buildEvents(rows), { es: 0, en: 0 });
  if (!block) throw new Error('no block');
  return block;
}

describe('fields: a block’s labelled lines → values, provenance, warnings', () => {
  it('reads each value under its label (es synonyms), with the page and the label it was read under', () => {
    const block = blockOf(
      [
        ['Compromiso n° 2: Portal de compras'],
        ['Secretaría/Ministerio Responsable', 'Dirección ChileCompra'],
        ['Nombre del responsable', 'Ana Pérez'],
        ['Objetivo principal', 'Publicar las compras del Estado'],
        ['Nivel de cumplimiento', 'No iniciado', 'Limitado', 'Sustancial', 'Completo'],
        ['', '', '', '', 'X'],
      ],
      [4, 4, 4, 5, 5, 5],
    );
    const warnings: ParseWarning[] = [];
    const c = assemble(block, 'es', { warnings, commitment: 0 });
    expect(c).toMatchObject({ number: 2, title: 'Portal de compras', leadInstitution: 'Dirección ChileCompra', objective: 'Publicar las compras del Estado', completion: 'complete', language: 'es' });
    expect(c.contact.name).toBe('Ana Pérez');
    expect(sourcesOf(block)).toMatchObject({
      title: { page: 4, label: '' },
      leadInstitution: { page: 4, label: 'Secretaría/Ministerio Responsable' },
      objective: { page: 5, label: 'Objetivo principal' },
    });
    expect(c.sources?.leadInstitution).toEqual({ page: 4, label: 'Secretaría/Ministerio Responsable' });
  });

  it('a field that cannot be read is reported missing, never filled with the next label’s text', () => {
    const block = blockOf([
      ['Commitment 5: Open budgets'],
      ['Lead government actors', ''],
      ['Main objective', 'Publish the budget monthly'],
    ]);
    const warnings: ParseWarning[] = [];
    const c = assemble(block, 'en', { warnings, commitment: 0 });
    expect(c.leadInstitution).toBeNull();
    expect(c.objective).toBe('Publish the budget monthly');
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'field_missing', field: 'leadInstitution', commitment: 0 }));
    // the objective was read: it is not reported
    expect(warnings.map((w) => w.field)).not.toContain('objective');
  });

  it('the language: the labels’ votes decide, else the words of the text', () => {
    expect(detectLanguage({ es: 5, en: 1 }, '')).toBe('es');
    expect(detectLanguage({ es: 0, en: 4 }, '')).toBe('en');
    expect(detectLanguage({ es: 0, en: 0 }, 'The commitment was completed and the ministry published the data of the plan')).toBe('en');
    expect(detectLanguage({ es: 0, en: 0 }, 'El compromiso se cumplió y el ministerio publicó los datos del plan de acción')).toBe('es');
  });
});
