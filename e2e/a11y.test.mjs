// axe-core WCAG 2.1 AA check of every page listed in PAGES.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import {
  launch, newContext, withPage, login, url, uniqueSuffix, randomKvk,
  fillOrganisationForm, submitOrganisationForm,
  uploadOrganisationsCsv, runDryImport, confirmImport,
} from './lib.mjs';

/**
 * Pages to check. `path` is visited; `auth: false` uses a logged-out browser;
 * `open(page)` replaces the plain visit for pages that need steps to reach.
 * Extend freely.
 */
export const PAGES = [
  { name: 'inloggen (logged out)', path: '/inloggen', auth: false },
  { name: 'dashboard', path: '/' },
  { name: 'organisaties', path: '/organisaties' },
  { name: 'organisatie nieuw', path: '/organisaties/nieuw' },
  { name: 'organisatie formulier met fouten', open: openFormWithErrors },
  { name: 'organisatie detail', open: openOrganisationDetail },
  { name: 'personen', path: '/personen' },
  { name: 'persoon nieuw', path: '/personen/nieuw' },
  { name: 'netwerken', path: '/netwerken' },
  { name: 'projecten', path: '/projecten' },
  { name: 'themas', path: '/themas' },
  { name: 'zoeken', path: '/zoeken?zoek=a' },
  { name: 'organisatie bewerken', open: (page) => openFirst(page, '/organisaties', /^\/organisaties\/\d+$/, '/bewerken') },
  { name: 'organisatie verwijderen (bevestigen)', open: (page) => openFirst(page, '/organisaties', /^\/organisaties\/\d+$/, '/verwijderen') },
  { name: 'persoon detail', open: (page) => openFirst(page, '/personen', /^\/personen\/\d+$/) },
  { name: 'netwerk nieuw', path: '/netwerken/nieuw' },
  { name: 'netwerk detail (leden)', open: (page) => openFirst(page, '/netwerken', /^\/netwerken\/\d+$/) },
  { name: 'netwerk lid toevoegen', open: (page) => openFirst(page, '/netwerken', /^\/netwerken\/\d+$/, '/leden/nieuw') },
  { name: 'project nieuw', path: '/projecten/nieuw' },
  { name: 'project detail (deelnemers)', open: (page) => openFirst(page, '/projecten', /^\/projecten\/\d+$/) },
  { name: 'evenementen', path: '/evenementen?periode=alle' },
  { name: 'evenement nieuw', path: '/evenementen/nieuw' },
  { name: 'klantreis', path: '/reis' },
  { name: 'ondersteuning', path: '/ondersteuning' },
  { name: 'ondersteuning nieuw', path: '/ondersteuning/nieuw' },
  { name: 'doorverwijzingen', path: '/doorverwijzingen?status=alle' },
  { name: 'doorverwijzing nieuw', path: '/doorverwijzingen/nieuw' },
  { name: 'wegwijzer (antwoord)', path: '/wegwijzer?soortVraag=financiering&fase=implementeren' },
  { name: 'wegwijzer aanbod', path: '/wegwijzer/aanbod' },
  { name: 'wegwijzer aanbod nieuw', path: '/wegwijzer/aanbod/nieuw' },
  { name: 'launching customer', path: '/launching-customer' },
  { name: 'launching customer detail', open: (page) => openFirst(page, '/launching-customer', /^\/launching-customer\/\d+$/) },
  { name: 'tracks', path: '/tracks' },
  { name: 'track detail (sessies, deelnemers, opvolging)', open: (page) => openFirst(page, '/tracks', /^\/tracks\/\d+$/) },
  { name: 'opvolggesprekken', path: '/taken?status=alle' },
  { name: 'opvolggesprek', open: (page) => openFirst(page, '/taken', /^\/taken\/\d+$/) },
  { name: 'ondersteuning detail (status)', open: (page) => openFirst(page, '/ondersteuning', /^\/ondersteuning\/\d+$/) },
  { name: 'evenement detail (aanmeldingen)', open: (page) => openFirst(page, '/evenementen?periode=alle', /^\/evenementen\/\d+$/) },
  { name: 'thema nieuw', path: '/themas/nieuw' },
  { name: 'thema detail', open: (page) => openFirst(page, '/themas', /^\/themas\/\d+$/) },
  { name: 'gebruikers', path: '/beheer/gebruikers' },
  { name: 'gebruiker nieuw', path: '/beheer/gebruikers/nieuw' },
  { name: 'gebruiker detail (tokens)', open: (page) => openFirst(page, '/beheer/gebruikers', /^\/beheer\/gebruikers\/\d+$/) },
  { name: 'import', path: '/import' },
  { name: 'import koppeling', open: (page) => uploadOrganisationsCsv(page) },
  { name: 'import proefimport', open: async (page) => { await uploadOrganisationsCsv(page); await runDryImport(page); } },
  { name: 'import voltooid', open: async (page) => { await uploadOrganisationsCsv(page); await runDryImport(page); await confirmImport(page); } },
  { name: 'organisaties mogelijk dubbel', path: '/organisaties/dubbel' },
  { name: 'organisaties samenvoegen (bevestigen)', open: openMergeConfirmation },
  { name: 'niet gevonden (404)', open: async (page) => { await page.goto(url('/organisaties/999999999')); } },
  { name: 'programmas', path: '/programmas' },
  { name: 'programma nieuw', path: '/programmas/nieuw' },
  { name: 'programma detail (prestaties)', open: (page) => openFirst(page, '/programmas', /^\/programmas\/\d+$/) },
  { name: 'programma verwijderen (bevestigen)', open: (page) => openFirst(page, '/programmas', /^\/programmas\/\d+$/, '/verwijderen') },
  { name: 'prestatie 2017 (acties, indicatoren, toelichting, financiën)', open: (page) => openObjective(page, '?jaar=2017') },
  { name: 'prestatie bewerken', open: (page) => openObjective(page, '/bewerken') },
  { name: 'prestatie actie toevoegen', open: (page) => openObjective(page, '/acties/nieuw') },
  { name: 'prestatie indicator toevoegen', open: (page) => openObjective(page, '/indicatoren/nieuw') },
  { name: 'prestatie financiën met verschil', open: openFinanceDifference },
  { name: 'indicator records (drill-down)', open: (page) => openIndicator(page, '?jaar=2017') },
  { name: 'indicator doelen', open: (page) => openIndicator(page, '/doelen?jaar=2017') },
  { name: 'indicator bewerken', open: (page) => openIndicator(page, '/bewerken') },
  { name: 'jaarverslag', path: '/jaarverslag' },
  { name: 'jaarverslag 2017', path: '/jaarverslag/2017' },
  { name: 'jaar bevriezen (bevestigen)', path: '/jaarverslag/bevriezen?jaar=2099' },
  { name: 'adviezen', path: '/adviezen' },
  { name: 'advies nieuw', path: '/adviezen/nieuw' },
  { name: 'advies detail', open: (page) => openFirst(page, '/adviezen', /^\/adviezen\/\d+$/) },
  { name: 'advies bewerken', open: (page) => openFirst(page, '/adviezen', /^\/adviezen\/\d+$/, '/bewerken') },
  { name: 'advies antwoord', open: (page) => openFirst(page, '/adviezen', /^\/adviezen\/\d+$/, '/antwoord') },
  { name: 'advies antwoordbrief (print)', open: (page) => openFirst(page, '/adviezen', /^\/adviezen\/\d+$/, '/brief') },
  { name: 'advies document uploaden', open: (page) => openFirst(page, '/adviezen', /^\/adviezen\/\d+$/, '/document/nieuw') },
  { name: 'afspraken', path: '/afspraken' },
  { name: 'afspraken (evaluatie nodig)', path: '/afspraken?evaluatie=ja' },
  { name: 'afspraak nieuw', path: '/afspraken/nieuw' },
  { name: 'afspraak detail (jaren)', open: (page) => openFirst(page, '/afspraken', /^\/afspraken\/\d+$/) },
  { name: 'afspraak bewerken', open: (page) => openFirst(page, '/afspraken', /^\/afspraken\/\d+$/, '/bewerken') },
  // The public site, as a visitor without an account sees it.
  { name: 'publiek: home', path: '/publiek', auth: false },
  { name: 'publiek: home via /', path: '/', auth: false },
  { name: 'publiek: wegwijzer (vragen)', path: '/wegwijzer', auth: false },
  { name: 'publiek: wegwijzer (antwoord)', path: '/wegwijzer?soortVraag=financiering&fase=implementeren', auth: false },
  { name: 'publiek: open data', path: '/open-data', auth: false },
  { name: 'publiek: krachtenkaart (gemeentegrenzen)', path: '/kaarten/krachtenkaart', auth: false },
  { name: 'publiek: krachtenkaart (provinciegrenzen)', path: '/kaarten/krachtenkaart?laag=ondersteuning&niveau=provincies', auth: false },
  { name: 'publiek: krachtenkaart (fase)', path: '/kaarten/krachtenkaart?laag=bedrijven&fase=geinteresseerd', auth: false },
  { name: 'publiek: kansenkaart', path: '/kaarten/kansenkaart', auth: false },
  { name: 'publiek: kansenkaart (sector)', path: '/kaarten/kansenkaart?sector=maakindustrie', auth: false },
  { name: 'publiek: kaart met onbekende laag (400)', auth: false, open: async (page) => { await page.goto(url('/kaarten/krachtenkaart?laag=taart')); } },
  { name: 'publiek: goede voorbeelden', path: '/voorbeelden', auth: false },
  { name: 'publiek: goed voorbeeld', auth: false, open: (page) => openFirst(page, '/voorbeelden', /^\/voorbeelden\/\d+$/) },
  { name: 'publiek: goed voorbeeld contact', auth: false, open: (page) => openFirst(page, '/voorbeelden', /^\/voorbeelden\/\d+$/, '/contact') },
  { name: 'publiek: goed voorbeeld contact met fouten', auth: false, open: openContactWithErrors },
  { name: 'redactie: voorbeelden', path: '/redactie/voorbeelden' },
  { name: 'redactie: voorbeeld nieuw', path: '/redactie/voorbeelden/nieuw' },
  { name: 'redactie: voorbeeld detail', open: (page) => openFirst(page, '/redactie/voorbeelden', /^\/redactie\/voorbeelden\/\d+$/) },
];

/** The page of objective 5.3.2 (or else the first objective), found from /programmas, plus `suffix`. */
async function openObjective(page, suffix = '') {
  await page.goto(url('/programmas'));
  const programmes = await page.locator('main a[href]').evaluateAll((as) =>
    [...new Set(as.map((a) => new URL(a.href).pathname).filter((p) => /^\/programmas\/\d+$/.test(p)))]);
  assert.ok(programmes.length > 0, 'the demo data has a programme');
  let first;
  for (const programme of programmes) {
    await page.goto(url(programme));
    const links = await page.locator('main a[href]').evaluateAll((as) =>
      as.map((a) => ({ path: new URL(a.href).pathname, text: a.textContent.trim() })));
    const objectives = links.filter((l) => /^\/prestaties\/\d+$/.test(l.path));
    first ??= objectives[0]?.path;
    const wanted = objectives.find((l) => l.text === '5.3.2');
    if (wanted) {
      first = wanted.path;
      break;
    }
  }
  assert.ok(first, 'the demo data has a performance objective');
  const response = await page.goto(url(first + suffix));
  assert.equal(response?.status(), 200, `GET ${first + suffix}`);
}

/** The first indicator of objective 5.3.2, plus `suffix`. */
async function openIndicator(page, suffix = '') {
  await openObjective(page, '?jaar=2017');
  const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
  const target = hrefs.find((p) => /^\/indicatoren\/\d+$/.test(p));
  assert.ok(target, 'the objective has an indicator');
  const response = await page.goto(url(target + suffix));
  assert.equal(response?.status(), 200, `GET ${target + suffix}`);
}

/** The finance form refused because the lines do not add up to the balance (nothing is saved). */
async function openFinanceDifference(page) {
  await openObjective(page, '?jaar=2017');
  const form = page.locator('form[action$="/financien"]');
  if ((await form.count()) === 0) return; // a frozen year shows no form
  await page.locator('#f-saldo').fill('€ 1');
  await page.locator('#f-regelSoort-1').selectOption('onderuitputting');
  await page.locator('#f-regelBedrag-1').fill('€ 2');
  await page.locator('#f-regelTekst-1').fill('A11y: regels die niet optellen tot het saldo.');
  // Never acknowledge: the form must be refused, so the demo data stays as it is.
  const acknowledged = page.locator('input[name="afwijkingGezien"]');
  if ((await acknowledged.count()) > 0) await acknowledged.uncheck();
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().resourceType() === 'document'),
    form.getByRole('button', { name: 'Opslaan', exact: true }).click(),
  ]);
  await page.waitForLoadState('load');
  assert.equal(response.status(), 422, 'lines that do not add up are refused');
}

/** The merge confirmation for the first two organisations of the list (nothing is merged). */
async function openMergeConfirmation(page) {
  await page.goto(url('/organisaties'));
  const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
  const ids = [...new Set(hrefs.filter((p) => /^\/organisaties\/\d+$/.test(p)))].slice(0, 2);
  assert.equal(ids.length, 2, 'the demo data has two organisations');
  const response = await page.goto(url(`${ids[0]}/samenvoegen/${ids[1].split('/').pop()}`));
  assert.equal(response?.status(), 200, 'the merge confirmation answers 200');
}

/** The contact form of the first good example, sent empty: refused with its errors (nothing is sent). */
async function openContactWithErrors(page) {
  await openFirst(page, '/voorbeelden', /^\/voorbeelden\/\d+$/, '/contact');
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Versturen', exact: true }).click(),
  ]);
  await page.waitForLoadState('load');
  assert.equal(response.status(), 422, 'an empty contact form is refused');
}

/** Opens the first link on `listPath` whose path matches `pattern`, plus `suffix`. */
async function openFirst(page, listPath, pattern, suffix = '') {
  await page.goto(url(listPath));
  const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
  const target = hrefs.find((p) => pattern.test(p));
  assert.ok(target, `no link matching ${pattern} on ${listPath} (the demo data should provide one)`);
  await page.goto(url(target + suffix));
}

const AXE_OPTIONS = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } };
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

async function openFormWithErrors(page) {
  await page.goto(url('/organisaties/nieuw'));
  await fillOrganisationForm(page, { naam: `A11y fout ${uniqueSuffix()}`, kvk: '123' });
  const response = await submitOrganisationForm(page, { skipBrowserValidation: true });
  assert.equal(response.status(), 422, 'invalid form answers 422');
}

/** An existing organisation's detail page; creates one if the list is empty. */
async function openOrganisationDetail(page) {
  await page.goto(url('/organisaties'));
  const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
  const detail = hrefs.find((p) => /^\/organisaties\/[^/]+$/.test(p) && p !== '/organisaties/nieuw');
  if (detail) {
    await page.goto(url(detail));
    return;
  }
  await page.goto(url('/organisaties/nieuw'));
  await fillOrganisationForm(page, { naam: `A11y detail ${uniqueSuffix()}`, kvk: randomKvk() });
  const response = await submitOrganisationForm(page);
  assert.ok(response.status() < 400, `creating an organisation answered ${response.status()}`);
}

function describe(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes.map((n) => `      - ${n.target.join(' ')}${n.failureSummary ? `\n        ${n.failureSummary.replace(/\n/g, '\n        ')}` : ''}`);
      return `  ${v.id} [${v.impact}] ${v.help} (${v.helpUrl})\n${nodes.join('\n')}`;
    })
    .join('\n');
}

let browser;
let anonymous;
let loggedIn;

let loginDone;
/** Log in once, on first use, so a broken login does not hide the logged-out checks. */
function ensureLoggedIn() {
  loginDone ??= withPage(loggedIn, 'a11y-login', (page) => login(page));
  return loginDone;
}

before(async () => {
  browser = await launch();
  anonymous = await newContext(browser);
  loggedIn = await newContext(browser);
});
after(async () => {
  await browser?.close();
});

for (const entry of PAGES) {
  test(`c) axe WCAG 2.1 AA: ${entry.name}`, { timeout: 120_000 }, async () => {
    if (entry.auth !== false) await ensureLoggedIn();
    const context = entry.auth === false ? anonymous : loggedIn;
    await withPage(context, `a11y-${entry.name}`, async (page) => {
      if (entry.open) {
        await entry.open(page);
      } else {
        const response = await page.goto(url(entry.path));
        assert.ok(response && response.status() < 400, `GET ${entry.path} answered ${response?.status()}`);
        if (entry.auth !== false) {
          assert.notEqual(new URL(page.url()).pathname, '/inloggen', `GET ${entry.path} bounced to the login page`);
        }
      }
      await page.addScriptTag({ path: AXE_PATH });
      const results = await page.evaluate((options) => globalThis.axe.run(document, options), AXE_OPTIONS);
      assert.ok(results.passes.length > 0, 'axe ran checks');
      if (results.violations.length > 0) {
        assert.fail(`${results.violations.length} axe violation(s) on ${page.url()}:\n${describe(results.violations)}`);
      }
    });
  });
}
