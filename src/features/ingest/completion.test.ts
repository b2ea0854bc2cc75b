import { describe, expect, it } from 'vitest';
import { columnOf, deriveLevel, isMarkText, lettersOf, readMarks, type ScaleColumn } from './completion.js';

// The header of the real report: Not started | Limited | Substantial | Completed (points).
const HEADER: ScaleColumn[] = [
  { level: 'not_started', x: 200, end: 251 },
  { level: 'limited', x: 286, end: 320 },
  { level: 'substantial', x: 373, end: 422 },
  { level: 'complete', x: 459, end: 508 },
];

describe('completion marks', () => {
  it('one mark under a column gives the whole commitment that level', () => {
    expect(readMarks(HEADER, [{ text: 'X', x: 390, end: 397 }])).toEqual({ level: 'substantial', subItems: {}, ambiguous: [] });
    expect(readMarks(HEADER, [{ text: '•', x: 470, end: 478, symbol: true }]).level).toBe('complete');
  });

  it('letters under columns give each sub-item its level', () => {
    const read = readMarks(HEADER, [
      { text: 'a', x: 373, end: 380 },
      { text: 'b, c, d, e', x: 459, end: 500 },
    ]);
    expect(read.subItems).toEqual({ a: 'substantial', b: 'complete', c: 'complete', d: 'complete', e: 'complete' });
    expect(read.level).toBeNull();
  });

  it('a mark between two columns, or far from all, is ambiguous', () => {
    expect(columnOf(HEADER, { x: 346, end: 354 })).toBeNull();
    expect(readMarks(HEADER, [{ text: 'X', x: 346, end: 354 }]).ambiguous).toEqual(['X']);
    expect(columnOf(HEADER, { x: 700, end: 710 })).toBeNull();
  });

  it('running text and plain bullets are not marks; symbol-font glyphs and letters are', () => {
    expect(isMarkText('•')).toBe(false);
    expect(isMarkText('•', true)).toBe(true);
    expect(isMarkText('This commitment is complete')).toBe(false);
    expect(isMarkText('a, b')).toBe(true);
    expect(isMarkText('✓')).toBe(true);
    expect(lettersOf('a y b')).toEqual(['a', 'b']);
    expect(lettersOf('b-d')).toEqual(['b', 'c', 'd']);
  });

  it("derives the commitment's level as the lowest of its sub-items', and says when they differ", () => {
    expect(deriveLevel({ a: 'complete', b: 'complete' })).toEqual({ level: 'complete', differs: false });
    expect(deriveLevel({ a: 'substantial', b: 'complete', c: 'limited' })).toEqual({ level: 'limited', differs: true });
    expect(deriveLevel({})).toEqual({ level: null, differs: false });
  });
});
