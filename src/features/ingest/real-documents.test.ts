import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTemplateDocument } from './documents.js';

/**
 * A real self-assessment a government published (the 2014–2018 template, in English, 26
 * commitments under theme headings, "N. Title" blocks, sub-item letters under the completion
 * columns), held to what a careful reader finds in it (fixtures/real-documents/README.md).
 */

interface Expected {
  position: number;
  section: string;
  number_in_section: number;
  title: string;
  lead: string;
  page: number;
  completion: Record<string, string>;
}

const DIR = 'fixtures/real-documents';
const NAME = 'us-nap2-end-of-term-self-assessment-2015';
const expected = JSON.parse(readFileSync(`${DIR}/${NAME}.expected.json`, 'utf8')) as Expected[];
const ws = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

describe('a real published self-assessment (PDF)', () => {
  it('finds every commitment in order, with its theme, title, lead institution and completion', async () => {
    const { parsed } = await readTemplateDocument(`${NAME}.pdf`, new Uint8Array(readFileSync(`${DIR}/${NAME}.pdf`)));
    const got = parsed.commitments;
    expect(got.map((c) => c.title)).toEqual(expected.map((e) => e.title));
    expect(got.map((c) => [c.number, c.numberInSection, c.theme])).toEqual(expected.map((e) => [e.position, e.number_in_section, e.section]));
    expect(got.map((c) => ws(c.leadInstitution))).toEqual(expected.map((e) => ws(e.lead)));
    // Each field says where it was read: the block's page (within one page of where its table starts) and its label.
    got.forEach((c, i) => {
      expect(Math.abs((c.sources?.title?.page ?? 0) - expected[i]!.page)).toBeLessThanOrEqual(1);
      expect(c.sources?.leadInstitution).toMatchObject({ label: 'Lead government actors' });
    });

    const completion = (c: (typeof got)[number]) => (c.completionSubItems ? c.completionSubItems : c.completion ? { '*': c.completion } : {});
    const right = got.filter((c, i) => JSON.stringify(Object.entries(completion(c)).sort()) === JSON.stringify(Object.entries(expected[i]!.completion).sort()));
    expect(right.length).toBeGreaterThanOrEqual(24);

    // Sub-items with different levels: the commitment takes the lowest, and the import says so.
    const third = got[2]!;
    expect(third.completion).toBe('substantial');
    expect(parsed.warnings).toContainEqual(expect.objectContaining({ code: 'completion_sub_items_differ', commitment: 2 }));
    // Bullets drawn in a Symbol font elsewhere are text, never marks; no value holds its neighbour's label.
    for (const c of got) {
      expect(c.otherActors.civilSociety.concat(c.otherActors.government).join(' ')).not.toMatch(/^involved\b/i);
      for (const v of [c.leadInstitution, c.objective, c.briefDescription, c.relevance, c.ambition]) expect(v ?? '').not.toMatch(/\b(Lead government actors|Other actors involved|Completion level)\b/);
    }
  });
});
