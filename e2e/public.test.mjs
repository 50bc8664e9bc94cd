// The public site through a browser without an account: the exhibition's contact form ends
// up in the contact partner's referral queue; the maps and the signpost work without script.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newContext, withPage, login, url, pathOf, uniqueSuffix, byLabel } from './lib.mjs';

const TIMEOUT = { timeout: 120_000 };
let browser;

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('f) a visitor asks for contact on a good example; staff find it among the referrals', TIMEOUT, async () => {
  const visitor = await newContext(browser);
  const staff = await newContext(browser);
  const name = `Bezoeker E2E ${uniqueSuffix()}`;
  try {
    await withPage(visitor, 'f-contact', async (page) => {
      await page.goto(url('/publiek'));
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/voorbeelden'),
        page.getByRole('link', { name: 'Goede voorbeelden', exact: true }).first().click(),
      ]);
      const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
      const example = hrefs.find((p) => /^\/voorbeelden\/\d+$/.test(p));
      assert.ok(example, 'the demo exhibits a good example');
      await page.goto(url(example));
      await Promise.all([
        page.waitForURL((u) => u.pathname === `${example}/contact`),
        page.getByRole('link', { name: 'Vraag contact aan' }).first().click(),
      ]);
      // Sent empty: the form comes back with its errors in Dutch, nothing is sent.
      const [refused] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Versturen', exact: true }).click(),
      ]);
      await page.waitForLoadState('load');
      assert.equal(refused.status(), 422);
      assert.ok(await page.getByText('Vul dit veld in.').first().isVisible(), 'field errors are shown');
      await byLabel(page, 'Je naam').fill(name);
      await byLabel(page, 'Je e-mailadres').fill('bezoeker@e2e.example');
      await byLabel(page, 'Je vraag of bericht').fill('Hoe pakten jullie dit aan? Wij willen hetzelfde.');
      await page.getByRole('checkbox').check();
      const [sent] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Versturen', exact: true }).click(),
      ]);
      await page.waitForLoadState('load');
      assert.equal(sent.status(), 200);
      await page.getByRole('heading', { name: 'Bedankt voor je bericht' }).waitFor();
    });
    await withPage(staff, 'f-queue', async (page) => {
      await login(page);
      await page.goto(url('/doorverwijzingen?status=alle'));
      assert.equal(pathOf(page), '/doorverwijzingen');
      assert.ok(await page.getByText(name).first().isVisible(), 'the request is in the referral queue');
    });
  } finally {
    await visitor.close();
    await staff.close();
  }
});

test('g) the maps change layer and level through their form, without script', TIMEOUT, async () => {
  const context = await newContext(browser, { javaScriptEnabled: false });
  try {
    await withPage(context, 'g-maps', async (page) => {
      await page.goto(url('/kaarten/krachtenkaart'));
      // The demo draws the real outlines built into the binary: no boundary import was run.
      const outlines = await page.locator('main svg path[d^="M"]').count();
      assert.ok(outlines >= 25, `the municipalities are drawn as outlines (${outlines})`);
      assert.ok(await page.getByText('CBS / Kadaster').first().isVisible(), 'the boundaries are attributed');
      assert.ok(await page.locator('main table').first().isVisible(), 'the same numbers as a table');
      await page.goto(url('/kaarten/krachtenkaart?laag=ondersteuning&niveau=provincies'));
      const rows = await page.locator('main table tbody tr').count();
      assert.ok(rows >= 12, `the twelve provinces in the table (${rows} rows)`);
      const provinces = await page.locator('main svg path[d^="M"]').count();
      assert.ok(provinces >= 12, `the provinces are drawn as outlines (${provinces})`);
      const response = await page.goto(url('/kaarten/kansenkaart?sector=ruimtevaart'));
      assert.equal(response.status(), 400, 'an unknown sector is refused');
    });
  } finally {
    await context.close();
  }
});
