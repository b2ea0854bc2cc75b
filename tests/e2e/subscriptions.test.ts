import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeViolations } from '../support/axe.js';
import { launchChromium } from '../support/browser.js';

/** Issue 13, item 7: the public's subscribe form and the pages of its e-mailed links, with JavaScript off, pass axe. */
let browser: Browser;
const base = inject('baseUrl');

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('e-mail subscriptions in a browser', () => {
  it('the form on a commitment page posts without JavaScript, and every subscription page passes axe in both languages', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(base);
    await page.getByRole('link', { name: /Cuarto Plan/ }).first().click();
    await page.getByRole('link', { name: /Institucionalización/ }).first().click();
    await page.waitForURL(/\/commitments\/\d+$/);
    const commitmentId = /\/commitments\/(\d+)$/.exec(page.url())![1]!;
    const form = page.getByRole('region', { name: 'Seguir por correo' });
    await form.getByRole('textbox', { name: 'Su correo electrónico' }).fill('lectora@example.org');
    await form.getByRole('radio', { name: 'Un resumen semanal' }).check();
    await form.getByRole('button', { name: 'Suscribirme' }).click();
    await page.waitForURL(/\/subscriptions$/);
    // The test server has no SMTP: a clear message, and no link on screen.
    expect(await page.getByRole('status').textContent()).toMatch(/correo del servidor/);
    expect(await page.content()).not.toContain('/subscriptions/confirm/');
    await context.close();

    const axeContext = await browser.newContext({ bypassCSP: true });
    const axePage = await axeContext.newPage();
    const token = 'A'.repeat(43);
    for (const lang of ['es', 'en']) {
      for (const p of [`/subscriptions/new?type=commitment&id=${commitmentId}`, `/subscriptions/confirm/${token}`, `/subscriptions/unsubscribe/${token}`, `/commitments/${commitmentId}`]) {
        const res = await axePage.goto(`${base}${p}${p.includes('?') ? '&' : '?'}lang=${lang}`);
        expect(res?.status(), p).toBe(200);
        const violations = await axeViolations(axePage);
        expect(violations, `${lang} ${p}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
      }
    }
    await axeContext.close();
  });
});
