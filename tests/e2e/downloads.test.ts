import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { axeViolations } from '../support/axe.js';
import { launchChromium } from '../support/browser.js';
import { docxXml, pdfText } from '../support/read-documents.js';

/** The public downloads every format through the links a person clicks, and each file opens as what it claims to be. */

let browser: Browser;
const base = inject('baseUrl');
const PLAN = 'Tercer Plan de Acción de Gobierno Abierto 2016–2018';
const COMMITMENT = 'Institucionalización de la Alianza para el Gobierno Abierto en Chile';

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function newPage(options: { bypassCSP?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ acceptDownloads: true, bypassCSP: options.bypassCSP ?? false });
  return { context, page: await context.newPage() };
}

/** Clicks a download link and returns the file's name and bytes. */
async function download(page: Page, link: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: await readFile(path) };
}

async function toPlan(page: Page) {
  // Earlier plans are listed on the member's page (the home page shows each member's latest).
  await page.goto(`${base}/members/CHL`);
  await page.getByRole('link', { name: PLAN, exact: true }).first().click();
  await page.waitForURL(/\/plans\/\d+$/);
}

async function toSelfAssessment(page: Page) {
  await toPlan(page);
  await page.getByRole('link', { name: 'Informes de autoevaluación y reportes de seguimiento del plan' }).click();
  await page.waitForURL(/\/reports\/plans\/\d+$/);
  await page.getByRole('link', { name: 'Informe de autoevaluación de fin de término' }).click();
  await page.waitForURL(/\/self-assessment\/end-of-term$/);
}

describe('the public downloads reports and open data', () => {
  it('the self-assessment as DOCX, PDF and HTML, in Spanish and English', async () => {
    const { context, page } = await newPage();
    await toSelfAssessment(page);
    expect(await page.getByRole('heading', { level: 1, name: 'Informe de autoevaluación de fin de término' }).count()).toBe(1);
    const downloads = page.getByRole('region', { name: 'Descargar este informe' });
    const item = (label: string) => downloads.getByRole('listitem').filter({ has: page.getByRole('link', { name: label, exact: true }) });

    const docx = await download(page, item('Documento Word (DOCX), editable').getByRole('link', { name: 'Documento Word (DOCX), editable' }));
    expect(docx.name).toMatch(/^informe-de-autoevaluacion-de-fin-de-termino-[a-z]+-3-es\.docx$/);
    const xml = docxXml(docx.bytes);
    expect(xml).toContain('Plantilla de cumplimiento');
    expect(xml).toContain(COMMITMENT);

    const pdf = await download(page, item('Documento PDF').getByRole('link', { name: 'Documento PDF' }));
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pdfWords = (await pdfText(pdf.bytes)).join(' ');
    expect(pdfWords).toContain('Plantilla de cumplimiento');
    expect(pdfWords.replace(/\s+/g, ' ')).toContain('Institucionalización de la Alianza');

    const html = await download(page, item('Página web (HTML)').getByRole('link', { name: 'Página web (HTML)' }));
    expect(html.name).toMatch(/-es\.html$/);
    const htmlText = html.bytes.toString('utf8');
    expect(htmlText).toMatch(/^<!doctype html><html lang="es">/);
    expect(htmlText).toContain(COMMITMENT);

    const enDocx = await download(page, item('Documento Word (DOCX), editable').getByRole('link', { name: 'En inglés' }));
    expect(enDocx.name).toMatch(/^end-of-term-self-assessment-report-[a-z]+-3-en\.docx$/);
    const enXml = docxXml(enDocx.bytes);
    expect(enXml).toContain('Completion template for commitments');
    expect(enXml).toContain(COMMITMENT);

    const enPdf = await download(page, item('Documento PDF').getByRole('link', { name: 'En inglés' }));
    expect(enPdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const enWords = (await pdfText(enPdf.bytes)).join(' ');
    expect(enWords).toContain('Completion template for commitments');
    expect(enWords.replace(/\s+/g, ' ')).toContain('Institucionalización de la Alianza');

    const enHtml = await download(page, item('Página web (HTML)').getByRole('link', { name: 'En inglés' }));
    expect(enHtml.bytes.toString('utf8')).toMatch(/^<!doctype html><html lang="en">/);
    expect(enHtml.bytes.toString('utf8')).toContain('End-of-term self-assessment report');
    await context.close();
  });

  it('open data as CSV, XLSX and JSON', async () => {
    const { context, page } = await newPage();
    await page.goto(base);
    await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Datos abiertos' }).click();
    await page.waitForURL(/\/data$/);

    const csv = await download(page, page.getByRole('link', { name: 'Compromisos en CSV' }));
    expect(csv.name).toBe('commitments.csv');
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toMatch(/^id,plan_id,number,ogp_id,template,title_es,title_en,/);
    expect(lines.some((l) => l.includes(COMMITMENT))).toBe(true);

    const xlsx = await download(page, page.getByRole('link', { name: 'Compromisos en XLSX (Excel)' }));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('commitments');
    expect(sheet?.getRow(1).getCell(1).value).toBe('id');
    const titles: string[] = [];
    sheet?.eachRow((row) => titles.push(String(row.getCell(6).value ?? '')));
    expect(titles).toContain(`${COMMITMENT} mediante creación de la Secretaría Ejecutiva de Gobierno Abierto para el diseño, implementación y monitoreo de planes de acción`);
    expect(workbook.getWorksheet('license')?.getRow(1).getCell(2).value).toBe('CC-BY-4.0');

    const json = await download(page, page.getByRole('link', { name: 'Compromisos en JSON' }));
    const data = JSON.parse(json.bytes.toString('utf8')) as { dataset: string; license: { id: string }; rows: { number: string }[] };
    expect(data.dataset).toBe('commitments');
    expect(data.license.id).toBe('CC-BY-4.0');
    expect(data.rows.map((r) => r.number)).toContain('19');
    await context.close();
  });

  it('the plan’s Atom feed, which the browser shows rather than saves', async () => {
    const { context, page } = await newPage();
    await toPlan(page);
    const href = await page.getByRole('link', { name: 'Novedades de este plan (Atom)' }).getAttribute('href');
    expect(href).toMatch(/^\/feeds\/plans\/\d+\.atom$/);
    const res = await page.request.get(`${base}${href}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/atom+xml; charset=utf-8');
    const xml = await res.text();
    // Parsed by the browser's own XML parser.
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      const atom = 'http://www.w3.org/2005/Atom';
      return {
        error: doc.getElementsByTagName('parsererror').length,
        root: doc.documentElement.localName,
        entries: [...doc.getElementsByTagNameNS(atom, 'entry')].map((e) => e.getElementsByTagNameNS(atom, 'title')[0]?.textContent ?? ''),
      };
    }, xml);
    expect(parsed.error).toBe(0);
    expect(parsed.root).toBe('feed');
    expect(parsed.entries.length).toBeGreaterThan(0);
    expect(parsed.entries.some((title) => title.includes('Compromiso n° 19'))).toBe(true);
    await context.close();
  });
});

describe('reports, repository and open-data pages pass axe', () => {
  it('in Spanish and English', async () => {
    const { context, page } = await newPage({ bypassCSP: true });
    await toSelfAssessment(page);
    const selfAssessment = new URL(page.url()).pathname;
    const reports = selfAssessment.replace(/\/self-assessment\/end-of-term$/, '');
    const paths = [reports, selfAssessment, `${reports}/self-assessment/mid-term`, '/repository', '/repository?type=nonsense', '/data', '/data#dictionary'];
    for (const lang of ['es', 'en']) {
      for (const path of paths) {
        const [p, hash] = path.split('#');
        await page.goto(`${base}${p}${p?.includes('?') ? '&' : '?'}lang=${lang}${hash ? `#${hash}` : ''}`);
        const violations = await axeViolations(page);
        expect(violations, `${lang} ${path}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
      }
    }
    await context.close();
  });
});
