import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli as runCli } from '../../../tests/support/run.js';
import { docxParagraphs, docxXml, pdfText } from '../../../tests/support/read-documents.js';

/** `npm run abierto -- report …` runs `runCli` (here in this process), on its own data folder (the demo fills it). */
let dataDir: string;

function cli(args: string[]) {
  return runCli(args, { DATA_DIR: dataDir, LANG: 'C' });
}

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'abierto-report-cli-'));
});
afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('abierto report self-assessment', () => {
  it('writes the demo plan’s self-assessment as DOCX, PDF and HTML, in es and en', async () => {
    const docx = path.join(dataDir, 'sa.docx');
    let r = await cli(['report', 'self-assessment', '--plan', '1', '--format', 'docx', '--lang', 'es', '--out', docx]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const titles = docxParagraphs(docxXml(new Uint8Array(fs.readFileSync(docx)))).filter((p) => p.style === 'Title').map((p) => p.text);
    expect(titles).toEqual(['Informe de autoevaluación de medio término']);

    const pdf = path.join(dataDir, 'sa.pdf');
    r = await cli(['report', 'self-assessment', '--plan', '1', '--kind', 'end_of_term', '--format', 'pdf', '--lang', 'en', '--out', pdf]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Wrote .*sa\.pdf \(\d+ bytes\)\./);
    const text = (await pdfText(new Uint8Array(fs.readFileSync(pdf)))).join(' ');
    expect(text).toContain('End-of-term self-assessment report');

    const html = path.join(dataDir, 'sa.html');
    r = await cli(['report', 'self-assessment', '--plan', '1', '--format', 'html', '--out', html]);
    expect(r.status).toBe(0);
    const page = fs.readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!doctype html><html lang="es">/);
    expect(page).toContain('Plantilla de cumplimiento de compromisos');
  });

  it('refuses a wrong plan, format or kind with one clear line and exit code 1, writing nothing', async () => {
    const out = path.join(dataDir, 'nothing.docx');
    const cases: [string[], RegExp][] = [
      [['--plan', '999'], /^abierto: No existe el plan 999\.$/m],
      [['--plan', "1'; DROP TABLE commitments;--"], /^abierto: No existe el plan 1'; DROP TABLE commitments;--\.$/m],
      [['--plan', '1', '--format', 'xls'], /^abierto: La opción --format debe ser una de: html, docx, pdf\.$/m],
      [['--plan', '1', '--kind', 'final'], /^abierto: La opción --kind debe ser una de: mid_term, end_of_term\.$/m],
    ];
    for (const [args, message] of cases) {
      const r = await cli(['report', 'self-assessment', ...args, '--out', out]);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(fs.existsSync(out)).toBe(false);
    }
    const en = await cli(['--lang', 'en', 'report', 'self-assessment', '--plan', '999', '--out', out]);
    expect(en.stderr).toMatch(/^abierto: There is no plan 999\.$/m);
    const dir = await cli(['report', 'self-assessment', '--plan', '1', '--out', path.join(dataDir, 'no', 'such', 'dir.docx')]);
    expect(dir.status).toBe(1);
    expect(dir.stderr).toMatch(/^abierto: No se puede escribir .*dir\.docx: ENOENT$/m);
  });
});
