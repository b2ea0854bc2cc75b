import { describe, expect, it } from 'vitest';
import { messages } from '../i18n/index.js';
import { describeWarning } from '../features/ingest/documents.js';
import { formatDateTime, formatMonth, formatMonthRange } from '../ui/format.js';
import { month } from './month.js';

/** Messages people can act on: right plurals, dates in each language's style, field names in words. */
describe('messages', () => {
  const es = messages('es');
  const en = messages('en');

  it('plurals through Intl.PluralRules, es and en', () => {
    expect(es.cli.imported(1, 'Plan')).toBe('Importado 1 compromiso en «Plan».');
    expect(es.cli.imported(3, 'Plan')).toBe('Importados 3 compromisos en «Plan».');
    expect(es.ingest.upload.imported(1)).toBe('Se importó 1 compromiso.');
    expect(es.ingest.upload.previewIntro(1, 'P')).toMatch(/^Se encontró 1 compromiso para «P»/);
    expect(en.ingest.upload.imported(1)).toBe('1 commitment was imported.');
    expect(en.cli.imported(2, 'P')).toBe('Imported 2 commitments into "P".');
    expect(es.home.commitments(0)).toBe('0 compromisos');
    expect(es.home.commitments(1200)).toBe('1.200 compromisos');
  });

  it('Spanish dates in Spanish style; times in history entries', () => {
    expect(formatMonth(month(2018, 5), es)).toBe('mayo de 2018');
    expect(formatMonth(month(2018, 5), en)).toBe('May 2018');
    expect(formatMonthRange(month(2016, 9), month(2018, 6), es)).toBe('septiembre de 2016 a junio de 2018');
    expect(formatDateTime('2026-11-23T12:05:00.000Z', 'es')).toBe('23 de noviembre de 2026, 12:05 UTC');
    expect(formatDateTime(new Date('2026-11-23T09:30:00Z'), 'en')).toBe('23 November 2026, 09:30 UTC');
  });

  it('import warnings name the field in words, never the internal name', () => {
    const brief = describeWarning({ code: 'brief_description_too_long', field: 'briefDescription', params: { length: 200, limit: 140 } }, es);
    expect(brief.label).toBe('Breve descripción');
    const status = describeWarning({ code: 'field_missing', field: 'milestones[2].status', params: {} }, es);
    expect(status.label).toBe('Meta 3 · estado');
    expect(describeWarning({ code: 'field_missing', field: 'milestones[0].end', params: {} }, en).label).toBe('Milestone 1 · end');
    for (const w of [brief, status]) expect(`${w.label} ${w.message}`).not.toMatch(/briefDescription|milestones\[/);
  });
});
