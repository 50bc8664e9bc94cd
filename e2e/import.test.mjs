// Import through the real UI: upload a CSV, check the proposed mapping, see the dry run,
// confirm, and find the imported organisation in the register.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newContext, withPage, login, url, searchBox, uploadOrganisationsCsv, runDryImport, confirmImport } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('d) import a CSV of organisations: mapping, dry run, confirm, found by search', { timeout: 120_000 }, async () => {
  const context = await newContext(browser);
  try {
    await withPage(context, 'd-import', async (page) => {
      await login(page);
      await page.getByRole('link', { name: 'Importeren', exact: true }).click();
      const name = await uploadOrganisationsCsv(page);
      assert.equal(await page.getByLabel('Veld in Middenveld: KvK-nummer').inputValue(), 'kvkNummer', 'KvK-nummer is mapped by its header');
      await runDryImport(page);
      const main = page.locator('main');
      assert.match(await main.innerText(), /Er is nog niets opgeslagen/);
      assert.match(await main.innerText(), /Deze gemeente is niet bekend/);
      await confirmImport(page);
      assert.match(await main.innerText(), /Opgeslagen: 1 nieuw/);
      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: 'Afgewezen rijen downloaden' }).click();
      assert.match((await download).suggestedFilename(), /afgewezen\.csv$/);
      await page.goto(url('/organisaties'));
      await searchBox(page).fill(name.toLowerCase());
      await searchBox(page).press('Enter');
      await page.getByRole('link', { name }).waitFor();
    });
  } finally {
    await context.close();
  }
});
