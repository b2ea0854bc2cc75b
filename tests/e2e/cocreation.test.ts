import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations } from '../support/axe.js';
import { launchChromium } from '../support/browser.js';

/**
 * Co-creation of the next plan in the browser, JavaScript off: the secretariat (here an administrator,
 * who holds every role) creates the process and publishes its calendar; a member of the public
 * proposes with an e-mail address confirmed by a link; the secretariat answers into a draft of a
 * working table; the public comments on the draft during the consultation; a new version cites the
 * comment; approval turns the draft into a commitment of the new plan, traceable both ways.
 */
let browser: Browser;
const base = inject('baseUrl');
const invitation = inject('cocreationInvitation');
const PASSWORD = 'una-clave-bien-larga';
const contexts: BrowserContext[] = [];

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
/** The forms refuse a post sooner than 3 s after they were shown (a bot's speed). */
const humanPause = () => new Promise((r) => setTimeout(r, 3200));

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
});

async function newPage(options: { javaScriptEnabled?: boolean; bypassCSP?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? false, bypassCSP: options.bypassCSP ?? false });
  contexts.push(context);
  return context.newPage();
}

async function linkFromOutbox(admin: Page, email: string, pattern: RegExp): Promise<string> {
  await admin.goto(`${base}/admin/outbox`);
  const texts = await admin.locator('article').allTextContents();
  const found = texts.filter((t) => t.includes(`Para: ${email}`)).map((t) => pattern.exec(t)?.[0]).find(Boolean);
  if (!found) throw new Error(`no link for ${email} in the outbox`);
  return found;
}

describe('co-creation in the browser, JavaScript off', () => {
  let sec: Page;
  let processPath = '';
  let proposalPath = '';
  let draftPath = '';
  let tablePath = '';

  it('the secretariat creates the process and publishes its calendar before it starts', async () => {
    sec = await newPage();
    await sec.goto(`${base}${invitation}`);
    await sec.getByRole('textbox', { name: 'Nombre' }).fill('Cora Cocreación');
    await sec.getByLabel('Contraseña nueva (al menos 10 caracteres)').fill(PASSWORD);
    await sec.getByLabel('Repita la contraseña').fill(PASSWORD);
    await sec.getByRole('button', { name: 'Crear mi cuenta' }).click();
    await sec.waitForURL(`${base}/work`);

    await sec.goto(`${base}/co-creation`);
    await sec.getByRole('link', { name: 'Nuevo proceso de co-creación' }).click();
    await sec.getByRole('spinbutton', { name: 'Número del plan que se escribirá' }).fill('5');
    await sec.getByRole('textbox', { name: 'Título (español)' }).fill('Co-creación del Quinto Plan');
    await sec.getByRole('textbox', { name: 'Título (inglés)' }).fill('Co-creation of the Fifth Plan');
    const phases = ['Diseño del proceso', 'Convocatoria de propuestas', 'Mesas temáticas', 'Redacción de borradores', 'Consulta pública', 'Aprobación'];
    for (const [i, name] of phases.entries()) {
      const group = sec.getByRole('group', { name });
      await group.getByLabel('Inicio').fill(day(20 + i * 10));
      await group.getByLabel('Término').fill(day(29 + i * 10));
      await group.getByRole('textbox', { name: 'Qué está abierto (español)' }).fill(`Abierto en: ${name}`);
    }
    await sec.getByRole('button', { name: 'Crear el proceso' }).click();
    await sec.waitForURL(/\/co-creation\/\d+\/manage$/);
    processPath = new URL(sec.url()).pathname.replace(/\/manage$/, '');
    await sec.getByRole('button', { name: 'Publicar el calendario' }).click();
    await sec.waitForURL(/manage\?saved=1$/);
    // The call and the consultation are moved to start today (the announced dates stay visible).
    for (const kind of ['Convocatoria de propuestas', 'Consulta pública']) {
      await sec.getByRole('combobox', { name: 'Fechas de la fase' }).selectOption({ label: kind });
      const form = sec.locator('form', { has: sec.getByRole('button', { name: 'Cambiar las fechas de una fase' }) });
      await form.getByLabel('Inicio').fill(day(0));
      await form.getByLabel('Término').fill(day(30));
      await sec.getByRole('button', { name: 'Cambiar las fechas de una fase' }).click();
      await sec.waitForURL(/manage\?saved=1$/);
    }
  });

  it('a member of the public proposes with an e-mail address confirmed by a link', async () => {
    const pub = await newPage();
    await pub.goto(`${base}${processPath}`);
    expect(await pub.getByRole('cell', { name: /Fechas anunciadas/ }).count()).toBeGreaterThan(0);
    await pub.getByRole('link', { name: 'Enviar una propuesta' }).click();
    await pub.getByRole('textbox', { name: 'Título de la propuesta' }).fill('Datos abiertos de compras municipales');
    await pub.getByRole('textbox', { name: 'Problema público' }).fill('Las compras de los municipios no se publican.');
    await pub.getByRole('textbox', { name: 'Idea de compromiso' }).fill('Publicar las compras municipales en formato abierto.');
    await pub.getByRole('textbox', { name: 'Tema', exact: true }).fill('Transparencia');
    await pub.getByRole('textbox', { name: 'Su nombre' }).fill('Eva Vecina');
    await pub.getByRole('textbox', { name: 'Su correo electrónico' }).fill('eva.vecina@example.org');
    await humanPause();
    await pub.getByRole('button', { name: 'Enviar' }).click();
    await pub.waitForURL(/sent=confirm$/);
    expect(await pub.getByRole('status').textContent()).toContain('Le enviamos un correo');

    const link = await linkFromOutbox(sec, 'eva.vecina@example.org', /\/co-creation\/confirm\/proposal\/[A-Za-z0-9_-]+/);
    await pub.goto(`${base}${link}`);
    await pub.getByRole('button', { name: 'Confirmar y publicar' }).click();
    await pub.waitForURL(/\/proposals\/\d+\?sent=1$/);
    proposalPath = new URL(pub.url()).pathname;
    expect(await pub.getByRole('heading', { level: 1 }).textContent()).toContain('Datos abiertos de compras municipales');
  });

  it('the secretariat groups it into a working table, drafts a commitment and answers the proposal', async () => {
    const proposalId = proposalPath.split('/').pop()!;
    await sec.goto(`${base}${processPath}/manage`);
    await sec.getByRole('textbox', { name: 'Nombre (español)' }).fill('Mesa de compras públicas');
    await sec.getByRole('textbox', { name: 'Números de las propuestas (separados por comas)' }).fill(proposalId);
    await sec.getByRole('button', { name: 'Crear la mesa' }).click();
    await sec.waitForURL(/\/working-tables\/\d+$/);
    tablePath = new URL(sec.url()).pathname;
    expect(await sec.getByText('1 propuesta sin respuesta publicada').count()).toBe(1);

    await sec.goto(`${base}${processPath}/drafts/new`);
    await sec.getByRole('combobox', { name: 'Mesa temática' }).selectOption({ label: 'Mesa de compras públicas' });
    await sec.getByRole('textbox', { name: 'Título (español)' }).fill('Compras públicas abiertas');
    await sec.getByRole('textbox', { name: 'Problema público (español)' }).fill('Las compras no se publican en formato abierto.');
    await sec.getByRole('textbox', { name: 'Institución responsable' }).fill('Dirección de Compras Públicas');
    await sec.getByRole('textbox', { name: 'Mes de inicio (AAAA-MM)' }).fill('2027-09');
    await sec.getByRole('textbox', { name: 'Mes de término (AAAA-MM)' }).fill('2029-06');
    await sec.getByRole('checkbox', { name: 'Acceso a la información' }).check();
    await sec.getByRole('textbox', { name: 'Metas' }).fill('Diseño del portal | 2027-09 | 2027-12\nPublicación de datos | 2028-01 | 2028-12');
    await sec.getByRole('textbox', { name: 'Qué cambió y por qué (español)' }).fill('Primera versión de la mesa');
    await sec.getByRole('button', { name: 'Guardar el borrador' }).click();
    await sec.waitForURL(/\/drafts\/\d+$/);
    draftPath = new URL(sec.url()).pathname;
    const draftId = draftPath.split('/').pop()!;

    await sec.goto(`${base}${proposalPath}`);
    await sec.getByRole('combobox', { name: 'Estado de la respuesta' }).selectOption('incorporated');
    await sec.getByRole('textbox', { name: 'Razón (español)' }).fill('Se incorpora al borrador de la mesa de compras.');
    await sec.getByRole('textbox', { name: 'Razón (inglés)' }).fill('Incorporated into the procurement draft.');
    await sec.getByRole('combobox', { name: 'Borrador (si se incorpora)' }).selectOption(draftId);
    await sec.getByRole('button', { name: 'Responder' }).click();
    await sec.waitForURL(/saved=1$/);
    await sec.goto(`${base}${processPath}/manage`);
    await sec.getByRole('button', { name: /Publicar todas las respuestas escritas/ }).click();
    await sec.waitForURL(/published=1$/);

    const pub = await newPage();
    await pub.goto(`${base}${processPath}`);
    expect(await pub.getByText('Todas las propuestas tienen respuesta publicada.').count()).toBeGreaterThan(0);
    expect(await pub.getByText(/sin respuesta publicada/).count()).toBe(0);
    await pub.goto(`${base}${proposalPath}`);
    expect(await pub.getByRole('link', { name: `Incorporada al borrador n° ${draftId}` }).count()).toBe(1);
  });

  it('the public comments on a field of the draft; a new version cites it; the diff shows the words', async () => {
    const pub = await newPage();
    await pub.goto(`${base}${draftPath}`);
    await pub.getByRole('combobox', { name: 'Campo que comenta' }).selectOption('problem');
    await pub.getByRole('textbox', { name: 'Comentario' }).fill('Falta el nivel municipal.');
    await pub.getByRole('textbox', { name: 'Su nombre' }).fill('Eva Vecina');
    await pub.getByRole('textbox', { name: 'Su correo electrónico' }).fill('eva.vecina@example.org');
    await humanPause();
    await pub.getByRole('button', { name: 'Enviar' }).click();
    await pub.waitForURL(/commented=confirm$/);
    const link = await linkFromOutbox(sec, 'eva.vecina@example.org', /\/co-creation\/confirm\/comment\/[A-Za-z0-9_-]+/);
    await pub.goto(`${base}${link}`);
    await pub.getByRole('button', { name: 'Confirmar y publicar' }).click();
    await pub.waitForURL(/\/drafts\/\d+\?sent=1$/);

    await sec.goto(`${base}${draftPath}/revise`);
    await sec.getByRole('textbox', { name: 'Problema público (español)' }).fill('Las compras municipales no se publican en formato abierto.');
    await sec.getByRole('textbox', { name: 'Qué cambió y por qué (español)' }).fill('Se agrega el nivel municipal, como pidió la consulta.');
    await sec.getByRole('checkbox', { name: /Falta el nivel municipal/ }).check();
    await sec.getByRole('button', { name: 'Guardar una nueva versión' }).click();
    await sec.waitForURL(/saved=1$/);
    expect(await sec.getByRole('listitem').filter({ hasText: 'Se agrega el nivel municipal, como pidió la consulta.' }).textContent()).toContain('Versión 2');
    await sec.getByRole('button', { name: 'Comparar' }).click();
    await sec.waitForURL(/\/diff\?from=1&to=2$/);
    expect(await sec.locator('ins').first().textContent()).toContain('municipales');
    const told = await linkFromOutbox(sec, 'eva.vecina@example.org', /\/drafts\/\d+/);
    expect(told).toBe(draftPath);
  });

  it('approval makes the commitment of the new plan, traceable both ways', async () => {
    await sec.goto(`${base}${processPath}/manage`);
    await sec.getByRole('textbox', { name: 'Título del plan (español)' }).fill('Quinto Plan de Acción');
    await sec.getByRole('textbox', { name: 'Mes de inicio (AAAA-MM)' }).fill('2027-09');
    await sec.getByRole('textbox', { name: 'Mes de término (AAAA-MM)' }).fill('2029-08');
    await sec.getByRole('button', { name: 'Aprobar el plan' }).click();
    await sec.waitForURL(/approved=1$/);

    const pub = await newPage();
    await pub.goto(`${base}${proposalPath}`);
    await pub.getByRole('link', { name: 'Compromiso n° 1 del plan aprobado' }).click();
    await pub.waitForURL(/\/commitments\/\d+$/);
    expect(await pub.getByText('Las compras municipales no se publican en formato abierto.').count()).toBeGreaterThan(0);
    const commitment = new URL(pub.url()).pathname;
    await pub.goto(`${base}${commitment}/co-creation`);
    expect(await pub.getByRole('link', { name: /Datos abiertos de compras municipales/ }).count()).toBe(1);
    expect(await pub.getByRole('link', { name: 'Mesa de compras públicas' }).count()).toBe(1);
  });

  it('the co-creation pages pass axe WCAG 2.2 AA, in both languages', async () => {
    const page = await newPage({ javaScriptEnabled: true, bypassCSP: true });
    for (const lang of ['es', 'en']) {
      for (const path of [processPath, `${processPath}/proposals/new`, proposalPath, tablePath, draftPath, `${draftPath}/diff?from=1&to=2`, `${processPath}/checklist`, '/co-creation']) {
        await page.goto(`${base}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
        const violations = await axeViolations(page);
        expect(violations, `${path} (${lang}): ${JSON.stringify(violations)}`).toEqual([]);
      }
    }
  });
});
