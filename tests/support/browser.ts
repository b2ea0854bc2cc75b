import fs from 'node:fs';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

/** Debian's Chromium (apt-get install -y chromium); Playwright's own browser downloads do not work here. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error('Chromium not found: install it with `apt-get install -y chromium` or set CHROMIUM_PATH');
  return found;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Chooses the option of a `<select>` whose text matches (a wrong pattern fails with the options there were). */
export async function selectByText(select: Locator, pattern: RegExp): Promise<void> {
  const options = await select.locator('option').evaluateAll((os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent ?? '' })));
  const found = options.find((o) => pattern.test(o.text));
  if (!found) throw new Error(`no option ${pattern} among ${options.map((o) => o.text).join(' | ')}`);
  await select.selectOption(found.value);
}

/** Accepts an invitation at `url` as a person would (name, password twice) and waits for "My work". */
export async function acceptInvitationAt(page: Page, url: string, name: string, password: string, work: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('textbox', { name: 'Nombre' }).fill(name);
  await page.getByLabel('Contraseña nueva (al menos 10 caracteres)').fill(password);
  await page.getByLabel('Repita la contraseña').fill(password);
  await page.getByRole('button', { name: 'Crear mi cuenta' }).click();
  await page.waitForURL(work);
}
