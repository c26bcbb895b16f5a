// Browser test of the LRS clients admin page with JavaScript disabled: an admin finds it in the
// navigation, creates credentials (the secret is shown once and works against /xapi/about's
// neighbours), disables them; a counselor has no such navigation entry and is refused the page.
// Run through tests/e2e/run_browser_tests.sh (environment as in signin.test.mjs).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

const BASE = process.env.RESKILL_URL;
const TENANT = process.env.RESKILL_E2E_TENANT ?? 'demo';
const STAFF = JSON.parse(process.env.RESKILL_E2E_STAFF ?? '{}');
if (!BASE || !STAFF.admin || !STAFF.counselor) {
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

async function withPage(fn) {
  const context = await browser.newContext(
    { baseURL: BASE, locale: 'en-US', javaScriptEnabled: false });
  context.setDefaultTimeout(20_000);
  try {
    return await fn(await context.newPage());
  } finally {
    await context.close();
  }
}

async function signIn(page, { email, password }) {
  await page.goto('/signin');
  await page.getByLabel('Agency').fill(TENANT);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => u.pathname === '/');
}

async function stateStatus(key, secret) {
  const url = new URL('/xapi/activities/state', BASE);
  url.searchParams.set('activityId', 'http://example.com/browser');
  url.searchParams.set('agent', JSON.stringify({ mbox: 'mailto:browser@example.com' }));
  const res = await fetch(url, {
    headers: {
      Authorization: 'Basic ' + Buffer.from(`${key}:${secret}`).toString('base64'),
      'X-Experience-API-Version': '1.0.3',
    },
  });
  return res.status;
}

test('an admin creates LRS credentials, sees the secret once and disables them',
  { timeout: TEST_TIMEOUT_MS }, async () => {
    await withPage(async (page) => {
      await signIn(page, STAFF.admin);
      await page.getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name: 'LRS clients', exact: true }).click();
      await page.getByRole('heading', { name: 'LRS clients', level: 1 }).waitFor();
      assert.equal(await page.locator('script').count(), 0, 'the page has no scripts');

      const form = page.locator('form[action="/admin/lrs-clients"]');
      await form.getByLabel('Name', { exact: true }).fill('Browser LMS');
      await form.getByLabel('state', { exact: true }).check();
      await form.getByRole('button', { name: 'Create credentials' }).click();
      await page.getByRole('heading', { name: 'Credentials created' }).waitFor();
      const key = (await page.getByTestId('lrs-key').textContent()).trim();
      const secret = (await page.getByTestId('lrs-secret').textContent()).trim();
      assert.match(key, /^rlc_/);
      assert.ok(secret.length >= 40, 'a long secret is shown');
      assert.equal(await stateStatus(key, secret), 200, 'the credentials work');

      // Reloading the list does not show the secret again.
      await page.goto('/admin/lrs-clients');
      assert.equal(await page.getByTestId('lrs-secret').count(), 0);
      assert.ok((await page.content()).includes(key), 'the key is listed');
      assert.ok(!(await page.content()).includes(secret), 'the secret is not');

      const row = page.getByRole('row', { name: /Browser LMS/ });
      await row.getByRole('button', { name: 'Disable' }).click();
      await page.getByRole('row', { name: /Browser LMS/ }).getByRole('button', { name: 'Enable' })
        .waitFor();
      assert.equal(await stateStatus(key, secret), 401, 'disabled credentials are refused');
    });
  });

test('a counselor has no LRS clients page', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withPage(async (page) => {
    await signIn(page, STAFF.counselor);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    assert.equal(await nav.getByRole('link', { name: 'LRS clients' }).count(), 0);
    const res = await page.goto('/admin/lrs-clients');
    assert.equal(res.status(), 403);
  });
});
