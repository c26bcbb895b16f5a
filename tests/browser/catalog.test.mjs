// Browser tests of the catalogue pages with JavaScript disabled: a curator adds a provider, a
// course and a learning path through the forms and finds the course by search; a counselor
// browses the same pages without forms. Run through tests/e2e/run_browser_tests.sh (environment
// as in signin.test.mjs).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

const BASE = process.env.RESKILL_URL;
const TENANT = process.env.RESKILL_E2E_TENANT ?? 'demo';
const STAFF = JSON.parse(process.env.RESKILL_E2E_STAFF ?? '{}');
if (!BASE || !STAFF.curator || !STAFF.counselor) {
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

test('a curator builds a catalogue without JavaScript; a counselor reads it',
  { timeout: TEST_TIMEOUT_MS }, async () => {
    await withPage(async (page) => {
      await signIn(page, STAFF.curator);
      await page.getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name: 'Courses', exact: true }).click();
      await page.getByRole('heading', { name: 'Courses', level: 1 }).waitFor();
      assert.equal(await page.locator('script').count(), 0, 'the courses page has no scripts');

      // A provider first: the course form needs one.
      await page.getByRole('navigation', { name: 'Catalogue sections' })
        .getByRole('link', { name: 'Providers', exact: true }).click();
      const provider = page.locator('form[action="/catalog/providers"]');
      await provider.getByLabel('Short name (a-z, 0-9, -)').fill('browserskills');
      await provider.getByLabel('Name', { exact: true }).fill('Browser Skills Academy');
      await provider.getByLabel('Free', { exact: true }).check();
      await provider.getByRole('button', { name: 'Add provider' }).click();
      await page.getByRole('heading', { name: 'Browser Skills Academy', level: 1 }).waitFor();

      await page.goto('/catalog/courses');
      const course = page.locator('form[action="/catalog/courses"][method="post"]');
      await course.getByLabel('Provider', { exact: true }).selectOption({ label: 'Browser Skills Academy' });
      await course.getByLabel("Provider's course id").fill('BSA-1');
      await course.getByLabel('Title', { exact: true }).fill('Keyboard shortcuts for busy offices');
      await course.getByLabel('Course page (https://…)').fill('https://browser-skills.example/1');
      await course.getByLabel('Estimated hours (more than 0, at most 2000)').fill('-1');
      await course.getByRole('button', { name: 'Add course' }).click();
      assert.match(await page.getByRole('alert').textContent(), /estimated_hours/);
      // The form kept what was typed.
      assert.equal(await course.getByLabel("Provider's course id").inputValue(), 'BSA-1');
      await course.getByLabel('Estimated hours (more than 0, at most 2000)').fill('2.5');
      await course.getByRole('button', { name: 'Add course' }).click();
      await page.getByRole('heading', { name: 'Keyboard shortcuts for busy offices', level: 1 })
        .waitFor();
      assert.equal((await page.getByRole('status').textContent()).trim(), 'Added.');

      await page.goto('/catalog/paths');
      const form = page.locator('form[action="/catalog/paths"]');
      await form.getByLabel('Name', { exact: true }).fill('Office starter');
      await form.getByLabel('Order: Keyboard shortcuts for busy offices').fill('1');
      await form.getByRole('button', { name: 'Add learning path' }).click();
      await page.getByRole('heading', { name: 'Office starter', level: 1 }).waitFor();
      assert.ok((await page.locator('table').first().textContent()).includes('Keyboard shortcuts'));
    });

    await withPage(async (page) => {
      await signIn(page, STAFF.counselor);
      await page.goto('/catalog/courses');
      await page.getByRole('searchbox', { name: 'Title, skill or provider' }).fill('shortcut');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL((u) => u.searchParams.get('q') === 'shortcut');
      await page.getByRole('link', { name: 'Keyboard shortcuts for busy offices' }).click();
      await page.getByRole('heading', { name: 'Keyboard shortcuts for busy offices', level: 1 })
        .waitFor();
      assert.equal(await page.locator('form[action^="/catalog/courses/"]').count(), 0,
        'a counselor gets no edit or delete form');
      await page.getByRole('link', { name: 'Office starter' }).click();
      await page.getByRole('heading', { name: 'Office starter', level: 1 }).waitFor();
    });
  });
