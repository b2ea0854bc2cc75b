import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations } from '../support/axe.js';
import { acceptInvitationAt, launchChromium, selectByText } from '../support/browser.js';

/**
 * Issue 9, scope 5, in the browser with JavaScript off: a secretariat publishes minutes as a file,
 * corrects them with a new version, and withdraws them with a public reason; every page passes axe.
 */
let browser: Browser;
const base = inject('baseUrl');
const invitation = inject('repositoryInvitation');
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
});

async function newPage(options: { axe?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: options.axe ?? false, bypassCSP: options.axe ?? false });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(40_000);
  return page;
}

async function axeAt(sec: Page, url: string) {
  const page = await newPage({ axe: true });
  await page.context().addCookies(await sec.context().cookies());
  await page.goto(url);
  expect(await axeViolations(page), url).toEqual([]);
}

describe('the secretariat publishes, corrects and withdraws a document (browser, JavaScript off)', () => {
  it('publishes minutes as a file, corrects them as version 2, withdraws them; the list keeps them marked', async () => {
    const sec = await newPage();
    await acceptInvitationAt(sec, `${base}${invitation}`, 'Ramón Repositorio', 'una-clave-bien-larga', `${base}/work`);
    await sec.goto(`${base}/repository`);
    await sec.getByRole('link', { name: 'Publicar un documento' }).click();
    await sec.waitForURL(/\/repository\/new$/);
    await axeAt(sec, `${base}/repository/new`);
    // Missing title: the form comes back with the message, the rest kept.
    await sec.getByRole('radio', { name: 'Un enlace a otro sitio' }).check();
    await sec.getByRole('textbox', { name: 'Enlace (http o https)' }).fill('https://example.org/acta.pdf');
    await sec.getByRole('button', { name: 'Publicar' }).click();
    expect(await sec.getByRole('alert').first().textContent()).toContain('Escriba el título en español o en inglés.');
    await axeAt(sec, `${base}/repository/new`);
    await sec.getByRole('textbox', { name: 'Título (español)' }).fill('Acta de la Mesa, sesión 4');
    await sec.getByRole('textbox', { name: 'Título (inglés)' }).fill('Forum minutes, meeting 4');
    await selectByText(sec.getByRole('combobox', { name: 'Plan de acción' }), /Tercer Plan/);
    await sec.getByRole('radio', { name: 'Un archivo' }).check();
    await sec.getByLabel('Archivo', { exact: true }).setInputFiles({ name: 'acta-4.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% acta 4\n%%EOF\n') });
    await sec.getByRole('button', { name: 'Publicar' }).click();
    await sec.waitForURL(/\/repository\/\d+\?done=published$/);
    const itemUrl = sec.url().replace(/\?.*$/, '');
    expect(await sec.getByRole('status').textContent()).toContain('Documento publicado.');
    await sec.getByRole('link', { name: 'Corregir (nueva versión)' }).click();
    await axeAt(sec, sec.url());
    await sec.getByRole('radio', { name: 'Un enlace a otro sitio' }).check();
    await sec.getByRole('textbox', { name: 'Enlace (http o https)' }).fill('https://example.org/acta-4-corregida.pdf');
    await sec.getByRole('textbox', { name: 'Motivo' }).fill('Se agregó la lista de asistentes.');
    await sec.getByRole('button', { name: 'Publicar la nueva versión' }).click();
    await sec.waitForURL(/done=corrected$/);
    const versions = sec.getByRole('region', { name: 'Versiones' });
    expect(await versions.textContent()).toContain('Versión 2 (actual)');
    expect(await versions.getByRole('link', { name: 'Descargar la versión 1' }).count()).toBe(1);
    await axeAt(sec, itemUrl);
    await sec.getByRole('link', { name: 'Retirar' }).click();
    await axeAt(sec, sec.url());
    await sec.getByRole('textbox', { name: 'Motivo público del retiro' }).fill('Era de otra sesión.');
    await sec.getByRole('button', { name: 'Retirar el documento' }).click();
    await sec.waitForURL(/done=withdrawn$/);
    expect(await sec.locator('main').textContent()).toContain('Motivo: Era de otra sesión.');
    const anon = await newPage();
    await anon.goto(`${base}/repository`);
    const row = anon.getByRole('row').filter({ hasText: 'Acta de la Mesa, sesión 4' });
    expect(await row.textContent()).toContain('Retirado');
    await axeAt(anon, `${base}/repository`);
  });
});
