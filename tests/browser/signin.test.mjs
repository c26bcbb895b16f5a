// Browser tests of the web shell: sign-in, navigation by role, sign-out, staff administration,
// the audit page, pages without JavaScript, and Spanish. Headless Debian chromium driven by
// playwright-core. Run through tests/e2e/run_browser_tests.sh, which starts a server on a fresh
// database and passes, in the environment:
//   RESKILL_URL          the server's base URL, e.g. http://127.0.0.1:34567
//   RESKILL_E2E_TENANT   the agency slug (demo)
//   RESKILL_E2E_STAFF    JSON {"admin": {"email", "password", "name"}, "supervisor": ..., ...}
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

const BASE = process.env.RESKILL_URL;
const TENANT = process.env.RESKILL_E2E_TENANT ?? 'demo';
const STAFF = JSON.parse(process.env.RESKILL_E2E_STAFF ?? '{}');
const ROLES = ['admin', 'supervisor', 'counselor', 'analyst', 'curator'];
const ROLE_LABELS = {
  admin: 'Administrator',
  supervisor: 'Supervisor',
  counselor: 'Counselor',
  analyst: 'Analyst',
  curator: 'Curator',
};

if (!BASE || ROLES.some((r) => !STAFF[r])) {
  throw new Error(
    'RESKILL_URL and RESKILL_E2E_STAFF (credentials for every role) must be set; ' +
      'run these tests with tests/e2e/run_browser_tests.sh PATH/TO/reskill');
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

// Runs fn with a fresh browser context (own cookies) and page, closing both afterwards.
async function withPage(options, fn) {
  const context = await browser.newContext({ baseURL: BASE, locale: 'en-US', ...options });
  context.setDefaultTimeout(20_000);
  try {
    const page = await context.newPage();
    return await fn(page, context);
  } finally {
    await context.close();
  }
}

const path = (page) => new URL(page.url()).pathname;

async function sessionCookie(context) {
  return (await context.cookies(BASE)).find((c) => c.name === 'reskill_session');
}

// Fills and submits the sign-in form; returns the final response of the form post.
async function submitSignIn(page, { email, password }, labels = {}) {
  const l = { tenant: 'Agency', email: 'E-mail', password: 'Password', submit: 'Sign in', ...labels };
  await page.getByLabel(l.tenant).fill(TENANT);
  await page.getByLabel(l.email).fill(email);
  await page.getByLabel(l.password).fill(password);
  const posted = page.waitForResponse(
    (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/signin');
  await page.getByRole('button', { name: l.submit }).click();
  const response = await posted;
  await page.waitForLoadState('load');
  return response;
}

async function signIn(page, credentials) {
  const response = await page.goto('/signin');
  assert.equal(response.status(), 200, 'GET /signin');
  await submitSignIn(page, credentials);
  await page.waitForURL((u) => u.pathname === '/');
}

// The entries after the foundation's: courses, the program pages the roles may open (caseload,
// licence queue, pools, programs, in route-table order), occupations, pathways, then the LRS
// clients page (admins), the unmatched learners (caseworkers) and the statement viewer (admins).
const PROGRAM_NAV = [
  ['Caseload', 'Casos', ['admin', 'supervisor', 'counselor']],
  ['Licence queue', 'Cola de licencias', ['admin', 'supervisor']],
  ['Licence pools', 'Grupos de licencias', ['admin', 'supervisor', 'counselor', 'analyst']],
  ['Programs', 'Programas', ['admin', 'supervisor', 'counselor', 'analyst']],
];
function catalogueNav(roles, spanish = false) {
  const programs = PROGRAM_NAV.filter(([, , who]) => who.some((r) => roles.includes(r)))
    .map(([en, es]) => (spanish ? es : en));
  const lrs = roles.includes('admin') ? [spanish ? 'Clientes LRS' : 'LRS clients'] : [];
  const caseworker = ['admin', 'supervisor', 'counselor'].some((r) => roles.includes(r));
  const unmatched = caseworker ? [spanish ? 'Alumnos sin asignar' : 'Unmatched learners'] : [];
  const statements = roles.includes('admin') ? [spanish ? 'Declaraciones' : 'Statements'] : [];
  return spanish
    ? ['Cursos', ...programs, 'Ocupaciones', 'Trayectorias', ...lrs, ...unmatched, ...statements]
    : ['Courses', ...programs, 'Occupations', 'Pathways', ...lrs, ...unmatched, ...statements];
}

async function navLinks(page, name = 'Main navigation') {
  return page.getByRole('navigation', { name }).getByRole('link').allTextContents();
}

async function signOutAndCheck(page, context, signOutLabel = 'Sign out') {
  await page.getByRole('button', { name: signOutLabel }).click();
  await page.waitForURL((u) => u.pathname === '/signin');
  assert.equal(await sessionCookie(context), undefined, 'no reskill_session cookie after sign-out');
  assert.equal(await page.getByRole('navigation').count(), 0, 'no navigation after sign-out');

  // The old session is gone: the home page asks to sign in again, with 401.
  const home = await page.goto('/');
  assert.equal(home.status(), 401, 'GET / after sign-out');
  assert.equal(path(page), '/');
  await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
  await page.getByLabel('Password').waitFor();
  assert.equal(await sessionCookie(context), undefined, 'still no session after GET /');
}

describe('sign-in and navigation by role', { timeout: TEST_TIMEOUT_MS * ROLES.length }, () => {
  for (const role of ROLES) {
    test(`${role} signs in, sees the ${role} navigation, signs out`, async () => {
      await withPage({}, async (page, context) => {
        const who = STAFF[role];
        await signIn(page, who);

        await page.getByRole('heading', { name: `Welcome, ${who.name}`, level: 1 }).waitFor();
        const roles = await page.locator('ul.roles li strong').allTextContents();
        assert.deepEqual(roles, [ROLE_LABELS[role]], 'roles listed on the home page');

        const expected = role === 'admin'
          ? ['Home', 'Staff', 'Audit log', 'Settings', ...catalogueNav([role])]
          : ['Home', 'Settings', ...catalogueNav([role])];
        assert.deepEqual(await navLinks(page), expected, `${role} navigation`);
        assert.equal(
          await page.getByRole('link', { name: 'Home' }).first().getAttribute('aria-current'),
          'page', 'the current page is marked');

        const cookie = await sessionCookie(context);
        assert.ok(cookie, 'a reskill_session cookie is set');
        assert.equal(cookie.httpOnly, true, 'the session cookie is HttpOnly');
        assert.equal(cookie.sameSite, 'Lax', 'the session cookie is SameSite=Lax');

        // Pages outside the role's navigation are refused; those inside open.
        const staff = await page.goto('/admin/staff');
        assert.equal(staff.status(), role === 'admin' ? 200 : 403, `${role} GET /admin/staff`);
        const audit = await page.goto('/admin/audit');
        assert.equal(audit.status(), role === 'admin' ? 200 : 403, `${role} GET /admin/audit`);
        const settings = await page.goto('/settings');
        assert.equal(settings.status(), 200, `${role} GET /settings`);
        await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();

        await signOutAndCheck(page, context);
      });
    });
  }
});

test('a wrong password shows an error and starts no session', { timeout: TEST_TIMEOUT_MS },
  async () => {
    await withPage({}, async (page, context) => {
      await page.goto('/signin');
      const response = await submitSignIn(page, { email: STAFF.analyst.email, password: 'not-the-password-1' });
      assert.equal(response.status(), 401, 'status of a failed sign-in');
      assert.equal(path(page), '/signin');
      const alert = page.getByRole('alert');
      assert.equal((await alert.textContent()).trim(), 'Wrong agency, e-mail or password.');
      assert.equal(await sessionCookie(context), undefined, 'no reskill_session cookie');
      // The form keeps agency and e-mail but never the password.
      assert.equal(await page.getByLabel('E-mail').inputValue(), STAFF.analyst.email);
      assert.equal(await page.getByLabel('Password').inputValue(), '');

      // An unknown e-mail gets the same answer (no account enumeration).
      const unknown = await submitSignIn(page, { email: 'nobody@browser.test', password: 'whatever-password' });
      assert.equal(unknown.status(), 401);
      assert.equal((await page.getByRole('alert').textContent()).trim(),
        'Wrong agency, e-mail or password.');
      assert.equal(await sessionCookie(context), undefined, 'still no reskill_session cookie');

      // Without a session the home page is the sign-in form.
      const home = await page.goto('/');
      assert.equal(home.status(), 401);

      // The right password still works afterwards.
      await signIn(page, STAFF.analyst);
      assert.ok(await sessionCookie(context));
    });
  });

test('the admin adds a staff user, sees it listed and audited; the user signs in',
  { timeout: TEST_TIMEOUT_MS }, async () => {
    const email = `new-${Date.now()}@browser.test`;
    const password = 'a-new-password-123';
    await withPage({}, async (page) => {
      await signIn(page, STAFF.admin);
      await page.getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name: 'Staff' }).click();
      await page.waitForURL((u) => u.pathname === '/admin/staff');

      const form = page.locator('form[action="/admin/staff"]');
      await form.getByLabel('Name').fill('Nina Newhire');
      await form.getByLabel('E-mail').fill(email);
      await form.getByLabel('Analyst').check();
      assert.equal(await form.getByLabel('Counselor').isChecked(), true, 'counselor is the default');
      await form.getByLabel('Language').selectOption('en');
      await form.getByLabel(/Initial password/).fill(password);
      await form.getByRole('button', { name: 'Add staff user' }).click();
      await page.waitForURL((u) => u.pathname === '/admin/staff' && u.searchParams.has('created'));

      assert.match(await page.getByRole('status').textContent(), new RegExp(`Added\\s+${email}`));
      const row = page.getByRole('row').filter({ hasText: email });
      assert.equal(await row.count(), 1, 'the new user is listed once');
      assert.match(await row.textContent(), /Nina Newhire/);
      assert.match(await row.textContent(), /Counselor, Analyst|Analyst, Counselor/);
      assert.match(await row.textContent(), /Active/);

      // The same e-mail again is refused with a message, and the form keeps what was typed.
      await form.getByLabel('Name').fill('Nina Again');
      await form.getByLabel('E-mail').fill(email);
      await form.getByLabel(/Initial password/).fill(password);
      const again = page.waitForResponse((r) => r.request().method() === 'POST');
      await form.getByRole('button', { name: 'Add staff user' }).click();
      assert.equal((await again).status(), 409, 'adding an existing e-mail');
      await page.getByRole('alert').waitFor();
      assert.equal(await page.getByRole('row').filter({ hasText: email }).count(), 1);

      await page.getByRole('link', { name: 'Audit log' }).click();
      await page.waitForURL((u) => u.pathname === '/admin/audit');
      const created = page.getByRole('row').filter({ hasText: 'staff.create' });
      assert.ok(await created.count() >= 1, 'staff.create is in the audit log');
      const cells = await created.first().getByRole('cell').allTextContents();
      assert.ok(cells.some((c) => c.startsWith('staff ')), `audit target names the staff record: ${cells}`);
      assert.ok(!cells.join(' ').includes(password), 'the audit log holds no password');

      // Filtering by action keeps only matching entries.
      await page.getByLabel('Action').first().fill('staff.create');
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.waitForURL((u) => u.searchParams.get('action') === 'staff.create');
      const actions = await page.locator('tbody tr td:nth-child(3)').allTextContents();
      assert.ok(actions.length >= 1 && actions.every((a) => a === 'staff.create'), `${actions}`);
    });

    // The new user signs in with the roles the admin gave, then switches to Spanish.
    await withPage({}, async (page, context) => {
      await signIn(page, { email, password });
      assert.deepEqual(await navLinks(page),
        ['Home', 'Settings', ...catalogueNav(['counselor', 'analyst'])]);
      await page.getByRole('link', { name: 'Settings' }).first().click();
      await page.getByLabel('Language').selectOption('es');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/settings' && u.searchParams.has('saved'));
      await page.getByRole('heading', { name: 'Ajustes', level: 1 }).waitFor();
      assert.deepEqual(await navLinks(page, 'Navegación principal'),
        ['Inicio', 'Ajustes', ...catalogueNav(['counselor', 'analyst'], true)]);
      await signOutAndCheckSpanish(page, context);
    });
  });

async function signOutAndCheckSpanish(page, context) {
  await page.getByRole('button', { name: 'Cerrar sesión' }).click();
  await page.waitForURL((u) => u.pathname === '/signin');
  assert.equal(await sessionCookie(context), undefined);
}

test('everything works with JavaScript disabled', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withPage({ javaScriptEnabled: false }, async (page, context) => {
    const signin = await page.goto('/signin');
    assert.equal(signin.status(), 200);
    assert.equal(await page.locator('script').count(), 0, 'the sign-in page has no scripts');
    await submitSignIn(page, STAFF.admin);
    await page.waitForURL((u) => u.pathname === '/');
    assert.deepEqual(await navLinks(page), ['Home', 'Staff', 'Audit log', 'Settings',
      ...catalogueNav(['admin'])]);

    for (const [name, heading] of [['Staff', 'Staff'], ['Audit log', 'Audit log'],
      ['Settings', 'Settings'], ['Home', `Welcome, ${STAFF.admin.name}`]]) {
      await page.getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name, exact: true }).click();
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      assert.equal(await page.locator('script').count(), 0, `the ${name} page has no scripts`);
    }

    // A form post without JavaScript: create an API token on the settings page.
    await page.goto('/settings');
    await page.locator('form[action="/settings/tokens"]').getByLabel('Name').fill('no-js token');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.locator('#new-token').waitFor();
    assert.ok((await page.locator('#new-token').textContent()).length >= 20, 'the token is shown once');

    await signOutAndCheck(page, context);
  });
});

test('Spanish: the browser language chooses the page language', { timeout: TEST_TIMEOUT_MS },
  async () => {
    await withPage({ locale: 'es-ES' }, async (page, context) => {
      const signin = await page.goto('/signin');
      assert.equal(signin.status(), 200);
      assert.equal(await page.locator('html').getAttribute('lang'), 'es');
      await page.getByRole('heading', { name: 'Iniciar sesión', level: 1 }).waitFor();
      assert.equal(await page.title(), 'Iniciar sesión · Reskill');

      const failed = await submitSignIn(
        page, { email: STAFF.curator.email, password: 'contraseña-incorrecta' },
        { tenant: 'Agencia', email: 'Correo electrónico', password: 'Contraseña', submit: 'Iniciar sesión' });
      assert.equal(failed.status(), 401);
      assert.equal((await page.getByRole('alert').textContent()).trim(),
        'Agencia, correo o contraseña incorrectos.');
      assert.equal(await sessionCookie(context), undefined);

      // A saved preference wins over the browser: the curator chose English.
      await submitSignIn(page, STAFF.curator,
        { tenant: 'Agencia', email: 'Correo electrónico', password: 'Contraseña', submit: 'Iniciar sesión' });
      await page.waitForURL((u) => u.pathname === '/');
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      assert.deepEqual(await navLinks(page), ['Home', 'Settings', ...catalogueNav(['curator'])]);
    });
  });
