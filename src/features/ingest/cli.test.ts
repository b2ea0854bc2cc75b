import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli as runCli } from '../../../tests/support/run.js';
import { templateDocx, templatePdf } from '../../../tests/support/documents.js';

/** The CLI's commands as `npm run abierto -- …` runs them (`runCli`, in this process), on their own data folder. */
let dataDir: string;
let work: string;
const SEED = path.resolve('fixtures/000_3f13f33dc8e8d7d3.txt');

function cli(args: string[], env: Record<string, string> = {}) {
  return runCli(args, { DATA_DIR: dataDir, LANG: 'C', ...env });
}

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'abierto-cli-'));
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'abierto-cli-files-'));
});
afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

describe('abierto import', () => {
  it('--dry-run --json prints what it would store in the API shape, with warnings, and stores nothing', async () => {
    const r = await cli(['import', SEED, '--dry-run', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.dryRun).toBe(true);
    expect(out.importId).toBeNull();
    const c = out.commitments[0];
    expect(c.number).toBe('19');
    expect(c.startMonth).toBe('2016-09');
    expect(c.milestones).toHaveLength(5);
    expect(c.milestones.map((m: { status: string }) => m.status)).toEqual(['complete', 'complete', 'substantial', 'not_started', 'not_started']);
    const codes = out.warnings.map((w: { code: string }) => w.code);
    expect(codes).toContain('brief_description_too_long');
    expect(codes).toContain('completion_mark_ambiguous');
    expect(out.warnings.every((w: { message: string }) => w.message.length > 0)).toBe(true);
  });

  it('stores into the plan, updating the demo commitment rather than duplicating it', async () => {
    const r = await cli(['import', SEED, '--plan', '1']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Importado 1 compromiso');
    expect(r.stdout).toContain('[updated]');
    expect(r.stderr).toContain('Aviso');
  });

  it('creates a new plan when asked and imports into it, with messages in English', async () => {
    const r = await cli(['--lang', 'en', 'import', SEED, '--member', 'CHL', '--plan-number', '4', '--plan-title', 'Cuarto Plan', '--plan-start', '2018-09', '--plan-end', '2020-08']);
    expect(r.stderr).toContain('Warning');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Imported 1 commitment into "Cuarto Plan"');
    expect(r.stdout).toContain('[created]');
  });

  it.each([
    ['a file that does not exist', () => path.join(work, 'missing.txt'), /No se puede leer el archivo .*ENOENT/],
    ['an empty file', () => write('empty.txt', ''), /El documento está vacío/],
    ['a binary file', () => write('binary.txt', Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00])), /no es texto/],
    ['a damaged Word document', () => write('report.docx', Buffer.from('PK\u0003\u0004rest')), /documento Word \(\.docx\) está dañado o incompleto/],
    ['a truncated PDF', () => write('report.pdf', Buffer.from('%PDF-1.7\n1 0 obj <<')), /PDF está dañado o incompleto/],
    ['a format it does not read', () => write('report.rtf', '{\\rtf1 hola}'), /formato «rtf» no se puede importar/],
    ['text that is not the template', () => write('letter.txt', 'Estimada señora: le escribo para saludarla.\n'), /no tiene la forma de la plantilla/],
    ['a file over the size limit', () => sparse('huge.txt', 21 * 1024 * 1024), /demasiado grande/],
  ])('refuses %s with a clear message, exit code 1, storing nothing', async (_name, make, message) => {
    const file = make();
    const r = await cli(['import', file, '--plan', '1']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it('imports a generated Word and PDF self-assessment (dry run first), detecting the format', async () => {
    const docx = write('informe.docx', Buffer.from(await templateDocx([{ number: 30, title: 'Datos abiertos', completion: { column: 1 } }, { number: 31, title: 'Lobby' }])));
    const dry = await cli(['import', docx, '--plan', '1', '--dry-run', '--json']);
    expect(dry.status).toBe(0);
    const out = JSON.parse(dry.stdout);
    expect(out.commitments.map((c: { number: string; completion: string | null }) => [c.number, c.completion])).toEqual([['30', 'limited'], ['31', null]]);
    const pdf = write('informe.pdf', Buffer.from(await templatePdf([{ number: 30, title: 'Datos abiertos', completion: { column: 2 } }])));
    const r = await cli(['--lang', 'en', 'import', pdf, '--plan', '1']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('[created]');
    const again = await cli(['--lang', 'en', 'import', pdf, '--plan', '1', '--json']);
    expect(JSON.parse(again.stdout).commitments[0]).toMatchObject({ number: '30', completion: 'substantial', action: 'updated' });
  });

  it('refuses an unknown plan and bad options with a clear message', async () => {
    expect((await cli(['import', SEED, '--plan', '999'])).stderr).toContain('No existe el plan 999');
    expect((await cli(['import', SEED, '--plan', "1; DROP TABLE plans"])).stderr).toContain('No existe el plan');
    expect((await cli(['import', SEED, '--member', 'CHL'])).stderr).toContain('Indique el plan');
    expect((await cli(['import'])).status).toBe(2);
  });
});

function write(name: string, content: string | Buffer): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, content);
  return file;
}

function sparse(name: string, size: number): string {
  const file = path.join(work, name);
  const fd = fs.openSync(file, 'w');
  fs.ftruncateSync(fd, size);
  fs.closeSync(fd);
  return file;
}
