import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations } from '../support/axe.js';
import { launchChromium, acceptInvitationAt, selectByText } from '../support/browser.js';
import { overflowingElements } from '../support/overflow.js';

/**
 * The whole monitoring loop in the browser, with JavaScript off: the first administrator (created
 * with `abierto user add` before the app started) invites a secretariat, an institution contact and a
 * forum member; the contact reports with evidence; the secretariat verifies; the public page shows
 * it; the forum member contests; the public page shows that too.
 */
let browser: Browser;
const base = inject('baseUrl');
const adminInvitation = inject('adminInvitation');
const PASSWORD = 'una-clave-bien-larga';
const contexts: BrowserContext[] = [];

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

async function acceptInvitation(page: Page, path: string, name: string) {
  await acceptInvitationAt(page, `${base}${path}`, name, PASSWORD, `${base}/work`);
  expect(await page.getByRole('heading', { level: 1, name: 'Mi trabajo' }).count()).toBe(1);
}

async function invite(admin: Page, input: { email: string; name: string; role: RegExp; institution?: RegExp; seat?: RegExp }) {
  await admin.goto(`${base}/admin/users`);
  await admin.getByRole('textbox', { name: 'Correo electrónico' }).fill(input.email);
  await admin.getByRole('textbox', { name: 'Nombre' }).fill(input.name);
  await selectByText(admin.getByRole('combobox', { name: 'Rol' }), input.role);
  await selectByText(admin.getByRole('combobox', { name: 'Miembro (país o localidad)' }), /^CHL · /);
  if (input.institution) await selectByText(admin.getByRole('combobox', { name: 'Institución (para contactos institucionales)' }), input.institution);
  if (input.seat) await selectByText(admin.getByRole('combobox', { name: 'Asiento en el foro (para integrantes del foro)' }), input.seat);
  await admin.getByRole('button', { name: 'Enviar la invitación' }).click();
  // With SMTP the answer redirects to ?invited=1; without it, the page shows the link (decision 052).
  await admin.waitForURL(/\/admin\/users(\?invited=1)?$/);
  expect(await admin.getByRole('status').textContent()).toContain('Invitación enviada');
}

async function invitationFromOutbox(admin: Page, email: string): Promise<string> {
  await admin.goto(`${base}/admin/outbox`);
  const texts = await admin.locator('article').allTextContents();
  const mail = texts.find((t) => t.includes(`Para: ${email}`));
  const link = mail && /\/invitations\/[A-Za-z0-9_-]{43}/.exec(mail);
  if (!link) throw new Error(`no invitation for ${email} in the outbox`);
  return link[0];
}

async function commitmentPath(page: Page): Promise<string> {
  await page.goto(base);
  await page.getByRole('link', { name: /Cuarto Plan/ }).first().click();
  await page.waitForURL(/\/plans\/\d+$/);
  const href = await page.getByRole('link', { name: /Institucionalización/ }).first().getAttribute('href');
  return href!;
}

describe('the monitoring loop in the browser, JavaScript off', () => {
  let admin: Page;
  let contact: Page;
  let secretariat: Page;
  let forum: Page;
  let publicPage: Page;
  let commitment: string;

  it('the first administrator accepts the invitation printed by `abierto user add`', async () => {
    admin = await newPage();
    await acceptInvitation(admin, adminInvitation, 'Ada Administradora');
    expect(await admin.getByRole('link', { name: 'Registro de auditoría' }).count()).toBe(1);
  });

  it('the administrator invites a secretariat, an institution contact and a forum member; each accepts from the outbox link', async () => {
    await invite(admin, { email: 'sergio@example.org', name: 'Sergio Secretaría', role: /^Secretaría$/ });
    await invite(admin, { email: 'rosa@example.org', name: 'Rosa Contacto', role: /^Contacto institucional$/, institution: /Ministerio Secretaría General de la Presidencia/ });
    await invite(admin, { email: 'fernanda@example.org', name: 'Fernanda Foro', role: /^Integrante del foro$/, seat: /^Sociedad civil$/ });
    secretariat = await newPage();
    contact = await newPage();
    forum = await newPage();
    await acceptInvitation(secretariat, await invitationFromOutbox(admin, 'sergio@example.org'), 'Sergio Secretaría');
    await acceptInvitation(contact, await invitationFromOutbox(admin, 'rosa@example.org'), 'Rosa Contacto');
    await acceptInvitation(forum, await invitationFromOutbox(admin, 'fernanda@example.org'), 'Fernanda Foro');
  });

  it('the contact reports progress on milestone 2 with an evidence file and a link, and submits it', async () => {
    await contact.goto(`${base}/work`);
    await contact.getByRole('link', { name: /^Reportar \(Compromiso n° 19, Meta 2\)$/ }).click();
    await contact.waitForURL(/\/milestones\/2\/updates\/new$/);
    await contact.getByRole('combobox', { name: 'Estado de la meta' }).selectOption('substantial');
    await contact.getByRole('textbox', { name: 'Narrativa: qué se hizo, qué falta' }).fill('Se firmó el decreto que formaliza la Mesa.');
    await contact.getByRole('textbox', { name: /^Enlaces de evidencia/ }).fill('https://www.ogp.gob.cl/decreto');
    await contact.getByLabel(/^Archivos de evidencia/).setInputFiles({ name: 'decreto.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await contact.getByRole('button', { name: 'Enviar a verificación' }).click();
    await contact.waitForURL(/\/work\?done=submitted$/);
    expect(await contact.getByRole('status').textContent()).toContain('Reporte enviado a verificación.');
  });

  it("on a 360 px phone the contact's milestone table reads without sideways scrolling", async () => {
    const size = contact.viewportSize();
    await contact.setViewportSize({ width: 360, height: 740 });
    await contact.goto(`${base}/work`);
    expect(await contact.locator('table.stacked tbody tr').count()).toBeGreaterThan(0);
    expect(await overflowingElements(contact)).toEqual([]);
    if (size) await contact.setViewportSize(size);
  });

  it('the public page shows it as reported, awaiting verification, not as verified', async () => {
    publicPage = await newPage();
    commitment = await commitmentPath(publicPage);
    await publicPage.goto(`${base}${commitment}`);
    const text = await publicPage.locator('main').textContent();
    expect(text).toContain('Reportado «Sustancial» por Rosa Contacto');
    expect(text).toContain('en espera de verificación');
    expect(text).not.toContain('Verificado por Sergio');
  });

  it('the secretariat verifies it from the queue', async () => {
    await secretariat.goto(`${base}/work`);
    await secretariat.getByRole('link', { name: 'Cola de verificación' }).click();
    await secretariat.waitForURL(`${base}/verification`);
    expect(await secretariat.getByText('Se firmó el decreto que formaliza la Mesa.').count()).toBe(1);
    expect(await secretariat.getByRole('link', { name: 'decreto.pdf' }).count()).toBe(1);
    await secretariat.getByRole('button', { name: 'Verificar: Compromiso n° 19 · Meta 2' }).click();
    await secretariat.waitForURL(/\/verification\?done=verified$/);
    expect(await secretariat.getByRole('status').textContent()).toContain('Reporte verificado');
  });

  it('the public page shows the verified status: who reported, who verified, the evidence, the history', async () => {
    await publicPage.goto(`${base}${commitment}`);
    const main = await publicPage.locator('main').textContent();
    expect(main).toContain('Reportado por Rosa Contacto');
    expect(main).toContain('Verificado por Sergio Secretaría');
    expect(main).toMatch(/Meta 2: estado cambiado de [^ ]+( [^ ]+)? a Sustancial por Rosa Contacto, verificado por Sergio Secretaría/);
    expect(await publicPage.getByRole('link', { name: 'decreto.pdf' }).count()).toBe(1);
    expect(await publicPage.getByRole('link', { name: 'https://www.ogp.gob.cl/decreto' }).count()).toBe(1);
  });

  it('a forum member contests the status; the public page shows who and why', async () => {
    await forum.goto(`${base}${commitment}`);
    await forum.getByRole('link', { name: 'Reportar, impugnar o seguir este compromiso' }).click();
    await forum.getByRole('button', { name: 'Seguir este compromiso' }).click();
    expect(await forum.getByText('Usted sigue este compromiso').count()).toBe(1);
    await forum.getByRole('link', { name: 'Impugnar el estado (Meta 2)' }).click();
    await forum.getByRole('textbox', { name: 'Por qué impugna el estado' }).fill('El decreto aún no se publica en el Diario Oficial.');
    await forum.getByRole('button', { name: 'Publicar la impugnación' }).click();
    await forum.waitForURL(/\/commitments\/\d+#milestone-2$/);
    await publicPage.goto(`${base}${commitment}`);
    const main = await publicPage.locator('main').textContent();
    expect(main).toContain('Impugnado por Fernanda Foro');
    expect(main).toContain('El decreto aún no se publica en el Diario Oficial.');
    expect(main).toContain('Meta 2: Fernanda Foro impugnó el estado');
  });

  it('the administrator sees every write in the audit log', async () => {
    await admin.goto(`${base}/admin/audit`);
    const text = await admin.locator('main').textContent();
    for (const action of ['user.invite', 'progress_update.submit', 'progress_update.verify', 'milestone.contest', 'commitment.follow']) expect(text).toContain(action);
  });

  it('signs out', async () => {
    await contact.goto(`${base}/work`);
    await contact.getByRole('button', { name: /^Cerrar sesión/ }).click();
    await contact.waitForURL(`${base}/`);
    const res = await contact.goto(`${base}/work`);
    expect(res?.url()).toContain('/login');
  });
});

describe('with JavaScript on, and accessibility', () => {
  it('signs in through /login and saves a draft', async () => {
    const page = await newPage({ javaScriptEnabled: true });
    await page.goto(`${base}/login`);
    await page.getByRole('textbox', { name: 'Correo electrónico' }).fill('rosa@example.org');
    await page.getByLabel('Contraseña', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.waitForURL(`${base}/work`);
    await page.getByRole('link', { name: /^Reportar \(Compromiso n° 19, Meta 1\)$/ }).click();
    await page.getByRole('combobox', { name: 'Estado de la meta' }).selectOption('limited');
    await page.getByRole('button', { name: 'Guardar borrador' }).click();
    await page.waitForURL(/\/work\?done=saved$/);
    expect(await page.getByRole('link', { name: /^Editar \(Compromiso n° 19, Meta 1\)$/ }).count()).toBe(1);
  });

  it('the signed-in pages pass axe-core', async () => {
    const page = await newPage({ bypassCSP: true, javaScriptEnabled: true });
    await page.goto(`${base}/login`);
    let violations = await axeViolations(page);
    expect(violations, `/login: ${JSON.stringify(violations)}`).toEqual([]);
    await page.getByRole('textbox', { name: 'Correo electrónico' }).fill('admin@example.org');
    await page.getByLabel('Contraseña', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.waitForURL(`${base}/work`);
    const commitmentHref = await commitmentPath(page);
    for (const path of ['/work', '/admin/users', '/verification', '/periods', '/admin/audit', '/admin/outbox', `${commitmentHref}/actions`, `${commitmentHref}/milestones/2/contest`, commitmentHref, '/password/forgot']) {
      await page.goto(`${base}${path}`);
      violations = await axeViolations(page);
      expect(violations, `${path}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
    }
  });
});
