import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { es } from './es.js';

type Tree = { [k: string]: unknown };

function leaves(tree: unknown, prefix = ''): [string, unknown][] {
  if (typeof tree === 'string' || typeof tree === 'function' || Array.isArray(tree)) return [[prefix, tree]];
  return Object.entries(tree as Tree).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

describe('message catalogs', () => {
  const esLeaves = new Map(leaves(es));
  const enLeaves = new Map(leaves(en));

  it('have the same keys in es and en', () => {
    expect([...enLeaves.keys()].sort()).toEqual([...esLeaves.keys()].sort());
  });

  it('have no empty text, and functions that say something', () => {
    for (const [key, value] of [...esLeaves, ...enLeaves]) {
      if (typeof value === 'string') expect(value.trim(), key).not.toBe('');
      if (Array.isArray(value)) expect(value.every((v) => typeof v === 'string' && v.trim() !== ''), key).toBe(true);
      if (typeof value === 'function') {
        const fn = value as (...a: unknown[]) => unknown;
        // Messages take numbers, a list of numbers (milestone numbers) or an object of parameters.
        const attempt = (...args: unknown[]) => {
          try {
            const out = fn(...args);
            return typeof out === 'string' ? out : null;
          } catch {
            return null;
          }
        };
        const text = attempt(3, 2, 1) || attempt([3, 2, 1]) || String(fn({ length: 200, limit: 140, text: 'x', id: 1, page: 4, label: 'x' }));
        expect(text.trim(), key).not.toBe('');
      }
    }
  });

  it('are really translated (en differs from es for most texts)', () => {
    const same = [...esLeaves].filter(([k, v]) => typeof v === 'string' && enLeaves.get(k) === v).map(([k]) => k);
    // Only names and words that are the same in both languages ("Plan", "No", "Total", file formats).
    expect(same.sort()).toEqual([
      'authoring.changes.entity.action_plan',
      'authoring.no',
      'authoring.work.plan',
      'dashboard.csv',
      'dashboard.no',
      'dashboard.total',
      'dashboard.xlsx',
      'dashboards.plan',
      'irm.codes.marginal',
      'irm.codes.no',
      'members.plan',
      'search.inPlan',
      'site.name',
    ]);
  });
});
