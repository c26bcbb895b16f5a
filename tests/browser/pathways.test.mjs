// Browser test of the pathway explorer with JavaScript disabled: a counselor opens Pathways from
// the navigation, finds the current job by searching a title, sees the reachable jobs as an SVG
// chart and a ranked table, picks a target and sees its skill gaps. The server has the demo
// O*NET release and BLS figures (tests/e2e/run_browser_tests.sh imports them). Environment as
// in signin.test.mjs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

const BASE = process.env.RESKILL_URL;
const TENANT = process.env.RESKILL_E2E_TENANT ?? 'demo';
const STAFF = JSON.parse(process.env.RESKILL_E2E_STAFF ?? '{}');
if (!BASE || !STAFF.counselor) {
  throw new Error('run these tests with tests/e2e/run_browser_tests.sh PATH/TO/reskill');
}

const TEST_TIMEOUT_MS = 90_000;
let browser;

before(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
});

test('a counselor explores pathways from Cashiers without JavaScript',
  { timeout: TEST_TIMEOUT_MS }, async () => {
    const context = await browser.newContext(
      { baseURL: BASE, locale: 'en-US', javaScriptEnabled: false });
    context.setDefaultTimeout(20_000);
    try {
      const page = await context.newPage();
      await page.goto('/signin');
      await page.getByLabel('Agency').fill(TENANT);
      await page.getByLabel('E-mail').fill(STAFF.counselor.email);
      await page.getByLabel('Password').fill(STAFF.counselor.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((u) => u.pathname === '/');

      await page.getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name: 'Pathways', exact: true }).click();
      await page.getByRole('heading', { name: 'Career pathways', level: 1 }).waitFor();
      assert.equal(await page.locator('script').count(), 0, 'the explorer has no scripts');

      // Any title finds the job: "checker" is an alternate title of Cashiers in the demo release.
      await page.getByLabel('Current job (any title)').fill('cashier');
      await page.getByRole('button', { name: 'Find' }).click();
      await page.getByRole('heading', { name: 'Pick the current job' }).waitFor();
      await page.getByRole('link', { name: 'Cashiers', exact: true }).click();

      await page.getByRole('heading', { name: /Career moves from Cashiers/ }).waitFor();
      const chart = page.getByRole('img', { name: /Reachable jobs: median wage against similarity/ });
      await chart.waitFor();
      const bubbles = await page.locator('svg circle.bubble').count();
      assert.ok(bubbles > 0, `the chart draws the reachable jobs (${bubbles} bubbles)`);
      const rows = page.locator('table.pathways tbody tr');
      assert.ok(await rows.count() > 0, 'the table lists the reachable jobs');
      const first = rows.first().locator('td').nth(1).getByRole('link');
      const target = (await first.textContent()).trim();
      await first.click();

      await page.getByRole('heading', { name: `Gaps and training plan for ${target}` }).waitFor();
      const gaps = await page.locator('table.gaps tbody tr').count();
      const none = await page.getByText('No important gap').count();
      assert.ok(gaps > 0 || none > 0, 'the gaps toward the target are listed (or said to be none)');
    } finally {
      await context.close();
    }
  });
