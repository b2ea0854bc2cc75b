import { readFileSync } from 'node:fs';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../../../tests/support/db.js';
import { templateDocx } from '../../../tests/support/documents.js';
import { createPlan, NOW } from '../../../tests/support/factories.js';
import { auditLog, commitments, files, imports, institutions, irmAssessments, members, milestones } from '../../db/schema/index.js';
import { messages } from '../../i18n/index.js';
import { ogpErrorLines } from '../ogp/cli.js';
import { importOgpData } from '../ogp/commands.js';
import { OgpDataError, readCsv } from '../ogp/read.js';
import { importTemplateDocument, importErrorMessage, readTemplateDocument } from './documents.js';
import { toCsv } from '../ogp/export.js';

/**
 * Thousands of mutated inputs (the seed, a DOCX, OGP's CSV): each either reads or fails with one
 * of our errors (a message for the user), never a crash; an import that fails stores nothing.
 */

/** A small deterministic generator (mulberry32), so that a failure can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY = ['\u0000', '\t', '\n', '"', ',', '<b>', '</td>', '**', '&#0;', '&#x10FFFF;', '\uFEFF', '\uE000', 'X', '✓', '=cmd|', '\u202E', 'Compromiso n° 7:', 'Cumplimiento', '9'.repeat(40), '\r\n'];

function mutate(input: Uint8Array, rnd: () => number): Uint8Array {
  const bytes = Array.from(input);
  const edits = 1 + Math.floor(rnd() * 8);
  for (let k = 0; k < edits; k += 1) {
    const at = Math.floor(rnd() * Math.max(1, bytes.length));
    const op = Math.floor(rnd() * 6);
    if (op === 0) bytes[at] = Math.floor(rnd() * 256);
    else if (op === 1) bytes.splice(at, 1 + Math.floor(rnd() * 64));
    else if (op === 2) bytes.splice(at, 0, ...new TextEncoder().encode(NASTY[Math.floor(rnd() * NASTY.length)]!));
    else if (op === 3) bytes.length = at;
    else if (op === 4) {
      const from = Math.floor(rnd() * bytes.length);
      bytes.splice(at, 0, ...bytes.slice(from, from + Math.floor(rnd() * 200)));
    } else bytes[at] = (bytes[at] ?? 0) ^ (1 << Math.floor(rnd() * 8));
  }
  return new Uint8Array(bytes);
}

const SEED = new Uint8Array(readFileSync('fixtures/000_3f13f33dc8e8d7d3.txt'));
const sample = readCsv(new Uint8Array(readFileSync('fixtures/ogp-commitments-sample.csv')));
const CSV = toCsv([sample.header, ...sample.rows.slice(0, 12).map((r) => sample.header.map((h) => r[h] ?? ''))]);
const t_es = messages('es');

/** Ours: an error with a message for the user. Anything else is a crash. */
function explained(error: unknown): boolean {
  return importErrorMessage(error, t_es) !== null || ogpErrorLines(error, t_es) !== null;
}

let t: TestDatabase;
let planId: number;
let DOCX: Uint8Array;
beforeAll(async () => {
  t = await testDatabase();
  planId = (await createPlan(t.db, { code: 'FZ', number: 1 })).id;
  DOCX = await templateDocx([
    { number: 1, title: 'Datos abiertos', completion: { column: 2 }, milestones: ['1. Diseño (Enero 2017)'] },
    { number: 2, title: 'Lobby', completion: { column: 0 } },
  ]);
});
afterAll(async () => {
  await t.dispose();
});

async function counts() {
  const out: number[] = [];
  for (const table of [commitments, milestones, imports, auditLog, institutions, members, irmAssessments, files]) {
    const [r] = await t.db.select({ n: count() }).from(table);
    out.push(r!.n);
  }
  return out;
}

describe('fuzz: mutated documents and spreadsheets', () => {
  it('2,000 mutated seed texts and 600 mutated DOCX: read or refused with a message, never a crash', async () => {
    const rnd = random(20261123);
    const crashes: string[] = [];
    for (const [name, base, n] of [
      ['seed.txt', SEED, 2000],
      ['doc.docx', DOCX, 600],
    ] as const) {
      for (let i = 0; i < n; i += 1) {
        const input = mutate(base, rnd);
        try {
          await readTemplateDocument(name, input);
        } catch (error) {
          if (!explained(error)) crashes.push(`${name} #${i}: ${(error as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
        }
      }
    }
    expect(crashes).toEqual([]);
  }, 240_000);

  it('1,000 mutated CSV files: read or refused with a message, never a crash', async () => {
    const rnd = random(558171);
    const crashes: string[] = [];
    for (let i = 0; i < 1000; i += 1) {
      try {
        readCsv(mutate(CSV, rnd));
      } catch (error) {
        if (!explained(error)) crashes.push(`csv #${i}: ${(error as Error).message}`);
      }
    }
    expect(crashes).toEqual([]);
  }, 120_000);

  it('imports of mutated inputs either store everything or nothing at all', async () => {
    const rnd = random(42);
    const crashes: string[] = [];
    let stored = 0;
    let refused = 0;
    for (let i = 0; i < 120; i += 1) {
      const kind = i % 3;
      const before = await counts();
      try {
        if (kind === 2) {
          const table = readCsv(mutate(CSV, rnd));
          await importOgpData(t.db, { table, source: { name: 'f.csv', format: 'csv', content: `${i}` }, actor: 'fuzz', dryRun: false, now: NOW });
        } else {
          const [name, base] = kind === 0 ? ['seed.txt', SEED] : ['doc.docx', DOCX];
          await importTemplateDocument(t.db, { fileName: name, bytes: mutate(base, rnd), planId, actor: 'fuzz', dryRun: false, now: NOW });
        }
        stored += 1;
      } catch (error) {
        refused += 1;
        if (!explained(error) && !(error instanceof OgpDataError)) crashes.push(`#${i}: ${(error as Error).message.slice(0, 300)}`);
        expect(await counts()).toEqual(before);
      }
    }
    expect(crashes).toEqual([]);
    expect(stored).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  }, 240_000);
});
