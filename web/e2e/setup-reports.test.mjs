// Setup > Manage Alerts, Reports > Administrators Activity and Administrators Status end to end,
// as the super admin, then "Forgot password?" and the emailed reset link.
//   npm run build && node --test e2e/        (LINEPORT_BIN, LINEPORT_ARTIFACTS optional)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiSession, openMenuEntry, scenario, secretLine, waitForMail } from './helpers.mjs';

const env = scenario('setup-reports');
const ROOT_PASSWORD = 'Harbour-Lantern-2931';
const RESET_PASSWORD = 'Copper-Kettle-Orchard-77';

// Seed 002's "What alerts are available?" table (with "MultiLine" where the seed names its vendor).
const ALL = 'An administrator can select all administrators or other recipients to receive this alert when ';
const SEED_ALERTS = [
  [
    'Account Moved',
    'An administrator can select an organization administrator or a recipient to receive this alert when an account is moved to or from the organization.',
  ],
  [
    'Threshold exceeded for invitations',
    ALL + 'the count of numbers needed for pending invitations exceeds the count of available numbers.',
  ],
  ['User granted administrator privilege', ALL + 'administration rights are granted to a user.'],
  ['Suspended Account made active', ALL + 'a user account that was previously suspended is reactivated.'],
  ['Account added', ALL + 'a new MultiLine user account is added in the Portal.'],
  ['New administrator added', ALL + 'a new organization administrator account is added in the Portal.'],
  ['Number utilization threshold exceeded', ALL + 'the percentage of numbers used exceeds the set threshold.'],
  ['User revoked administrator privilege', ALL + 'a user administrator rights are revoked.'],
  ['Suspicious login activity', ALL + 'an unauthorized person is attempting to access a user account.'],
  ['Account deleted', ALL + 'an administrator deletes a MultiLine user account.'],
  ['Administrator and MultiLine password changed', ALL + 'a user password is changed.'],
  ['Account suspended by administrator', ALL + 'a user account is suspended.'],
  [
    'Privacy Settings Opted Out',
    'When a user turns-off or rejects privacy policy, the user account will be suspended. An alert is sent to the defined administrator.',
  ],
  [
    'Privacy Settings Resumed',
    'When a user turns-on or resumes privacy policy, the user account will be resumed. An alert is sent to the defined administrator.',
  ],
  [
    'Batch Operations Report',
    'An administrator can upload a CSV file of multiple user accounts. An alert is sent to the defined administrator with a summary of the batch operation results.',
  ],
];

test('alerts, the activity report and a password reset by email', { timeout: 120_000 }, async (t) => {
  const { server } = env;
  const { context, page, step, snap, problems, spool } = await env.open(t);
  const visible = (locator) => locator.waitFor({ state: 'visible' });

  let call;
  await step('signed-in', async () => {
    call = await apiSession(context, server.baseUrl, server.email, server.password, ROOT_PASSWORD);
    await page.goto(server.baseUrl + '/sub-organizations');
    await visible(page.getByRole('heading', { name: 'Sub-Organizations' }));
  });

  await step('manage-alerts', async () => {
    await openMenuEntry(page, 'Setup', 'Manage Alerts');
    await visible(page.getByRole('heading', { name: 'Manage Alerts' }));
    const table = page.getByTestId('alerts-table');
    await visible(table.getByRole('row', { name: /Account Moved/i }));
    // Each alert's name and description, as the seed writes them, in its order.
    const rows = table.locator('tbody tr.ant-table-row');
    assert.equal(await rows.count(), SEED_ALERTS.length);
    for (const [i, [name, description]] of SEED_ALERTS.entries()) {
      const cells = rows.nth(i).locator('td');
      assert.equal((await cells.nth(1).innerText()).trim(), name);
      assert.equal((await cells.nth(2).innerText()).trim(), description);
    }
    // Off and on again.
    const toggle = table.getByRole('switch', { name: /Account Moved/i });
    assert.equal(await toggle.getAttribute('aria-checked'), 'true');
    await toggle.click();
    await visible(page.getByText(/turned off/));
    assert.equal(await toggle.getAttribute('aria-checked'), 'false');
  });

  await step('manage-alerts-in-spanish', async () => {
    const switchTo = async (language) => {
      await page.getByTestId('language-switcher').click();
      await page.locator('.ant-dropdown:not(.ant-dropdown-hidden)').getByRole('menuitem', { name: language }).click();
    };
    await switchTo('Español');
    await visible(page.getByRole('heading', { name: 'Gestionar alertas' }));
    const row = page.getByTestId('alerts-table').locator('tbody tr.ant-table-row').nth(10);
    assert.equal((await row.locator('td').nth(1).innerText()).trim(), 'Contraseña de administrador y de MultiLine cambiada');
    assert.equal(
      (await row.getByTestId('alert-description').innerText()).trim(),
      'Un administrador puede seleccionar a todos los administradores u otros destinatarios para recibir esta alerta cuando se cambia la contraseña de un usuario.',
    );
    await snap('alerts-es');
    await switchTo('English');
    await visible(page.getByRole('heading', { name: 'Manage Alerts' }));
  });

  await step('edit-alert', async () => {
    const table = page.getByTestId('alerts-table');
    await table.getByRole('radio', { name: /Account Moved/i }).check();
    await page.getByRole('button', { name: 'Edit Alert' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Alerts' });
    await visible(dialog);
    // Typed into the field itself: keys sent to the page before the field has the focus are lost.
    const recipients = dialog.getByTestId('alert-recipients');
    await recipients.locator('input').fill('noc@example.com');
    await recipients.locator('input').press('Enter');
    await visible(recipients.locator('.ant-select-selection-item').filter({ hasText: 'noc@example.com' }));
    await dialog.getByRole('checkbox', { name: 'Organization Administrator' }).uncheck();
    await snap('edit-alert-dialog');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = table.getByRole('row', { name: /Account Moved/i });
    await visible(row.getByText('noc@example.com'));
    assert.doesNotMatch(await row.innerText(), /Organization Administrator/);
  });

  await step('alerts-of-an-organization-without-administrators', async () => {
    // Issue 12, item 5: a sub-organization without administrators of its own: its alerts go to
    // the nearest ancestor's, and the page says who receives each one.
    const me = await call('GET', '/auth/me');
    const branch = await call('POST', `/orgs/${me.org.id}/children`, { name: 'Branch Without Admins' });
    await page.evaluate(([admin, org]) => localStorage.setItem(`lineport.org.${admin}`, org), [me.admin.id, branch.id]);
    await page.reload();
    await visible(page.getByRole('heading', { name: 'Manage Alerts' }));
    const row = page.getByTestId('alerts-table').getByRole('row', { name: /Account added/ });
    const effective = row.getByTestId('alert-effective');
    await visible(effective);
    const text = (await effective.innerText()).replace(/\s+/g, ' ');
    assert.ok(text.includes(`Received by: ${me.admin.email}`), text);
    assert.ok(text.includes(`The administrators of ${me.org.name}, as Branch Without Admins has none of its own.`), text);
    await snap('alerts-effective-recipients');
    await page.evaluate(([admin, org]) => localStorage.setItem(`lineport.org.${admin}`, org), [me.admin.id, me.org.id]);
    await page.reload();
    await visible(page.getByRole('heading', { name: 'Manage Alerts' }));
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
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: 'Write' })
      .click();
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

  await step('administrators-report', async () => {
    // An administrator who has not signed in yet, and a suspended one in a sub-organization.
    const me = await call('GET', '/auth/me');
    const branch = await call('POST', `/orgs/${me.org.id}/children`, { name: 'Branch North' });
    const invite = (orgId, email) =>
      call('POST', `/orgs/${orgId}/admins`, { first_name: 'Ivy', last_name: email.split('@')[0], email, role_id: me.admin.role_id });
    await invite(me.org.id, 'waiting@example.com');
    const suspended = await invite(branch.id, 'paused@example.com');
    await call('PATCH', `/admins/${suspended.id}`, { account_suspended: true });

    await openMenuEntry(page, 'Reports', 'Administrators Status');
    await visible(page.getByRole('heading', { name: 'Administrators Status' }));
    const table = page.getByTestId('admin-report-table');
    const row = (email) => table.getByRole('row').filter({ hasText: email });
    // The table empties while it reloads (a row can be gone before the new rows are there), so a
    // count is waited for, not read once.
    const rowCount = () => table.locator('tbody tr.ant-table-row').count();
    const expectRows = async (n) => {
      for (let waited = 0; (await rowCount()) !== n && waited < 10_000; waited += 100) await page.waitForTimeout(100);
      assert.equal(await rowCount(), n);
    };
    await visible(row('paused@example.com'));
    await expectRows(3);
    assert.match(
      await row('waiting@example.com').innerText(),
      /Ivy waiting[\s\S]*Invited, not signed in[\s\S]*Never[\s\S]*Enterprise Super Administrator/,
    );
    assert.match(await row(server.email).innerText(), /Active/);
    assert.doesNotMatch(await row(server.email).innerText(), /Never/);
    assert.match(await row('paused@example.com').innerText(), /Account suspended[\s\S]*Branch North/);
    // No date range: the report is how things are now.
    assert.equal(await page.getByTestId('admin-report-range').count(), 0);
    await snap('administrators-report');

    // Without the sub-organizations, Branch North's administrator is gone.
    await page.getByRole('switch', { name: 'Include sub-organizations' }).click();
    await row('paused@example.com').waitFor({ state: 'detached' });
    await expectRows(2);
    await page.getByRole('switch', { name: 'Include sub-organizations' }).click();
    await visible(row('paused@example.com'));

    // Only those who have not signed in since their invitation; the CSV has the same filter.
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
        hasText: 'Invited, not signed in',
      })
      .click();
    await row('paused@example.com').waitFor({ state: 'detached' });
    await visible(row('waiting@example.com'));
    await expectRows(1);
    const href = await page.getByTestId('admin-report-csv').getAttribute('href');
    assert.match(href, /format=csv/);
    assert.match(href, /status=invited/);
    const csv = await context.request.get(server.baseUrl + href);
    assert.equal(csv.status(), 200);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    assert.equal(lines[0], 'first_name,last_name,email,kind,organization,role,status,invited_at,last_sign_in_at');
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.match(
      lines[1],
      /^Ivy,waiting,waiting@example\.com,admin,.*,Enterprise Super Administrator,invited,\d{4}-\d\d-\d\dT[\d:]+Z,$/,
    );
  });

  await step('forgot-password', async () => {
    await page.getByTestId('profile-menu').click();
    await page.locator('.ant-dropdown-menu').getByRole('menuitem', { name: 'Logout' }).click();
    await page.waitForURL('**/sign-in');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.waitForURL('**/forgot-password');
    // The sign-in page, with its own Email field, stays on screen while this page's code loads.
    await visible(page.getByRole('heading', { name: 'Forgot password' }));
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
