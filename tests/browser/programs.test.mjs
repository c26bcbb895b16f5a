// Browser tests of the program pages with JavaScript disabled, as an agency uses them: a counselor
// records a client's consent and requests a licence, a supervisor issues it from the queue, the
// invitation e-mail arrives at the SMTP server (RESKILL_E2E_INBOX), the client opens the link taken
// from it (no sign-in), activates and sees the introductory path, and the journal shows every
// step; without consent the request is refused and the page says why.
// Run through tests/e2e/run_browser_tests.sh (environment as in signin.test.mjs). The catalogue
// and the program are set up through the JSON API as the admin.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

const BASE = process.env.RESKILL_URL;
const TENANT = process.env.RESKILL_E2E_TENANT ?? 'demo';
const STAFF = JSON.parse(process.env.RESKILL_E2E_STAFF ?? '{}');
if (!BASE || !STAFF.admin || !STAFF.counselor || !STAFF.supervisor) {
  throw new Error('run these tests with tests/e2e/run_browser_tests.sh PATH/TO/reskill');
}

const INBOX = process.env.RESKILL_E2E_INBOX;
if (!INBOX) throw new Error('run these tests with tests/e2e/run_browser_tests.sh (it sets RESKILL_E2E_INBOX)');

const TEST_TIMEOUT_MS = 120_000;

// The text of a message as the SMTP server saved it: headers, and the body decoded from
// quoted-printable when it is (RFC 2045 §6.7).
function parseMessage(raw) {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split);
  let body = raw.slice(split + 4);
  if (/^Content-Transfer-Encoding:\s*quoted-printable/im.test(headers)) {
    const soft = body.replace(/=\r?\n/g, '');
    const bytes = [];
    for (let i = 0; i < soft.length; i++) {
      if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
        bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.push(soft.charCodeAt(i));
      }
    }
    body = Buffer.from(bytes).toString('utf8');
  }
  return { headers, body };
}

// Waits for the message the SMTP server received for `address` (envelope recipient).
async function waitForMail(address) {
  for (let i = 0; i < 200; i++) {
    for (const name of (await readdir(INBOX)).filter((n) => n.endsWith('.rcpt'))) {
      const rcpt = (await readFile(path.join(INBOX, name), 'utf8')).split('\n');
      if (rcpt.includes(address)) {
        return parseMessage(await readFile(path.join(INBOX, name.replace(/\.rcpt$/, '.eml')), 'latin1'));
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no e-mail for ${address} arrived at the SMTP server`);
}
let browser;
let setup;

// An API session of `who`: returns a function that calls the API with cookie and CSRF token.
async function apiSession(who) {
  const r = await fetch(new URL('/api/v1/sessions', BASE), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenant: TENANT, email: who.email, password: who.password }),
  });
  const signedIn = await r.text();
  assert.equal(r.status, 201, signedIn);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = JSON.parse(signedIn);
  return async (method, path, body) => {
    const res = await fetch(new URL(path, BASE), {
      method,
      headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : {};
  };
}

// Provider, course, introductory path, program and pool, once for the file.
async function setUpProgram() {
  const admin = await apiSession(STAFF.admin);
  const provider = await admin('POST', '/api/v1/providers',
    { slug: 'brightpath', name: 'BrightPath Learning', license_types: ['seat'] });
  const course = await admin('POST', '/api/v1/courses', {
    provider_id: provider.id, external_id: 'BP-1', url: 'https://brightpath.example/1',
    title: 'Computer basics', language: 'en', estimated_hours: 3, level: 'introductory',
  });
  await admin('POST', '/api/v1/learning-paths',
    { name: 'Getting started online', introductory: true, course_ids: [course.course?.id ?? course.id] });
  const paths = await admin('GET', '/api/v1/learning-paths');
  const intro = paths.items.find((p) => p.name === 'Getting started online');
  const program = await admin('POST', '/api/v1/programs', {
    name: 'CalWORKs Welfare-to-Work', target_population: 'CalWORKs recipients',
    display_name: 'County Skills Academy', provider_ids: [provider.id], intro_path_ids: [intro.id],
  });
  const supervisor = await apiSession(STAFF.supervisor);
  await supervisor('POST', '/api/v1/pools',
    { program_id: program.id, provider_id: provider.id, name: 'BrightPath seats', seats: 10 });
  return { provider, program };
}

before(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  setup = await setUpProgram();
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

// On the caseload page: adds a client through the form; returns the client page's URL and the
// participant id shown in its heading.
async function addClient(page, given, email) {
  await page.getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Caseload', exact: true }).click();
  const form = page.locator('form[action="/caseload"][method="post"]');
  await form.getByLabel('Given name', { exact: true }).fill(given);
  await form.getByLabel('Family name', { exact: true }).fill('Tester');
  await form.getByLabel('E-mail', { exact: true }).fill(email);
  await form.getByLabel('Case number', { exact: true }).fill('CW-77');
  await form.getByRole('button', { name: 'Add client' }).click();
  await page.getByRole('heading', { name: new RegExp(`${given} Tester`), level: 1 }).waitFor();
  assert.equal((await page.getByRole('status').textContent()).trim(), 'Client added.');
  return { url: page.url(), participant: (await page.locator('h1 code').textContent()).trim() };
}

test('consent, request, issue, activation: the journal shows each step',
  { timeout: TEST_TIMEOUT_MS }, async () => {
    let client;
    await withPage(async (page) => {
      await signIn(page, STAFF.counselor);
      client = await addClient(page, 'Rosa', 'rosa.tester@example.org');
      const consent = page.locator(`form[action$="/consents"]`);
      await consent.getByLabel('Provider', { exact: true }).selectOption({ label: 'BrightPath Learning' });
      await consent.getByLabel('How given').selectOption('paper');
      await consent.getByLabel(/Scanned form/).fill('consent-rosa.pdf');
      await consent.getByRole('button', { name: 'Record consent' }).click();
      assert.equal((await page.getByRole('status').textContent()).trim(), 'Consent recorded.');
      await page.locator('form[action$="/licences"]').getByRole('button', { name: 'Request licence' })
        .click();
      assert.equal((await page.getByRole('status').textContent()).trim(), 'Licence requested.');
      assert.match(await page.locator('#licences').textContent(), /requested/);
    });

    let link;
    await withPage(async (page) => {
      await signIn(page, STAFF.supervisor);
      await page.getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name: 'Licence queue', exact: true }).click();
      await page.getByRole('checkbox', { name: client.participant }).check();
      await page.getByRole('button', { name: 'Issue selected' }).click();
      const shown = await page.locator('#activation-links a').first().getAttribute('href');
      assert.match(shown, /^\/activate\//);
      // The invitation arrives by e-mail with the same link, on the server's public address.
      const mail = await waitForMail('rosa.tester@example.org');
      assert.match(mail.body, /County Skills Academy/);
      assert.doesNotMatch(mail.body, /CalWORKs/);
      link = mail.body.match(/https?:\/\/\S+\/activate\/\S+/)?.[0];
      assert.ok(link, mail.body);
      assert.equal(new URL(link).pathname, shown);
      await page.goto('/pools');
      assert.match(await page.locator('#pools').textContent(), /BrightPath seats/);
    });

    // The client: no staff session, only the link.
    await withPage(async (page) => {
      await page.goto(link);
      await page.getByRole('heading', { name: 'Activate your licence', level: 1 }).waitFor();
      assert.match(await page.locator('main').textContent(), /County Skills Academy/);
      assert.doesNotMatch(await page.content(), /CalWORKs/);
      await page.getByRole('button', { name: 'Activate my licence' }).click();
      await page.locator('#activated').waitFor();
      assert.match(await page.locator('#paths').textContent(), /Getting started online/);
      // The link works once.
      await page.goto(link);
      assert.doesNotMatch(await page.content(), /Activate my licence/);
    });

    await withPage(async (page) => {
      await signIn(page, STAFF.counselor);
      await page.goto(client.url);
      const journal = await page.locator('#journal').textContent();
      for (const step of [/Consent recorded \(paper\)/, /Licence for BrightPath Learning requested/,
        /Licence for BrightPath Learning issued/, /Invitation to activate/,
        /activated by the client/, /Learning path assigned: Getting started online/]) {
        assert.match(journal, step);
      }
      assert.match(await page.locator('#licences').textContent(), /activated/);
      assert.match(await page.locator('#assignments').textContent(), /Getting started online/);
    });
  });

test('without consent the licence request is refused and the page says why',
  { timeout: TEST_TIMEOUT_MS }, async () => {
    await withPage(async (page) => {
      await signIn(page, STAFF.counselor);
      await addClient(page, 'Omar', 'omar.tester@example.org');
      await page.locator('form[action$="/licences"]').getByRole('button', { name: 'Request licence' })
        .click();
      const alert = await page.getByRole('alert').textContent();
      assert.match(alert, /No licence without consent/);
      assert.match(alert, /BrightPath Learning/);
      assert.doesNotMatch(await page.locator('#licences').textContent(), /requested/);
    });
  });
