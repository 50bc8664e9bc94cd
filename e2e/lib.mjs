// Shared helpers for the Middenveld browser tests (node:test + playwright-core).
import { chromium } from 'playwright-core';
import { mkdir, writeFile } from 'node:fs/promises';
import { randomInt } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BASE_URL = (process.env.MIDDENVELD_URL ?? 'http://127.0.0.1:18080').replace(/\/$/, '');
export const USER = process.env.MIDDENVELD_USER ?? 'admin';
export const PASSWORD = process.env.MIDDENVELD_PASSWORD ?? 'middenveld-demo';
export const CHROMIUM = process.env.MIDDENVELD_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');
/** Per-action timeout (ms); debug builds can be slow on 2 cores. */
export const ACTION_TIMEOUT = Number(process.env.MIDDENVELD_E2E_TIMEOUT ?? 20000);

export const url = (path) => BASE_URL + path;
export const pathOf = (page) => new URL(page.url()).pathname;

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * New isolated context (own cookies). bypassCSP lets axe be injected even when
 * the app sends a strict Content-Security-Policy.
 */
export async function newContext(browser, options = {}) {
  const context = await browser.newContext({ locale: 'nl-NL', bypassCSP: true, ...options });
  context.setDefaultTimeout(ACTION_TIMEOUT);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT);
  return context;
}

/** A name that is unique per run, so reruns against the same database work. */
export function uniqueSuffix() {
  return `${Date.now()}${randomInt(10, 100)}`;
}

/** Eight random digits, not starting with 0. */
export function randomKvk() {
  return String(randomInt(10_000_000, 100_000_000));
}

const safe = (s) => s.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').slice(0, 100);

/** Save a screenshot and the HTML of `page` into e2e/artifacts/. */
export async function saveArtifacts(page, name) {
  try {
    await mkdir(ARTIFACTS, { recursive: true });
    const base = join(ARTIFACTS, safe(name));
    await page.screenshot({ path: `${base}.png`, fullPage: true });
    await writeFile(`${base}.html`, `<!-- ${page.url()} -->\n${await page.content()}`);
    console.error(`# artifacts: ${base}.png (url ${page.url()})`);
  } catch (err) {
    console.error(`# could not save artifacts for ${name}: ${err.message}`);
  }
}

/**
 * Run `fn(page)` in a fresh page of `context`; on failure save a screenshot
 * (and the HTML) to e2e/artifacts/<name>.png, then rethrow.
 */
export async function withPage(context, name, fn) {
  const page = await context.newPage();
  try {
    return await fn(page);
  } catch (err) {
    await saveArtifacts(page, name);
    throw err;
  } finally {
    await page.close().catch(() => {});
  }
}

/** Log in through the form; ends on the dashboard (/). */
export async function login(page, user = USER, password = PASSWORD) {
  await page.goto(url('/inloggen'));
  await byLabel(page, 'Gebruikersnaam').fill(user);
  await byLabel(page, 'Wachtwoord').fill(password);
  try {
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/'),
      page.getByRole('button', { name: 'Inloggen', exact: true }).click(),
    ]);
  } catch (err) {
    throw new Error(`logging in as "${user}" did not land on / (now at ${page.url()}): ${err.message}`, { cause: err });
  }
}

/**
 * A form control by its label. Optional fields carry " (optioneel)" in their label (part of
 * the accessible name, on purpose), so the label must match exactly, with or without it.
 */
export function byLabel(page, label) {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.getByLabel(new RegExp(`^${escaped}( \\(optioneel\\))?$`));
}

/** Fill the "Nieuwe organisatie" form on the current page (does not submit). */
export async function fillOrganisationForm(page, { naam, kvk, soort = 'MKB', postcode = '8011 AB', gemeente = 'Zwolle' }) {
  await byLabel(page, 'Naam').fill(naam);
  await byLabel(page, 'KvK-nummer').fill(kvk);
  await byLabel(page, 'Soort').selectOption({ label: soort });
  await byLabel(page, 'Postcode').fill(postcode);
  await byLabel(page, 'Gemeente').selectOption({ label: gemeente });
}

/**
 * Click "Opslaan" and return the HTTP response to the form POST.
 * `skipBrowserValidation` sets form.noValidate so that invalid input reaches
 * the server even if the form carries HTML5 constraints (pattern, required).
 */
export async function submitOrganisationForm(page, { skipBrowserValidation = false } = {}) {
  const button = page.getByRole('button', { name: 'Opslaan', exact: true });
  if (skipBrowserValidation) {
    await button.evaluate((b) => {
      if (b.form) b.form.noValidate = true;
    });
  } else {
    // A form the browser refuses to submit would otherwise only show up as a timeout.
    const invalid = await button.evaluate((b) =>
      b.form && !b.form.noValidate
        ? [...b.form.elements].filter((el) => el.willValidate && !el.checkValidity()).map((el) => `${el.name}: ${el.validationMessage}`)
        : [],
    );
    if (invalid.length > 0) throw new Error(`the browser refuses to submit the form: ${invalid.join('; ')}`);
  }
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().resourceType() === 'document'),
    button.click(),
  ]);
  await page.waitForLoadState('load');
  return response;
}

/** The header search box: the first input labelled "Zoeken". */
export function searchBox(page) {
  return page.getByLabel('Zoeken', { exact: true }).and(page.locator('input')).first();
}

/**
 * Text that explains a field's error: the text of the elements the field's
 * aria-describedby points at, plus any element whose class contains "error"
 * (or the Dutch "fout").
 */
export async function fieldErrorText(page, label) {
  const field = byLabel(page, label);
  const described = await field.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent?.trim() ?? '')
      .join(' ')
      .trim(),
  );
  const classed = (await page.locator('[class*="error" i], [class*="fout" i]').allTextContents())
    .map((t) => t.trim())
    .filter(Boolean)
    .join(' ');
  return { described, classed };
}

/** Uploads a small CSV of organisations on the import page; ends on the mapping page. */
export async function uploadOrganisationsCsv(page) {
  await page.goto(url('/import'));
  const suffix = uniqueSuffix();
  const csv = `Bedrijfsnaam;KvK-nummer;Vestigingsplaats;Gemeente\r\nImport ${suffix} BV;${randomKvk()};Zwolle;Zwolle\r\nFout ${suffix};12;Nergens;Atlantis\r\n`;
  await page.getByLabel('Organisaties').check();
  await page.setInputFiles('#bestand', { name: `import-${suffix}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await Promise.all([page.waitForURL(/\/import\/[0-9a-f]+\/koppeling$/), page.getByRole('button', { name: 'Bestand inlezen' }).click()]);
  return `Import ${suffix} BV`;
}

/** From the mapping page: run the dry run and wait for its result. */
export async function runDryImport(page) {
  await page.getByRole('button', { name: 'Proefimport bekijken' }).click();
  await page.getByRole('heading', { level: 1, name: 'Proefimport', exact: true }).waitFor({ timeout: 60_000 });
}

/** From the dry run: confirm and wait for the finished import. */
export async function confirmImport(page) {
  await page.getByRole('button', { name: 'Bevestigen en importeren' }).click();
  await page.getByRole('heading', { level: 1, name: 'Import voltooid', exact: true }).waitFor({ timeout: 60_000 });
}
