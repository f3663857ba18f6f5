// The portal shell end to end: a real server, a real browser, one admin's first session.
//   npm run build && npm run e2e       (LINEPORT_BIN, LINEPORT_ARTIFACTS optional)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scenario } from './helpers.mjs';

const env = scenario('portal');
const NEW_PASSWORD = 'Harbour-Lantern-2931';

const SCENARIO = 'an admin signs in, sets a password, builds a sub-organization tree, edits the profile, logs out';

test(SCENARIO, { timeout: 180_000 }, async (t) => {
  const { server } = env;
  const { page, step, snap, problems } = await env.open(t);

  const dialog = (name) => page.getByRole('dialog', { name });
  const visible = (locator) => locator.waitFor({ state: 'visible' });
  // An antd Select, found by its form label.
  const selectField = (label) =>
    page
      .locator('.ant-form-item')
      .filter({ has: page.getByText(label, { exact: true }) })
      .locator('.ant-select');
  const pickOption = async (label, text) => {
    await selectField(label).click();
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text })
      .first()
      .click();
  };
  const profileMenu = async (item) => {
    await page.getByTestId('profile-menu').click();
    await page.locator('.ant-dropdown-menu').getByRole('menuitem', { name: item }).click();
  };
  const orgPath = () =>
    page
      .getByTestId('org-path')
      .innerText()
      .then((s) => s.replace(/\s+/g, ' ').trim());
  const createSubOrg = async (name, description) => {
    await page.getByRole('button', { name: 'Create New Sub-Organization' }).click();
    const form = dialog('Create New Sub-Organization');
    await visible(form);
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByLabel('Description').fill(description);
    await form.getByRole('button', { name: 'Create' }).click();
    await form.waitFor({ state: 'hidden' });
    await visible(page.getByTestId('suborg-table').getByRole('button', { name, exact: true }));
  };

  await step('sign-in', async () => {
    // The first load (a fresh browser): compressed JavaScript, only the sign-in page's.
    const scripts = [];
    const onResponse = (r) => r.url().endsWith('.js') && scripts.push(r);
    page.on('response', onResponse);
    await page.goto(server.baseUrl + '/');
    await page.waitForURL('**/sign-in');
    await page.getByLabel('Email').waitFor();
    await page.waitForLoadState('networkidle');
    page.off('response', onResponse);
    let transferred = 0;
    for (const r of scripts) {
      assert.equal(r.headers()['content-encoding'], 'br', `${r.url()} is sent compressed`);
      assert.match(r.headers()['cache-control'], /immutable/, `${r.url()} is cached for good`);
      transferred += (await r.request().sizes()).responseBodySize;
    }
    const names = scripts.map((r) => new URL(r.url()).pathname).join(' ');
    assert.doesNotMatch(
      names,
      /DashboardPage|AppLayout|AccountsPage|AntConfigOutlet|AntAppOutlet/,
      'only what the sign-in page uses',
    );
    assert.ok(transferred < 400 * 1024, `${Math.round(transferred / 1024)} KB of JavaScript on the sign-in page`);
    // No Ant Design on the sign-in page (docs/decisions.md, "Portal"): no script with its CSS-in-JS
    // runtime (which every Ant Design component needs), its icons or a package of @ant-design/, and
    // nothing on the page drawn by it (its classes, its injected styles).
    for (const r of scripts) {
      const body = (await r.body()).toString();
      const found = ['data-css-hash', 'data-token-hash', 'anticon', '@ant-design/'].filter((mark) => body.includes(mark));
      assert.deepEqual(found, [], `${new URL(r.url()).pathname} is Ant Design's code`);
    }
    const drawnByAntd = await page.evaluate(() =>
      [...document.querySelectorAll('[class^="ant-"], [class*=" ant-"], style[data-css-hash], style[data-token-hash]')].map((el) =>
        el.outerHTML.slice(0, 80),
      ),
    );
    assert.deepEqual(drawnByAntd, [], 'the sign-in page is drawn without Ant Design');
    await page.getByLabel('Email').fill(server.email);
    await page.getByLabel('Password').fill(server.password);
    await snap('sign-in-page');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/change-password');
  });

  await step('change-password', async () => {
    await visible(page.getByRole('heading', { name: 'Change your password' }));
    // Nothing else is reachable before the password is changed.
    await page.goto(server.baseUrl + '/profile');
    await page.waitForURL('**/change-password');
    await page.getByLabel('Current password').fill(server.password);
    await page.getByLabel('New password', { exact: true }).fill('too-short');
    await page.getByLabel('Confirm new password').fill('too-short');
    await page.getByRole('button', { name: 'Change password' }).click();
    await visible(page.getByText('Use at least 12 characters.'));
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.waitForURL((url) => url.pathname === '/');
  });

  await step('portal', async () => {
    // Home is the Dashboard; Sub-Organizations is a page of the menu.
    await visible(page.getByRole('heading', { name: 'Dashboard' }));
    await page.getByTestId('main-menu').getByRole('menuitem', { name: 'Sub-Organizations' }).click();
    await page.waitForURL('**/sub-organizations');
    await visible(page.getByRole('heading', { name: 'Sub-Organizations' }));
    assert.equal((await page.getByTestId('org-picker-button').innerText()).trim(), 'Carrier');
    assert.equal(await orgPath(), 'Carrier');
  });

  await step('create-retail-bank', async () => {
    await createSubOrg('Retail Bank', 'Consumer banking');
  });

  await step('pick-retail-bank', async () => {
    await page.getByTestId('org-picker-button').click();
    const picker = dialog('Choose Sub-Organization');
    await visible(picker);
    await picker.getByRole('button', { name: 'Show sub-organizations of Retail Bank' }).click();
    await visible(picker.getByTestId('picker-trail').getByText('Retail Bank'));
    // Issue 12, item 13: the level browsed is not called "this organization" (Carrier is current).
    assert.doesNotMatch(await picker.innerText(), /this organization/);
    await snap('org-picker');
    await picker.getByRole('button', { name: 'Apply' }).click();
    await picker.waitFor({ state: 'hidden' });
    await visible(page.getByText('Sub-organizations of Retail Bank'));
    assert.equal((await page.getByTestId('org-picker-button').innerText()).trim(), 'Retail Bank');
    assert.equal(await orgPath(), 'Carrier > Retail Bank');
    // The organization is named once in the header (the path's last step is the picker's button).
    const header = await page.locator('header').innerText();
    assert.equal(header.split('Retail Bank').length - 1, 1, header);
  });

  await step('create-europe', async () => {
    await createSubOrg('Europe', 'European branches');
    // Into it by its name, and the header shows the whole path.
    await page.getByTestId('suborg-table').getByRole('button', { name: 'Europe', exact: true }).click();
    await visible(page.getByText('Sub-organizations of Europe'));
    assert.equal(await orgPath(), 'Carrier > Retail Bank > Europe');
    // After a reload the chosen organization is still the current one.
    await page.reload();
    await visible(page.getByText('Sub-organizations of Europe'));
  });

  await step('profile-spanish', async () => {
    await profileMenu('Profile');
    await visible(page.getByRole('heading', { name: 'My Profile' }));
    await page.getByLabel('First Name').fill('Rita');
    await page.getByLabel('Last Name').fill('Ortega');
    await selectField('Time Zone').click();
    await page.keyboard.type('Madrid');
    await page.keyboard.press('Enter');
    await pickOption('Language', 'Español');
    await page.getByRole('button', { name: 'Save' }).click();
    await visible(page.getByText('Su perfil ha sido guardado.'));
    await visible(page.getByRole('heading', { name: 'Mi perfil' }));
    await visible(page.getByText('Zona horaria', { exact: true }));
    await visible(page.getByText('Toda la información se muestra en Europe/Madrid'));
    assert.match(await page.getByTestId('profile-menu').innerText(), /Rita Ortega/);
  });

  await step('profile-english', async () => {
    await pickOption('Idioma', 'English');
    await page.getByRole('button', { name: 'Guardar' }).click();
    await visible(page.getByText('Your profile has been saved.'));
    await visible(page.getByRole('heading', { name: 'My Profile' }));
  });

  await step('logout', async () => {
    await profileMenu('Logout');
    await page.waitForURL('**/sign-in');
    await visible(page.getByRole('button', { name: 'Sign in' }));
    // The session is gone on the server too.
    const me = await page.evaluate(() => fetch('/api/v1/auth/me').then((r) => r.status));
    assert.equal(me, 401);
  });

  await step('sign-in-form', async () => {
    // The sign-in form (plain HTML, no Ant Design) checks what it always did, and says so under
    // each field: focus goes to the first wrong one.
    const email = page.getByLabel('Email');
    const password = page.getByLabel('Password');
    const explanation = async (field) => {
      const ids = (await field.getAttribute('aria-describedby')) ?? '';
      const texts = await Promise.all(ids.split(' ').map((id) => page.locator(`[id="${id}"]`).innerText()));
      return texts.join(' ');
    };
    await page.getByRole('button', { name: 'Sign in' }).click();
    await visible(page.getByText('Enter a valid email address.'));
    assert.equal(await email.getAttribute('aria-invalid'), 'true');
    assert.equal(await explanation(email), 'Enter a valid email address.');
    assert.equal(await password.getAttribute('aria-invalid'), 'true');
    assert.equal(await explanation(password), 'Enter your password.');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'email');
    // Corrected, a field's error goes; a wrong address keeps it.
    await email.fill('root@example');
    assert.equal(await explanation(email), 'Enter a valid email address.');
    await email.fill(server.email);
    await page.getByText('Enter a valid email address.').waitFor({ state: 'detached' });
    assert.equal(await email.getAttribute('aria-invalid'), null);

    // In Spanish, the errors shown too.
    await page.getByTestId('language-switcher').selectOption({ label: 'Español' });
    await visible(page.getByRole('heading', { name: 'Iniciar sesión' }));
    await visible(page.getByLabel('Correo electrónico'));
    await visible(page.getByText('Introduzca su contraseña.'));
    await visible(page.getByRole('link', { name: '¿Olvidó su contraseña?' }));
    await snap('sign-in-es');
    await page.getByTestId('language-switcher').selectOption({ label: 'English' });
    await visible(page.getByRole('heading', { name: 'Sign in' }));

    // Enter sends the form; the button is busy (disabled) until the server answers, and a wrong
    // password is said in an alert.
    let answer;
    const held = new Promise((resolve) => (answer = resolve));
    await page.route('**/api/v1/auth/login', async (route) => {
      await held;
      await route.continue();
    });
    await password.fill('not-the-password');
    await password.press('Enter');
    const submit = page.getByRole('button', { name: 'Sign in' });
    for (let waited = 0; !(await submit.isDisabled()); waited += 50) {
      if (waited >= 5_000) throw new Error('the Sign in button did not turn busy');
      await page.waitForTimeout(50);
    }
    answer();
    await visible(page.getByRole('alert'));
    assert.ok(await submit.isEnabled());
    assert.notEqual((await page.getByRole('alert').innerText()).trim(), '');
    await page.unroute('**/api/v1/auth/login');
    await snap('sign-in-refused');
  });

  assert.deepEqual(problems, []);
});
