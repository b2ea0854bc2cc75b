import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeViolations } from '../support/axe.js';
import { launchChromium } from '../support/browser.js';

let browser: Browser;
const base = inject('baseUrl');
/** Kept as CI artifacts (issue 13, scope 10). */
const SHOTS = path.resolve('.tmp/screenshots');

beforeAll(async () => {
  browser = await launchChromium();
  fs.mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

/** The main pages of the portal, found from the home page as a reader would. */
async function mainPages(): Promise<[string, string][]> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(base);
  const current = await page.getByRole('link', { name: /Cuarto Plan/ }).first().getAttribute('href');
  await page.goto(`${base}${current}`);
  const commitment = await page.getByRole('link', { name: /Institucionalización/ }).first().getAttribute('href');
  await page.goto(`${base}${commitment}`);
  const institution = await page.getByRole('link', { name: 'Ministerio Secretaría General de la Presidencia' }).first().getAttribute('href');
  await context.close();
  return [
    ['home', '/'],
    ['search', '/search?q=monitoreos'],
    ['member', '/members/CHL'],
    ['plan', current!],
    ['dashboard', `${current}/dashboard`],
    ['timeline', `${current}/timeline`],
    ['commitment', commitment!],
    ['institution', institution!],
  ];
}

describe('the portal on phones and desktops', () => {
  it('a commitment’s status is two taps from home on a 360 px phone, without JavaScript', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(base);
    await page.getByRole('link', { name: /Cuarto Plan/ }).first().tap(); // 1
    await page.waitForURL(/\/plans\/\d+$/);
    await page.getByRole('link', { name: /Institucionalización/ }).first().tap(); // 2
    await page.waitForURL(/\/commitments\/\d+$/);
    expect(await page.getByRole('heading', { level: 2, name: 'Avance calculado a partir de las metas' }).isVisible()).toBe(true);
    expect(await page.getByText(/% de avance|Ninguna de las/).first().isVisible()).toBe(true);
    await context.close();
  });

  it('a journalist searches from the home page without accents, JavaScript off, and lands on the commitment', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(base);
    await page.getByRole('searchbox', { name: 'Palabras a buscar' }).fill('institucionalizacion');
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.waitForURL(/\/search\?q=institucionalizacion/);
    expect(await page.locator('mark', { hasText: 'Institucionalización' }).count()).toBeGreaterThan(0);
    await page.getByRole('link', { name: /Institucionalización de la Alianza/ }).first().click();
    await page.waitForURL(/\/commitments\/\d+$/);
    await context.close();
  });

  it('every main page passes axe in both languages and has no horizontal scroll at 360 px; screenshots at 360 and 1280 px', async () => {
    const pages = await mainPages();
    const axeContext = await browser.newContext({ bypassCSP: true });
    const axePage = await axeContext.newPage();
    for (const lang of ['es', 'en']) {
      for (const [name, p] of pages) {
        const res = await axePage.goto(`${base}${p}${p.includes('?') ? '&' : '?'}lang=${lang}`);
        expect(res?.status(), `${name}`).toBe(200);
        const violations = await axeViolations(axePage);
        expect(violations, `${lang} ${name}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
      }
    }
    await axeContext.close();
    for (const width of [360, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: width === 360 ? 740 : 900 }, javaScriptEnabled: false });
      const page = await context.newPage();
      for (const [name, p] of pages) {
        await page.goto(`${base}${p}`);
        if (width === 360) {
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow, `${name} overflows at 360 px`).toBeLessThanOrEqual(0);
        }
        await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
      }
      await context.close();
    }
    expect(fs.readdirSync(SHOTS).filter((f) => f.endsWith('.png')).length).toBeGreaterThanOrEqual(pages.length * 2);
  });
});
