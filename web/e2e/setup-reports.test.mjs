// Setup > Manage Alerts and Reports > Administrators Activity end to end, as the super admin,
// then "Forgot password?" and the emailed reset link.
//   npm run build && node --test e2e/        (LINEPORT_BIN, LINEPORT_ARTIFACTS optional)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiSession, openMenuEntry, scenario, secretLine, waitForMail } from './helpers.mjs';

const env = scenario('setup-reports');
const ROOT_PASSWORD = 'Harbour-Lantern-2931';
const RESET_PASSWORD = 'Copper-Kettle-Orchard-77';

test('alerts, the activity report and a password reset by email', { timeout: 120_000 }, async (t) => {
  const { server } = env;
  const { context, page, step, snap, problems, spool } = await env.open(t);
  const visible = (locator) => locator.waitFor({ state: 'visible' });

  await step('signed-in', async () => {
    await apiSession(context, server.baseUrl, server.email, server.password, ROOT_PASSWORD);
    await page.goto(server.baseUrl + '/sub-organizations');
    await visible(page.getByRole('heading', { name: 'Sub-Organizations' }));
  });

  await step('manage-alerts', async () => {
    await openMenuEntry(page, 'Setup', 'Manage Alerts');
    await visible(page.getByRole('heading', { name: 'Manage Alerts' }));
    const table = page.getByTestId('alerts-table');
    await visible(table.getByRole('row', { name: /Account Moved/i }));
    assert.equal(await table.locator('tbody tr.ant-table-row').count(), 15);
    // Off and on again.
    const toggle = table.getByRole('switch', { name: /Account Moved/i });
    assert.equal(await toggle.getAttribute('aria-checked'), 'true');
    await toggle.click();
    await visible(page.getByText(/turned off/));
    assert.equal(await toggle.getAttribute('aria-checked'), 'false');
  });

  await step('edit-alert', async () => {
    const table = page.getByTestId('alerts-table');
    await table.getByRole('radio', { name: /Account Moved/i }).check();
    await page.getByRole('button', { name: 'Edit Alert' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Alerts' });
    await visible(dialog);
    await dialog.getByTestId('alert-recipients').click();
    await page.keyboard.type('noc@example.com');
    await page.keyboard.press('Enter');
    await dialog.getByRole('checkbox', { name: 'Organization Administrator' }).uncheck();
    await snap('edit-alert-dialog');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = table.getByRole('row', { name: /Account Moved/i });
    await visible(row.getByText('noc@example.com'));
    assert.doesNotMatch(await row.innerText(), /Organization Administrator/);
  });

  await step('activity-report', async () => {
    await openMenuEntry(page, 'Reports', 'Administrators Activity');
    await visible(page.getByRole('heading', { name: 'Administrators Activity' }));
    const table = page.getByTestId('activity-table');
    // The alert changes just made are in the audit log.
    await visible(table.locator('tbody tr.ant-table-row').first());
    assert.match(await table.innerText(), /root@example\.com/);
    // Only writes.
    await page.getByRole('combobox', { name: 'Activity Type' }).click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: 'Write' }).click();
    await visible(table.locator('tbody tr.ant-table-row').first());
    const types = await table.locator('tbody tr.ant-table-row td .ant-tag').allInnerTexts();
    assert.ok(types.length > 0 && types.every((x) => x === 'Write'), types.join(','));
    const href = await page.getByTestId('activity-csv').getAttribute('href');
    assert.match(href, /format=csv/);
    const csv = await context.request.get(server.baseUrl + href);
    assert.equal(csv.status(), 200);
    assert.match(csv.headers()['content-type'], /text\/csv/);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    assert.ok(lines.length >= 2, 'a header and at least one row');
  });

  await step('forgot-password', async () => {
    await page.getByTestId('profile-menu').click();
    await page.locator('.ant-dropdown-menu').getByRole('menuitem', { name: 'Logout' }).click();
    await page.waitForURL('**/sign-in');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.waitForURL('**/forgot-password');
    await page.getByLabel('Email').fill(server.email);
    await page.getByRole('button', { name: 'Send' }).click();
    await visible(page.getByText(/If an administrator account uses this address/));
  });

  await step('reset-password', async () => {
    const mail = await waitForMail(spool, { to: server.email, event: 'password_reset' });
    const link = new URL(secretLine(mail.body, 'Reset link'));
    assert.equal(link.pathname, '/reset-password');
    await page.goto(server.baseUrl + link.pathname + link.search);
    await page.getByLabel('New password', { exact: true }).fill(RESET_PASSWORD);
    await page.getByLabel('Confirm new password').fill(RESET_PASSWORD);
    await page.getByRole('button', { name: 'Set password' }).click();
    await visible(page.getByText(/Your password has been set/));
    await snap('password-set');
    // The link works once.
    await page.goto(server.baseUrl + link.pathname + link.search);
    await page.getByLabel('New password', { exact: true }).fill(RESET_PASSWORD + '-again');
    await page.getByLabel('Confirm new password').fill(RESET_PASSWORD + '-again');
    await page.getByRole('button', { name: 'Set password' }).click();
    await visible(page.getByText(/This link is not valid any more/));
    await page.getByRole('link', { name: 'Back to sign in' }).click();
    await page.waitForURL('**/sign-in');
    await page.getByLabel('Email').fill(server.email);
    await page.getByLabel('Password').fill(RESET_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await visible(page.getByRole('heading', { name: 'Dashboard' }));
  });

  assert.deepEqual(problems, []);
});
