import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations } from '../support/axe.js';
import { launchChromium, acceptInvitationAt, selectByText } from '../support/browser.js';

/**
 * The forum cycle in the browser, JavaScript off (issue 11): an organisation joins the network through
 * an open call (applies, is accepted), the secretariat registers another,
 * runs an election (nominations → acceptance → roll → votes → close), the winner takes the seat, the
 * Mesa holds its first meeting and its minutes are reviewed and approved. The people were made with
 * `abierto user add` before the app started (tests/setup/app-server.ts).
 */
let browser: Browser;
const base = inject('baseUrl');
const invitations = inject('forumInvitations');
const PASSWORD = 'una-clave-bien-larga';
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  contexts.push(context);
  return context.newPage();
}

async function accept(path: string, name: string): Promise<Page> {
  const page = await newPage();
  await acceptInvitationAt(page, `${base}${path}`, name, PASSWORD, `${base}/work`);
  return page;
}

/** axe needs script: the same page (same cookies) again in a context with JavaScript on and the CSP bypassed. */
async function expectAccessible(page: Page) {
  const context = await browser.newContext({ javaScriptEnabled: true, bypassCSP: true, storageState: await page.context().storageState() });
  contexts.push(context);
  const again = await context.newPage();
  await again.goto(page.url());
  const violations = await axeViolations(again);
  expect(violations, `${page.url()}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  await context.close();
}

// Generous: the machine running the tests is shared, and each step signs in, renders and runs axe.
describe('the forum cycle in the browser, JavaScript off', { timeout: 120_000 }, () => {
  let secretariat: Page;
  let rep1: Page;
  let rep2: Page;
  let candidate: Page;
  let publicPage: Page;
  let forumUrl: string;
  let electionUrl: string;
  let receipt: string;

  it('everyone accepts their invitation; the public sees the Mesa of the seed, with no members', async () => {
    secretariat = await accept(invitations.secretariat, 'Sofía Secretaría');
    rep1 = await accept(invitations.rep1, 'Raúl Representante');
    rep2 = await accept(invitations.rep2, 'Rita Representante');
    candidate = await accept(invitations.candidate, 'Carla Candidata');
    publicPage = await newPage();
    await publicPage.goto(base);
    await publicPage.getByRole('link', { name: 'Foro', exact: true }).click();
    await publicPage.getByRole('link', { name: 'Mesa de Gobierno Abierto' }).click();
    await publicPage.waitForURL(/\/forums\/\d+$/);
    forumUrl = publicPage.url();
    for (const sector of ['Gobierno', 'Sociedad civil', 'Academia', 'Observador']) expect(await publicPage.getByRole('heading', { level: 3, name: sector }).count()).toBe(1);
    expect(await publicPage.locator('main').textContent()).toContain('No se ha reunido en los últimos seis meses');
    await expectAccessible(publicPage);
  });

  it('the secretariat opens a call; an organisation applies; the secretariat accepts it; it joins the network', async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await secretariat.goto(forumUrl);
    await secretariat.getByRole('link', { name: /organizaciones en la red/ }).click();
    await secretariat.getByRole('link', { name: 'Convocatorias abiertas para unirse a la red' }).click();
    await secretariat.getByRole('link', { name: 'Nueva convocatoria' }).click();
    await secretariat.getByRole('textbox', { name: 'Título (español)' }).fill('Convocatoria a la Red Chilena de Gobierno Abierto');
    await secretariat.getByRole('textbox', { name: 'Requisitos (español)' }).fill('Organizaciones de la sociedad civil y la academia con personalidad jurídica.');
    await secretariat.getByLabel('Abre el').fill(day(-1));
    await secretariat.getByLabel('Cierra el (inclusive)').fill(day(30));
    await secretariat.getByRole('button', { name: 'Crear borrador' }).click();
    await secretariat.waitForURL(/\/open-calls\/\d+\?done=created$/);
    const callUrl = secretariat.url().replace(/\?.*$/, '');
    // A draft is not public.
    expect((await publicPage.goto(callUrl))!.status()).toBe(404);
    await secretariat.getByRole('button', { name: 'Publicar la convocatoria' }).click();
    await secretariat.waitForURL(/\?done=published$/);
    await rep1.goto(callUrl);
    await rep1.getByRole('link', { name: 'Postular a esta convocatoria' }).click();
    await rep1.getByRole('textbox', { name: 'Nombre de la organización' }).fill('Fundación Ciudadanía');
    await selectByText(rep1.getByRole('combobox', { name: 'Tipo de organización' }), /^Sociedad civil$/);
    await rep1.getByRole('textbox', { name: 'Región', exact: true }).fill('Metropolitana');
    await rep1.getByRole('textbox', { name: 'Misión' }).fill('Promover la participación ciudadana.');
    await rep1.getByRole('textbox', { name: 'Representante legal (nombre)' }).fill('Lorena Legal');
    await rep1.getByRole('textbox', { name: 'Representante designado ante la red (nombre)' }).fill('Raúl Representante');
    await rep1.getByRole('textbox', { name: 'Correo del representante designado' }).fill('rep1@example.org');
    await rep1.getByRole('textbox', { name: 'Experiencia' }).fill('Diez años de trabajo en participación.');
    await rep1.getByRole('textbox', { name: 'Motivación' }).fill('Aportar a la Mesa.');
    await rep1.getByRole('textbox', { name: 'Qué aporta a la red' }).fill('Presencia territorial.');
    await expectAccessible(rep1);
    await rep1.getByRole('button', { name: 'Enviar la postulación' }).click();
    await rep1.waitForURL(/\/applications\/\d+\?done=submitted$/);
    const applicationUrl = rep1.url().replace(/\?.*$/, '');
    expect(await rep1.getByRole('status').textContent()).toContain('Postulación recibida');
    await secretariat.goto(callUrl);
    await secretariat.getByRole('link', { name: 'Revisar las postulaciones' }).click();
    await expectAccessible(secretariat);
    await secretariat.getByRole('link', { name: 'Fundación Ciudadanía' }).click();
    await selectByText(secretariat.getByRole('combobox', { name: 'Decisión' }), /^Aceptar/);
    await secretariat.getByRole('textbox', { name: /^Razón o pregunta/ }).fill('Cumple los requisitos de la convocatoria.');
    await secretariat.getByRole('button', { name: 'Registrar la decisión' }).click();
    await secretariat.waitForURL(/\?done=decided$/);
    await rep1.goto(applicationUrl);
    const seen = (await rep1.locator('main').textContent())!;
    expect(seen).toContain('Aceptada');
    expect(seen).toContain('Cumple los requisitos de la convocatoria.');
    expect(seen).toContain('Se unió a la red');
    await expectAccessible(rep1);
    await publicPage.goto(callUrl);
    const call = (await publicPage.locator('main').textContent())!;
    expect(call).toContain('Aceptadas1');
    expect(call).not.toContain('Lorena Legal');
    await expectAccessible(publicPage);
    await publicPage.getByRole('link', { name: 'Red de organizaciones' }).click();
    const network = (await publicPage.locator('main').textContent())!;
    expect(network).toContain('Fundación Ciudadanía');
    expect(network).toContain('1 organizaciones en la red');
    expect(network).not.toContain('rep1@example.org');
  });

  it('the secretariat registers a second organisation in the network directly', async () => {
    await secretariat.goto(forumUrl);
    await secretariat.getByRole('link', { name: /organizaciones en la red/ }).click();
    for (const [name, email] of [['Observatorio Abierto', 'rep2@example.org']] as const) {
      await secretariat.getByRole('textbox', { name: 'Nombre', exact: true }).fill(name);
      await selectByText(secretariat.getByRole('combobox', { name: 'Tipo' }), /^Sociedad civil$/);
      await secretariat.getByRole('textbox', { name: 'Región' }).fill('Metropolitana');
      await secretariat.getByRole('textbox', { name: /^Correo del representante designado/ }).fill(email);
      await secretariat.getByRole('button', { name: 'Registrar' }).click();
      await secretariat.waitForURL(/\/network\?done=registered$/);
    }
    expect(await secretariat.locator('main').textContent()).toContain('2 organizaciones en la red');
    await expectAccessible(secretariat);
  });

  it('the secretariat opens an election of one civil-society seat', async () => {
    await secretariat.goto(forumUrl);
    await secretariat.getByRole('link', { name: 'Nueva elección' }).click();
    await secretariat.getByRole('textbox', { name: 'Título' }).fill('Elección de sociedad civil 2027');
    await selectByText(secretariat.getByRole('combobox', { name: 'Sector' }), /^Sociedad civil$/);
    await secretariat.getByRole('spinbutton', { name: 'Escaños' }).fill('1');
    await secretariat.getByLabel('Inicio del período').fill('2026-11-01');
    await secretariat.getByLabel('Fin del período').fill('2028-10-31');
    await secretariat.getByRole('button', { name: 'Crear elección' }).click();
    await secretariat.waitForURL(/\/elections\/\d+\?done=created$/);
    electionUrl = secretariat.url().replace(/\?.*$/, '');
    expect(await secretariat.getByRole('status').textContent()).toContain('Elección creada');
  });

  it('a representative nominates Carla; Carla accepts', async () => {
    await rep1.goto(electionUrl);
    await selectByText(rep1.getByRole('combobox', { name: 'En nombre de' }), /Fundación Ciudadanía/);
    await rep1.getByRole('textbox', { name: /^Correo de la persona candidata/ }).fill('carla@example.org');
    await rep1.getByRole('button', { name: 'Nominar' }).click();
    await rep1.waitForURL(/\?done=nominated$/);
    await candidate.goto(electionUrl);
    await candidate.getByRole('button', { name: 'Aceptar mi candidatura' }).click();
    await candidate.waitForURL(/\?done=accepted$/);
    expect(await candidate.locator('main').textContent()).not.toContain('pendiente de aceptación');
  });

  it('the roll is frozen and published; both representatives vote; the second vote of one is refused', async () => {
    await secretariat.goto(electionUrl);
    await secretariat.getByRole('button', { name: 'Congelar el padrón y abrir la votación' }).click();
    await secretariat.waitForURL(/\?done=opened$/);
    expect(await secretariat.getByRole('status').textContent()).toContain('Padrón congelado con 2 organizaciones');
    await publicPage.goto(electionUrl);
    expect(await publicPage.locator('main').textContent()).toMatch(/Huella SHA-256 del padrón ordenado: [0-9a-f]{64}/);
    await rep1.goto(electionUrl);
    await rep1.getByRole('link', { name: 'Votar' }).click();
    await rep1.getByRole('checkbox', { name: /Carla Candidata/ }).check();
    await expectAccessible(rep1);
    await rep1.getByRole('button', { name: 'Emitir mi voto' }).click();
    receipt = (await rep1.getByRole('status').locator('strong').textContent())!;
    expect(receipt).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await rep1.locator('main').textContent()).toContain('No hay servidor de correo configurado');
    await rep1.goBack();
    await rep1.getByRole('button', { name: 'Emitir mi voto' }).click();
    expect(await rep1.getByRole('alert').first().textContent()).toContain('Solo se cuenta uno');
    await rep2.goto(`${electionUrl}/vote`);
    await rep2.getByRole('button', { name: 'Emitir mi voto' }).click();
    expect(await rep2.getByRole('status').textContent()).toContain('Su comprobante');
    await publicPage.goto(electionUrl);
    expect(await publicPage.locator('main').textContent()).toContain('No hay resultados parciales ni lista de votantes hasta el cierre');
  });

  it('the secretariat closes; the public sees results, the box, and finds the receipt', async () => {
    await secretariat.goto(electionUrl);
    await secretariat.getByRole('button', { name: 'Cerrar la votación y publicar' }).click();
    await secretariat.waitForURL(/\?done=closed$/);
    await publicPage.goto(electionUrl);
    const text = (await publicPage.locator('main').textContent())!;
    expect(text).toContain('Con derecho a voto2');
    expect(text).toContain('Votos emitidos2');
    expect(text).toContain('En blanco1');
    expect(text).toContain(receipt);
    await publicPage.getByRole('textbox', { name: 'Verificar mi comprobante' }).fill(receipt.toLowerCase());
    await publicPage.getByRole('button', { name: 'Verificar' }).click();
    expect(await publicPage.getByRole('status').textContent()).toContain('está en la urna publicada');
    await expectAccessible(publicPage);
    await publicPage.goto(forumUrl);
    expect(await publicPage.locator('main').textContent()).toContain('Carla Candidata (Titular)');
  });

  it('the first meeting: convened, attended, minutes reviewed and approved', async () => {
    await secretariat.goto(forumUrl);
    await secretariat.getByRole('link', { name: 'Convocar una reunión' }).click();
    await secretariat.getByRole('textbox', { name: 'Título' }).fill('Primera sesión de la Mesa');
    await secretariat.getByLabel('Inicio (UTC)').fill('2026-11-20T14:00');
    await secretariat.getByLabel('Término (UTC)').fill('2026-11-20T16:00');
    await secretariat.getByRole('textbox', { name: 'Lugar' }).fill('Santiago');
    await secretariat.getByRole('textbox', { name: 'Orden del día' }).fill('30 | Constitución de la Mesa | Secretaría');
    await secretariat.getByRole('textbox', { name: 'Convocados' }).fill('Carla Candidata <carla@example.org>');
    await secretariat.getByRole('button', { name: 'Convocar una reunión' }).click();
    await secretariat.waitForURL(/\/meetings\/\d+\?done=convened$/);
    const meetingUrl = secretariat.url().replace(/\?.*$/, '');
    await secretariat.getByRole('checkbox', { name: /Carla Candidata/ }).check();
    await secretariat.getByRole('button', { name: 'Guardar asistencia' }).click();
    await secretariat.waitForURL(/\?done=saved$/);
    await secretariat.getByRole('textbox', { name: 'Acuerdo', exact: true }).fill('Publicar las reglas de participación');
    await secretariat.getByRole('textbox', { name: 'Responsable' }).fill('Secretaría');
    await secretariat.getByRole('button', { name: 'Agregar acuerdo' }).click();
    await secretariat.waitForURL(/\?done=saved$/);
    await secretariat.getByRole('textbox', { name: /^Texto del acta/ }).fill('Se constituyó la Mesa de Gobierno Abierto.');
    await secretariat.getByRole('button', { name: 'Guardar borrador del acta' }).click();
    await secretariat.waitForURL(/\?done=saved$/);
    await secretariat.getByRole('button', { name: 'Enviar a revisión de los asistentes' }).click();
    await secretariat.waitForURL(/\?done=saved$/);
    await candidate.goto(meetingUrl);
    await candidate.getByRole('textbox', { name: 'Su comentario sobre el borrador' }).fill('Conforme.');
    await candidate.getByRole('button', { name: 'Comentar' }).click();
    await candidate.waitForURL(/\?done=saved$/);
    await secretariat.goto(meetingUrl);
    await secretariat.getByRole('button', { name: 'Aprobar y publicar el acta' }).click();
    await secretariat.waitForURL(/\?done=saved$/);
    await publicPage.goto(meetingUrl);
    const text = (await publicPage.locator('main').textContent())!;
    expect(text).toContain('Aprobada por Sofía Secretaría');
    expect(text).toContain('Se constituyó la Mesa de Gobierno Abierto.');
    expect(text).toContain('Hay quórum');
    expect(await publicPage.getByRole('link', { name: 'Acta en PDF (repositorio)' }).count()).toBe(1);
    await expectAccessible(publicPage);
    await publicPage.goto(forumUrl);
    expect(await publicPage.locator('main').textContent()).toContain('Se reunió en los últimos seis meses');
  });
});
