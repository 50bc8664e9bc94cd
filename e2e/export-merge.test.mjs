// Export and duplicates through the real UI: download the filtered organisation list as CSV,
// then find two organisations that are the same, merge them, and see the links moved.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  launch, newContext, withPage, login, url, uniqueSuffix, randomKvk,
  fillOrganisationForm, submitOrganisationForm,
} from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function createOrganisation(page, naam) {
  await page.goto(url('/organisaties/nieuw'));
  await fillOrganisationForm(page, { naam, kvk: randomKvk(), gemeente: 'Kampen', postcode: '8261 AB' });
  const response = await submitOrganisationForm(page);
  assert.ok(response.status() < 400, `saving ${naam} answered ${response.status()}`);
}

test('e) export the filtered list as CSV, then merge two duplicate organisations', { timeout: 120_000 }, async () => {
  const context = await newContext(browser, { acceptDownloads: true });
  try {
    await withPage(context, 'e-export-merge', async (page) => {
      await login(page);
      const suffix = uniqueSuffix();
      await createOrganisation(page, `Dubbel ${suffix} B.V.`);
      await createOrganisation(page, `Dubbel ${suffix} BV`);

      await page.goto(url(`/organisaties?zoek=${encodeURIComponent(`dubbel ${suffix}`)}`));
      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: 'Exporteren (CSV)' }).click();
      const file = await readFile(await (await download).path(), 'utf8');
      assert.ok(file.startsWith('\ufeffNaam;KvK-nummer;'), 'CSV with BOM and ; for Dutch Excel');
      assert.equal(file.trim().split('\r\n').length, 3, `header and the two matching organisations:\n${file}`);

      await page.goto(url('/organisaties/dubbel'));
      await page.locator('a[href*="/samenvoegen/"]', { hasText: `Dubbel ${suffix}` }).first().click();
      await page.getByRole('button', { name: 'Ja, samenvoegen' }).click();
      await page.waitForLoadState('load');
      assert.match(await page.locator('main').innerText(), /Samengevoegd/);
      await page.goto(url(`/organisaties?zoek=${encodeURIComponent(`dubbel ${suffix}`)}`));
      assert.match(await page.locator('main').innerText(), /1 resultaten|1 result/);
    });
  } finally {
    await context.close();
  }
});
