import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations } from '../support/axe.js';
import { launchChromium } from '../support/browser.js';

let browser: Browser;
const base = inject('baseUrl');

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function newPage(options: { javaScriptEnabled?: boolean; bypassCSP?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true, bypassCSP: options.bypassCSP ?? false });
  const page = await context.newPage();
  return { context, page };
}

describe('a person browses the demo plan', () => {
  it('home → plan → commitment → switch to English, with JavaScript off', async () => {
    const { context, page } = await newPage({ javaScriptEnabled: false });
    await page.goto(base);
    await expect(page.getByRole('heading', { level: 1, name: 'Planes de acción' }).isVisible()).resolves.toBe(true);

    // The home page lists each member's latest plan; earlier plans are on the member's page.
    await page.getByRole('link', { name: 'Chile', exact: true }).first().click();
    await page.waitForURL(/\/members\/CHL$/);
    await page.getByRole('link', { name: 'Tercer Plan de Acción de Gobierno Abierto 2016–2018' }).first().click();
    await page.waitForURL(/\/plans\/\d+$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Tercer Plan de Acción');
    const table = page.getByRole('table');
    expect(await table.getByRole('columnheader', { name: 'Cumplimiento (autorreportado)' }).count()).toBe(1);
    expect(await page.getByText('metas con retraso').first().isVisible()).toBe(true);

    await page.getByRole('link', { name: /Institucionalización de la Alianza para el Gobierno Abierto en Chile/ }).click();
    await page.waitForURL(/\/commitments\/\d+$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Compromiso n° 19: Institucionalización/);
    expect(await page.getByRole('rowheader', { name: 'Tema' }).count()).toBe(1);
    expect(await page.getByRole('cell', { name: 'Implementación de la Alianza para el Gobierno Abierto' }).count()).toBe(1);
    expect(await page.getByRole('heading', { level: 3, name: /^Meta 2: Formalización/ }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'rmora@minsegpres.gob.cl' }).count()).toBe(1);

    await page.getByRole('link', { name: 'Cambiar idioma: English' }).click();
    await page.waitForLoadState();
    expect(page.url()).toMatch(/\/commitments\/\d+$/);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Commitment 19: /);
    expect(await page.getByRole('rowheader', { name: 'Theme' }).count()).toBe(1);
    expect(await page.getByRole('heading', { level: 3, name: /^Milestone 1: / }).count()).toBe(1);

    // The institution page, from the template.
    await page.getByRole('link', { name: 'Ministerio Secretaría General de la Presidencia' }).first().click();
    await page.waitForURL(/\/institutions\/\d+$/);
    expect(await page.getByRole('heading', { level: 2, name: 'Commitments it leads' }).count()).toBe(1);

    // And back to Spanish.
    await page.getByRole('link', { name: 'Change language: Español' }).click();
    await page.waitForLoadState();
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    await context.close();
  });

  it('an unknown commitment shows the 404 page', async () => {
    const { context, page } = await newPage();
    const res = await page.goto(`${base}/commitments/987654`);
    expect(res?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1, name: 'Página no encontrada' }).count()).toBe(1);
    await page.getByRole('link', { name: 'Volver al inicio' }).click();
    await page.waitForURL(`${base}/`);
    await context.close();
  });

  it('pages pass the WCAG 2.2 AA rules axe-core checks, in both languages', async () => {
    const { context, page } = await newPage({ bypassCSP: true });
    await page.goto(`${base}/members/CHL`);
    const planHref = await page.getByRole('link', { name: /Tercer Plan/ }).first().getAttribute('href');
    await page.goto(`${base}${planHref}`);
    const commitmentHref = await page.getByRole('link', { name: /Institucionalización/ }).getAttribute('href');
    await page.goto(`${base}${commitmentHref}`);
    const institutionHref = await page.getByRole('link', { name: 'Ministerio Secretaría General de la Presidencia' }).first().getAttribute('href');
    for (const lang of ['es', 'en']) {
      for (const path of ['/', planHref, commitmentHref, institutionHref, '/no-such-page']) {
        await page.goto(`${base}${path}${path?.includes('?') ? '&' : '?'}lang=${lang}`);
        const violations = await axeViolations(page);
        expect(violations, `${lang} ${path}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
      }
    }
    await context.close();
  });

  it('is usable on a narrow phone screen without horizontal scrolling of the page', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
    const page = await context.newPage();
    await page.goto(`${base}/members/CHL`);
    const href = await page.getByRole('link', { name: /Tercer Plan/ }).first().getAttribute('href');
    await page.goto(`${base}${href}`);
    const commitmentHref = await page.getByRole('link', { name: /Institucionalización/ }).getAttribute('href');
    await page.goto(`${base}${commitmentHref}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });
});
