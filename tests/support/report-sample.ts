import type { Block, ReportDocument } from '../../src/features/reports/document.js';

/** A report like the self-assessment: per commitment a heading and its template table, one row longer than a page. */
export function bigReport(commitments: number, locale: 'es' | 'en' = 'en'): ReportDocument {
  const blocks: Block[] = [{ type: 'heading', level: 1, text: locale === 'es' ? 'Compromisos' : 'Commitments' }];
  blocks.push({ type: 'chart', title: 'Completion', total: commitments, bars: [{ key: 'c', label: 'Complete', value: commitments, color: '#2e7d32' }] });
  for (let k = 1; k <= commitments; k += 1) {
    blocks.push({ type: 'heading', level: 2, text: `Commitment ${k}: Open data ${k}` });
    const long = k === 1 ? 140 : 3;
    blocks.push({
      type: 'table',
      role: 'template',
      widths: [1, 3],
      rows: [
        [{ paras: [{ runs: [{ text: 'Lead institution', bold: true }] }], head: true }, { paras: [{ runs: [{ text: 'Ministry of Finance' }] }] }],
        [
          { paras: [{ runs: [{ text: 'Description of results', bold: true }] }], head: true },
          { paras: Array.from({ length: long }, (_, i) => ({ runs: [{ text: `Paragraph ${i + 1} of the results of commitment ${k}, long enough to wrap over the line at least once in the value column.` }] })) },
        ],
      ],
    });
  }
  return { locale, title: 'Self-assessment report', subtitle: 'Third action plan 2016–2018', meta: ['Chile', 'Mid-term', 'Ministry General Secretariat of the Presidency'], blocks, fileStem: 'x' };
}

