import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { overflowingElements } from '../support/overflow.js';

/** At 360 px (a small phone) the plan table and the commitment template read without sideways scrolling. */
let browser: Browser;
const base = inject('baseUrl');

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('phones', () => {
  it('the plan page and the commitment page fit 360 px, es and en', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(base);
    const planHref = await page.locator('a[href^="/plans/"]').first().getAttribute('href');
    await page.goto(`${base}${planHref}`);
    const commitmentHref = await page.locator('a[href^="/commitments/"]').first().getAttribute('href');
    for (const lang of ['es', 'en']) {
      for (const path of [planHref!, commitmentHref!]) {
        await page.goto(`${base}${path}?lang=${lang}`);
        expect(await overflowingElements(page), `${path} ${lang}`).toEqual([]);
      }
    }
    await context.close();
  });
});
