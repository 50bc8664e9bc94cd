// End-to-end flows through the real UI: login, create an organisation,
// diacritics-insensitive search, validation errors, auth redirect, logout.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newContext, withPage, login, url, pathOf, uniqueSuffix, randomKvk,
  fillOrganisationForm, submitOrganisationForm, searchBox, fieldErrorText,
} from './lib.mjs';
import { byLabel } from './lib.mjs';

const TIMEOUT = { timeout: 120_000 };
let browser;

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('a) log in, create "Coöperatie E2E …", find it by searching without diacritics', TIMEOUT, async () => {
  const context = await newContext(browser);
  try {
    await withPage(context, 'a-create-and-search', async (page) => {
      await login(page);
      assert.ok(await page.getByRole('heading').first().isVisible(), 'dashboard shows a heading');

      await page.goto(url('/organisaties'));
      await page.getByRole('heading', { level: 1, name: 'Organisaties', exact: true }).waitFor();
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/organisaties/nieuw'),
        page.getByRole('link', { name: 'Nieuwe organisatie', exact: true }).click(),
      ]);

      const suffix = uniqueSuffix();
      const naam = `Coöperatie E2E ${suffix}`;
      await fillOrganisationForm(page, { naam, kvk: randomKvk() });
      const response = await submitOrganisationForm(page);
      assert.ok(response.status() < 400, `saving a valid organisation answered ${response.status()}`);

      const detailPath = pathOf(page);
      assert.match(detailPath, /^\/organisaties\/[^/]+$/, `after saving we are on a detail page, not ${page.url()}`);
      assert.notEqual(detailPath, '/organisaties/nieuw');
      const h1 = (await page.locator('h1').first().textContent())?.trim();
      assert.equal(h1, naam, 'detail page h1 is the organisation name');

      const box = searchBox(page);
      await box.fill(`cooperatie e2e ${suffix}`);
      await Promise.all([page.waitForURL((u) => u.pathname === '/zoeken'), box.press('Enter')]);
      const hit = page.getByRole('link', { name: naam, exact: true });
      assert.equal(await hit.count(), 1, `search for "cooperatie e2e ${suffix}" lists exactly one link "${naam}"`);
      await Promise.all([page.waitForURL((u) => u.pathname === detailPath), hit.click()]);
      assert.equal((await page.locator('h1').first().textContent())?.trim(), naam);
    });
  } finally {
    await context.close();
  }
});

test('b) an invalid KvK number re-renders the form with a field error (422) and creates nothing', TIMEOUT, async () => {
  const context = await newContext(browser);
  try {
    await withPage(context, 'b-invalid-kvk', async (page) => {
      await login(page);
      await page.goto(url('/organisaties/nieuw'));
      const before = await fieldErrorText(page, 'KvK-nummer');

      const naam = `Ongeldig E2E ${uniqueSuffix()}`;
      await fillOrganisationForm(page, { naam, kvk: '123' });
      const response = await submitOrganisationForm(page, { skipBrowserValidation: true });
      assert.equal(response.status(), 422, 'invalid form answers 422 Unprocessable Content');

      // Still the form, with the KvK field present and an error explaining it.
      await byLabel(page, 'KvK-nummer').waitFor();
      const afterSubmit = await fieldErrorText(page, 'KvK-nummer');
      const describedChanged = afterSubmit.described !== '' && afterSubmit.described !== before.described;
      const classedChanged = afterSubmit.classed !== '' && afterSubmit.classed !== before.classed;
      assert.ok(
        describedChanged || classedChanged,
        `expected an error message for KvK-nummer (aria-describedby text or an element with class "error"); ` +
          `got describedby=${JSON.stringify(afterSubmit.described)} error-class=${JSON.stringify(afterSubmit.classed)}`,
      );

      // Nothing was created: neither search nor the list knows the name.
      await page.goto(url(`/zoeken?zoek=${encodeURIComponent(naam)}`));
      assert.equal(await page.getByRole('link', { name: naam, exact: true }).count(), 0, 'search finds no such organisation');
      await page.goto(url('/organisaties'));
      assert.equal(await page.getByText(naam).count(), 0, 'organisation list does not show it');
    });
  } finally {
    await context.close();
  }
});

test('d) without a session /organisaties redirects to /inloggen', TIMEOUT, async () => {
  const context = await newContext(browser);
  try {
    // The raw answer is a redirect (no body served to anonymous users) ...
    const raw = await context.request.get(url('/organisaties'), { maxRedirects: 0 });
    assert.ok([301, 302, 303, 307, 308].includes(raw.status()), `GET /organisaties answered ${raw.status()}, expected a redirect`);
    const location = new URL(raw.headers()['location'] ?? '', url('/'));
    assert.equal(location.pathname, '/inloggen', `redirect goes to ${location}`);
    // ... and a browser ends up on the login form.
    await withPage(context, 'd-anonymous-redirect', async (page) => {
      await page.goto(url('/organisaties'));
      assert.equal(pathOf(page), '/inloggen');
      await byLabel(page, 'Gebruikersnaam').waitFor();
    });
  } finally {
    await context.close();
  }
});

test('e) "Uitloggen" ends the session', TIMEOUT, async () => {
  const context = await newContext(browser);
  try {
    await withPage(context, 'e-logout', async (page) => {
      await login(page);
      await Promise.all([
        page.waitForEvent('load'),
        page.getByRole('button', { name: 'Uitloggen', exact: true }).click(),
      ]);
      await page.goto(url('/organisaties'));
      assert.equal(pathOf(page), '/inloggen', 'after logging out /organisaties redirects to the login page');
    });
  } finally {
    await context.close();
  }
});
