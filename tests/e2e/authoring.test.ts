import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations } from '../support/axe.js';
import { launchChromium, acceptInvitationAt, selectByText } from '../support/browser.js';

/**
 * Issue 9, in the browser with JavaScript off: a new secretariat (made with `abierto user add`
 * before the app started) creates a plan with two commitments and their milestones from nothing,
 * invites a contact (the link is on screen: no SMTP), opens a period, and sees the dashboard fill as
 * the contact reports.
 */
let browser: Browser;
const base = inject('baseUrl');
const invitation = inject('secretariatInvitation');
const PASSWORD = 'otra-clave-bien-larga';
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
});

async function newPage(options: { bypassCSP?: boolean } = {}): Promise<Page> {
  // Pages under test run with JavaScript off; the axe pages need it on (axe is a script) and bypass the CSP.
  const context = await browser.newContext({ javaScriptEnabled: options.bypassCSP ?? false, bypassCSP: options.bypassCSP ?? false });
  contexts.push(context);
  const page = await context.newPage();
  // A wrong locator fails with its name rather than the test's timeout.
  page.setDefaultTimeout(40_000);
  return page;
}

async function accept(page: Page, path: string, name: string) {
  await acceptInvitationAt(page, `${base}${path}`, name, PASSWORD, `${base}/work`);
}

describe('a new secretariat sets up a plan and follows a reporting period (browser, JavaScript off)', () => {
  let sec: Page;
  let contact: Page;
  let planPath: string;
  const commitmentIds: number[] = [];

  it('accepts the invitation and creates a plan from /work', async () => {
    sec = await newPage();
    await accept(sec, invitation, 'Sofía Autora');
    await sec.getByRole('link', { name: 'Crear un plan de acción' }).click();
    await sec.getByRole('spinbutton', { name: 'Número del plan' }).fill('7');
    await sec.getByRole('textbox', { name: 'Título (Español)' }).fill('Séptimo Plan de Práctica');
    await sec.getByRole('textbox', { name: 'Título (Inglés)' }).fill('Seventh Practice Plan');
    await sec.getByLabel('Primer mes (AAAA-MM)').fill('2026-01');
    await sec.getByLabel('Último mes (AAAA-MM)').fill('2028-06');
    await sec.getByRole('combobox', { name: 'Fase' }).selectOption('implementation');
    await sec.getByRole('button', { name: 'Crear' }).click();
    await sec.waitForURL(/\/plans\/\d+$/);
    planPath = new URL(sec.url()).pathname;
    expect(await sec.getByRole('heading', { level: 1 }).textContent()).toContain('Séptimo Plan de Práctica');
    expect(await sec.locator('main').textContent()).toContain('Comienza en Implementación, por Sofía Autora');
  }, 240_000);

  it('adds two commitments with new lead institutions and their milestones', async () => {
    for (const [n, title, inst, milestones] of [
      ['1', 'Compras públicas abiertas', 'Dirección de Compras de Práctica', ['Diseño del portal', 'Publicación de contratos']],
      ['2', 'Datos de salud', 'Servicio de Salud de Práctica', ['Inventario de datos']],
    ] as const) {
      await sec.goto(`${base}${planPath}`);
      await sec.getByRole('link', { name: 'Agregar un compromiso' }).click();
      await sec.getByRole('textbox', { name: 'Número' }).fill(n);
      await sec.getByRole('textbox', { name: 'Título (Español)' }).fill(title);
      await sec.getByRole('textbox', { name: 'O escriba el nombre de una nueva institución (Español)' }).fill(inst);
      await sec.getByRole('textbox', { name: 'Problema público (status quo) (Español)' }).fill('Falta información pública.');
      await sec.getByRole('button', { name: 'Crear' }).click();
      await sec.waitForURL(/\/commitments\/\d+\/milestones$/);
      commitmentIds.push(Number(/\/commitments\/(\d+)\//.exec(sec.url())![1]));
      for (const m of milestones) {
        await sec.getByRole('textbox', { name: 'Meta (Español)' }).fill(m);
        await sec.getByLabel('Término previsto (AAAA-MM)').fill('2027-12');
        await sec.getByRole('button', { name: 'Agregar una meta' }).click();
        await sec.waitForURL(/\/milestones\?done=1$/);
      }
    }
    expect(await sec.getByRole('button', { name: 'Quitar la meta 1' }).count()).toBe(1);
    const axePage = await newPage({ bypassCSP: true });
    await axePage.goto(`${base}${planPath}`);
    expect(await axeViolations(axePage)).toEqual([]);
  }, 240_000);

  it('invites the first institution\'s contact: without SMTP the link is on screen', async () => {
    await sec.goto(`${base}/admin/users`);
    await sec.getByRole('textbox', { name: 'Correo electrónico' }).fill('contacto.compras@example.org');
    await sec.getByRole('textbox', { name: 'Nombre' }).fill('Carlos Compras');
    await selectByText(sec.getByRole('combobox', { name: 'Rol' }), /^Contacto institucional$/);
    await selectByText(sec.getByRole('combobox', { name: 'Miembro (país o localidad)' }), /^CHL · /);
    await selectByText(sec.getByRole('combobox', { name: 'Institución (para contactos institucionales)' }), /Dirección de Compras de Práctica/);
    await sec.getByRole('button', { name: 'Enviar la invitación' }).click();
    const link = await sec.getByRole('link', { name: /\/invitations\// }).getAttribute('href');
    expect(link).toMatch(/\/invitations\/[A-Za-z0-9_-]{43}$/);
    contact = await newPage();
    await accept(contact, new URL(link!).pathname, 'Carlos Compras');
  }, 240_000);

  it('opens a period; the dashboard shows nothing reported; the contact reports; the dashboard fills', async () => {
    await sec.goto(`${base}/periods`);
    await selectByText(sec.getByRole('combobox', { name: 'Plan de acción' }), /Séptimo Plan de Práctica/);
    await sec.getByRole('textbox', { name: /^Nombre/ }).fill('Primer semestre');
    await sec.getByLabel('Fecha límite').fill('2099-12-31');
    await sec.getByRole('button', { name: 'Abrir el período' }).click();
    await sec.getByRole('link', { name: 'Tablero: Primer semestre' }).click();
    const row = () => sec.getByRole('row', { name: /^Dirección de Compras de Práctica/ }).locator('td');
    expect(await row().allTextContents()).toEqual(['2', '0', '0', '0', '0', '0', '0']);
    const dashboard = sec.url();

    await contact.goto(`${base}/commitments/${commitmentIds[0]}/milestones/1/updates/new`);
    await contact.getByRole('combobox', { name: 'Estado de la meta' }).selectOption('limited');
    await contact.getByRole('textbox', { name: 'Narrativa: qué se hizo, qué falta' }).fill('Se diseñó el portal.');
    await selectByText(contact.getByRole('combobox', { name: /Período/ }), /Primer semestre/);
    await contact.getByRole('button', { name: 'Enviar a verificación' }).click();
    await contact.waitForURL(/\/work\?done=submitted$/);

    await sec.goto(dashboard);
    expect(await row().allTextContents()).toEqual(['1', '0', '1', '0', '0', '0', '0']);
    expect(await sec.getByRole('row', { name: /^Servicio de Salud de Práctica/ }).locator('td').allTextContents()).toEqual(['1', '0', '0', '0', '0', '0', '0']);
    const axePage = await newPage({ bypassCSP: true });
    await axePage.context().addCookies(await sec.context().cookies());
    await axePage.goto(dashboard);
    expect(await axeViolations(axePage)).toEqual([]);
  }, 240_000);
});
