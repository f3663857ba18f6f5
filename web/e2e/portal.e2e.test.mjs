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
    assert.doesNotMatch(names, /DashboardPage|AppLayout|AccountsPage/, 'only what the sign-in page uses');
    assert.ok(transferred < 400 * 1024, `${Math.round(transferred / 1024)} KB of JavaScript on the sign-in page`);
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

  assert.deepEqual(problems, []);
});
