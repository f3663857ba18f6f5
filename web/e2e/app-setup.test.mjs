// The Setup pages of the mobile app's areas end to end, as the root's administrator: Mobile
// Recording (call recording turned on and a retention saved, marked as set on the organization;
// in a sub-organization shown as inherited from the parent, set there and reset to the inherited
// value), SMS Opt-In (a lower-case keyword refused by the server under its field, nothing saved),
// Branding (the portal's product name and primary colour saved: the frame's name, the window title
// and the primary buttons' colour change), Application Version (an iOS policy saved, an invalid
// version refused on its field, the report counting the versions that activated users' apps sent
// in heartbeats, and listing the user below the minimum), In-App Messaging (a message sent to the
// organization, listed with 0 delivered and 0 read, withdrawn); last, an administrator who may
// only view these areas sees the values and no button to change them.
//   npm run build && node --test e2e/app-setup.test.mjs     (LINEPORT_BIN, LINEPORT_ARTIFACTS optional)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiSession, openMenuEntry, opened, scenario, secretLine, waitForMail } from './helpers.mjs';

const env = scenario('app-setup');
const ROOT_PASSWORD = 'Harbour-Lantern-2931';
const VIEWER_EMAIL = 'vera.viewer@example.com';
const VIEWER_PASSWORD = 'Copper-Window-Ledger-57';
const BRANCH = 'Branch North';
const BRAND = 'Acme Voice';
const BRAND_HEX = '#D4380D';
const BRAND_RGB = 'rgb(212, 56, 13)';
// Two users who activate the app: one runs 2.4.1 on iOS, the other 1.9.0 (below the minimum).
const USERS = [
  { login: 'ios.current@example.com', first_name: 'Ivy', last_name: 'Current', number: '+12125550140', version: '2.4.1' },
  { login: 'ios.old@example.com', first_name: 'Otto', last_name: 'Old', number: '+12125550141', version: '1.9.0' },
];

test('app setup pages', { timeout: 300_000 }, async (t) => {
  const { server } = env;
  const { context, page, spool, step, snap, problems } = await env.open(t);
  const visible = (locator) => locator.waitFor({ state: 'visible' });
  const formItem = (label) =>
    page.locator('.ant-form-item').filter({ has: page.locator('label', { hasText: new RegExp(`^${label}$`) }) });
  const fieldError = (label) => formItem(label).locator('.ant-form-item-explain-error');
  const source = (key) => page.getByTestId(`${key}-source`);
  /** The answer of the portal's next `method` request to an API path ending with `suffix`. */
  const answer = (method, suffix) =>
    page.waitForResponse((r) => r.request().method() === method && new URL(r.url()).pathname.endsWith(suffix));
  const settingsOf = async (orgId) => call('GET', `/orgs/${orgId}/settings`);
  const primaryBackground = (locator) => locator.evaluate((el) => getComputedStyle(el).backgroundColor);

  let call, rootId, branchId, adminId;

  await step('signed-in', async () => {
    call = await apiSession(context, server.baseUrl, server.email, server.password, ROOT_PASSWORD);
    const me = await call('GET', '/auth/me');
    rootId = me.org.id;
    adminId = me.admin.id;
    branchId = (await call('POST', `/orgs/${rootId}/children`, { name: BRANCH })).id;
    await page.goto(server.baseUrl + '/');
    await openMenuEntry(page, 'Setup', 'Mobile Recording');
    await visible(page.getByRole('heading', { name: 'Mobile Recording' }));
    await visible(source('call_recording_enabled').getByText('Not set on any organization: the default applies.'));
    assert.equal(await page.getByRole('switch', { name: 'Call recording' }).isChecked(), false);
    await page.waitForFunction(() => document.querySelector('#recording_recording_retention_days')?.value === '2557');
  });

  await step('recording-saved-own', async () => {
    await page.getByRole('switch', { name: 'Call recording' }).click();
    await page.getByLabel('Retention (days)').fill('365');
    const saved = answer('PATCH', `/orgs/${rootId}/settings`);
    await page.getByTestId('recording-save').click();
    const response = await saved;
    assert.equal(response.status(), 200);
    // Only the two changed settings are sent.
    assert.deepEqual(response.request().postDataJSON(), { call_recording_enabled: true, recording_retention_days: 365 });
    await visible(page.getByText('Mobile recording settings saved.'));
    await visible(source('call_recording_enabled').getByText('Set on Carrier.'));
    await visible(source('recording_retention_days').getByText('Set on Carrier.'));
    await visible(source('message_logging_enabled').getByText('Not set on any organization: the default applies.'));
    const settings = await settingsOf(rootId);
    assert.equal(settings.call_recording_enabled.value, true);
    assert.equal(settings.recording_retention_days.value, 365);
    // The root has no parent to inherit from.
    assert.equal(await page.getByTestId('recording_retention_days-inherit').count(), 0);
  });

  await step('recording-inherited-in-sub-organization', async () => {
    await page.evaluate(([key, id]) => localStorage.setItem(key, id), [`lineport.org.${adminId}`, branchId]);
    await page.reload();
    await page.waitForFunction(
      (name) => document.querySelector('[data-testid="org-picker-button"]')?.innerText.trim() === name,
      BRANCH,
    );
    await visible(page.getByRole('heading', { name: 'Mobile Recording' }));
    await visible(source('call_recording_enabled').getByText('Inherited from Carrier.'));
    await visible(source('recording_retention_days').getByText('Inherited from Carrier.'));
    assert.equal(await page.getByRole('switch', { name: 'Call recording' }).isChecked(), true);
    await page.waitForFunction(() => document.querySelector('#recording_recording_retention_days')?.value === '365');
    // Set on the branch...
    await page.getByLabel('Retention (days)').fill('30');
    const saved = answer('PATCH', `/orgs/${branchId}/settings`);
    await page.getByTestId('recording-save').click();
    assert.deepEqual((await saved).request().postDataJSON(), { recording_retention_days: 30 });
    await visible(source('recording_retention_days').getByText(`Set on ${BRANCH}.`));
    await snap('branch-own-value');
    // ...and reset to the inherited value.
    await page.getByTestId('recording_retention_days-inherit').click();
    const confirm = page.locator('.ant-popconfirm').filter({ hasText: 'Remove the value set here' });
    await opened(confirm);
    const reset = answer('PATCH', `/orgs/${branchId}/settings`);
    await confirm.getByRole('button', { name: 'Yes' }).click();
    assert.deepEqual((await reset).request().postDataJSON(), { recording_retention_days: null });
    await visible(source('recording_retention_days').getByText('Inherited from Carrier.'));
    await page.waitForFunction(() => document.querySelector('#recording_recording_retention_days')?.value === '365');
    const settings = await settingsOf(branchId);
    assert.equal(settings.recording_retention_days.value, 365);
    assert.equal(settings.recording_retention_days.own, false);
    // Back to the root.
    await page.getByTestId('org-path').getByText('Carrier', { exact: true }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="org-picker-button"]')?.innerText.trim() === 'Carrier');
  });

  await step('sms-keyword-refused', async () => {
    await openMenuEntry(page, 'Setup', 'SMS Opt-In');
    await visible(page.getByRole('heading', { name: 'SMS Opt-In' }));
    await page.waitForFunction(() => document.querySelector('#smsOptIn_sms_opt_in_keyword')?.value === 'START');
    await page.getByLabel('Keyword').fill('join');
    const refused = answer('PATCH', `/orgs/${rootId}/settings`);
    await page.getByTestId('smsOptIn-save').click();
    const response = await refused;
    assert.equal(response.status(), 422);
    const problem = await response.json();
    const error = problem.errors.find((e) => e.field === 'sms_opt_in_keyword');
    assert.ok(error, `a field error on sms_opt_in_keyword: ${JSON.stringify(problem)}`);
    await visible(fieldError('Keyword').getByText(error.message, { exact: true }));
    const settings = await settingsOf(rootId);
    assert.equal(settings.sms_opt_in_keyword.value, 'START');
    assert.equal(settings.sms_opt_in_keyword.own, false);
  });

  await step('branding-applied', async () => {
    await openMenuEntry(page, 'Setup', 'Branding');
    await visible(page.getByRole('heading', { name: 'Branding' }));
    assert.equal((await page.getByTestId('product-name').innerText()).trim(), 'Lineport');
    assert.equal(await page.title(), 'Lineport');
    const save = page.getByTestId('branding-save');
    await page.mouse.move(0, 0);
    assert.equal(await primaryBackground(save), 'rgb(22, 119, 255)');
    await page.getByLabel('Portal product name').fill(BRAND);
    // The colour through the picker's hex input.
    await formItem('Portal primary colour').locator('.ant-color-picker-trigger').click();
    const panel = page.locator('.ant-color-picker:not(.ant-popover-hidden)');
    await visible(panel);
    const hexInput = panel.locator('.ant-color-picker-hex-input input');
    await hexInput.fill(BRAND_HEX.slice(1));
    await hexInput.press('Enter');
    await page.keyboard.press('Escape');
    await visible(page.getByTestId('branding-preview-portal').getByText(BRAND));
    const saved = answer('PATCH', `/orgs/${rootId}/settings`);
    await save.click();
    const response = await saved;
    assert.equal(response.status(), 200, await response.text());
    assert.deepEqual(response.request().postDataJSON(), { portal_product_name: BRAND, portal_primary_color: BRAND_HEX });
    await visible(page.getByText('Branding saved.'));
    await page.waitForFunction((name) => document.querySelector('[data-testid="product-name"]')?.innerText.trim() === name, BRAND);
    assert.equal(await page.title(), BRAND);
    await page.mouse.move(0, 0);
    await page.waitForFunction(
      (rgb) => getComputedStyle(document.querySelector('[data-testid="branding-save"]')).backgroundColor === rgb,
      BRAND_RGB,
    );
    await visible(source('portal_primary_color').getByText('Set on Carrier.'));
    // After a reload too: the portal reads its branding at sign-in.
    await page.reload();
    await page.waitForFunction((name) => document.querySelector('[data-testid="product-name"]')?.innerText.trim() === name, BRAND);
    await visible(page.getByTestId('branding-save'));
    await page.mouse.move(0, 0);
    await page.waitForFunction(
      (rgb) => getComputedStyle(document.querySelector('[data-testid="branding-save"]')).backgroundColor === rgb,
      BRAND_RGB,
    );
  });

  await step('application-version-policy', async () => {
    await openMenuEntry(page, 'Setup', 'Application Version');
    await visible(page.getByRole('heading', { name: 'Application Version' }));
    const ios = page.getByTestId('policy-ios');
    await visible(ios.getByText('No version policy: the app never asks its users to update.'));
    await visible(page.getByTestId('app-versions-table').getByText('No app has reported its version yet.'));
    await ios.getByLabel('Latest version').fill('2.4.1');
    await ios.getByLabel('Minimum version').fill('2.0');
    await ios.getByLabel('Store address').fill('https://apps.apple.com/app/id000000001');
    await ios.getByLabel('Release notes').fill('Faster start.');
    const refused = answer('PATCH', `/orgs/${rootId}/settings`);
    await page.getByTestId('policy-ios-save').click();
    const response = await refused;
    assert.equal(response.status(), 422);
    const problem = await response.json();
    const error = problem.errors.find((e) => e.field === 'app_version_ios.minimum_version');
    assert.ok(error, `a field error on app_version_ios.minimum_version: ${JSON.stringify(problem)}`);
    await visible(
      ios
        .locator('.ant-form-item')
        .filter({ has: page.locator('label', { hasText: /^Minimum version$/ }) })
        .locator('.ant-form-item-explain-error')
        .getByText(error.message, { exact: true }),
    );
    assert.equal((await settingsOf(rootId)).app_version_ios.value, null);
    await ios.getByLabel('Minimum version').fill('2.0.0');
    const saved = answer('PATCH', `/orgs/${rootId}/settings`);
    await page.getByTestId('policy-ios-save').click();
    assert.equal((await saved).status(), 200);
    await visible(page.getByText('iOS version policy saved.'));
    await visible(source('app_version_ios').getByText('Set on Carrier.'));
    assert.deepEqual((await settingsOf(rootId)).app_version_ios.value, {
      latest_version: '2.4.1',
      minimum_version: '2.0.0',
      release_notes: 'Faster start.',
      store_url: 'https://apps.apple.com/app/id000000001',
    });
  });

  await step('application-version-report', async () => {
    // Two users activate the app and report their versions.
    await call('POST', `/orgs/${rootId}/numbers`, { numbers: USERS.map((u) => u.number) });
    for (const [i, u] of USERS.entries()) {
      await call('POST', `/orgs/${rootId}/accounts`, {
        login: u.login,
        first_name: u.first_name,
        last_name: u.last_name,
        multiline_number: u.number,
        invite: true,
      });
      const mail = await waitForMail(spool, { to: u.login, event: 'account_invitation' });
      const activated = await context.request.post(`${server.baseUrl}/api/v1/activation`, {
        data: { login: u.login, activation_code: secretLine(mail.body, 'Activation code'), device_number: `+44791100000${i}` },
      });
      assert.equal(activated.status(), 200, await activated.text());
      const { device_token: token } = await activated.json();
      const beat = await context.request.post(`${server.baseUrl}/api/v1/app/heartbeat`, {
        headers: { Authorization: `Bearer ${token}` },
        data: { platform: 'ios', app_version: u.version, os_version: '17.4.1' },
      });
      assert.ok(beat.ok(), `heartbeat: ${beat.status()} ${await beat.text()}`);
    }
    await page.getByRole('button', { name: 'Refresh' }).click();
    const versions = page.getByTestId('app-versions-table');
    for (const u of USERS) {
      await visible(versions.locator('tr.ant-table-row').filter({ hasText: u.version }).filter({ hasText: 'iOS' }));
    }
    const below = page.getByTestId('app-versions-below');
    const old = below.locator('tr.ant-table-row').filter({ hasText: USERS[1].login });
    await visible(old);
    assert.match(await old.innerText(), /1\.9\.0[\s\S]*2\.0\.0/);
    assert.equal(await below.locator('tr.ant-table-row').count(), 1);
    // The CSV link.
    const csvHref = await page.getByTestId('app-versions-csv').getAttribute('href');
    assert.equal(csvHref, `/api/v1/orgs/${rootId}/app-versions?format=csv`);
    const csv = await context.request.get(server.baseUrl + csvHref);
    assert.equal(csv.status(), 200);
    assert.match(await csv.text(), new RegExp(USERS[1].login.replace(/\./g, '\\.')));
  });

  let messageId;
  await step('in-app-message-sent', async () => {
    await openMenuEntry(page, 'Setup', 'In-App Messaging');
    await visible(page.getByRole('heading', { name: 'In-App Messaging' }));
    await visible(page.getByText('No in-app messages have been sent from this organization.'));
    await page.getByRole('button', { name: 'New message' }).click();
    const modal = page.locator('.ant-modal').filter({ has: page.locator('.ant-modal-title', { hasText: 'New in-app message' }) });
    await opened(modal);
    const text = 'Maintenance tonight\nfrom 22:00 to 23:00.';
    await modal.getByLabel('Message').fill(text);
    await visible(modal.getByText(`${text.length} / 500`));
    const sent = answer('POST', `/orgs/${rootId}/in-app-messages`);
    await modal.getByRole('button', { name: 'Send' }).click();
    const response = await sent;
    assert.equal(response.status(), 201, await response.text());
    const body = response.request().postDataJSON();
    assert.equal(body.text, text);
    assert.equal(body.include_suborgs, true);
    assert.ok(Date.parse(body.expires_at) > Date.now() + 6 * 86_400_000, 'shown for a week by default');
    messageId = (await response.json()).id;
    await modal.waitFor({ state: 'hidden' });
    await visible(page.getByText('The message has been sent.'));
    const row = page.getByTestId('in-app-table').locator(`tr.ant-table-row[data-row-key="${messageId}"]`);
    await visible(row);
    assert.equal((await row.getByTestId('in-app-status').innerText()).trim(), 'Showing');
    assert.equal((await row.getByTestId('in-app-delivered').innerText()).trim(), '0');
    assert.equal((await row.getByTestId('in-app-read').innerText()).trim(), '0');
    await visible(row.getByText('This organization and its sub-organizations'));
  });

  await step('in-app-message-withdrawn', async () => {
    const row = page.getByTestId('in-app-table').locator(`tr.ant-table-row[data-row-key="${messageId}"]`);
    await row.getByRole('button', { name: 'Withdraw' }).click();
    const confirm = page.locator('.ant-popconfirm').filter({ hasText: 'Withdraw this message?' });
    await opened(confirm);
    const withdrawn = answer('DELETE', `/in-app-messages/${messageId}`);
    await confirm.getByRole('button', { name: 'Yes' }).click();
    assert.equal((await withdrawn).status(), 204);
    await visible(page.getByText('The message has been withdrawn.'));
    await row.waitFor({ state: 'detached' });
    assert.deepEqual((await call('GET', `/orgs/${rootId}/in-app-messages`)).items, []);
  });

  await step('view-only-administrator', async () => {
    const areas = ['recording', 'messages', 'sms_opt_in', 'branding', 'application_version', 'in_app_messaging'];
    const role = await call('POST', `/orgs/${rootId}/roles`, {
      name: 'App Setup Viewer',
      privileges: areas.map((a) => `setup.view.${a}`),
    });
    await call('POST', `/orgs/${rootId}/admins`, { first_name: 'Vera', last_name: 'Viewer', email: VIEWER_EMAIL, role_id: role.id });
    const invitation = await waitForMail(spool, { to: VIEWER_EMAIL, event: 'admin_invitation' });
    const viewer = await apiSession(context, server.baseUrl, VIEWER_EMAIL, secretLine(invitation.body, 'Password'), VIEWER_PASSWORD);
    await page.goto(server.baseUrl + '/');
    // The viewer's home organization is the root: its branding.
    await page.waitForFunction((name) => document.querySelector('[data-testid="product-name"]')?.innerText.trim() === name, BRAND);
    await openMenuEntry(page, 'Setup', 'Mobile Recording');
    await visible(page.getByRole('heading', { name: 'Mobile Recording' }));
    await visible(page.getByText('Your role lets you see this setting, not change it.'));
    assert.equal(await page.getByRole('switch', { name: 'Call recording' }).isChecked(), true);
    assert.equal(await page.getByRole('switch', { name: 'Call recording' }).isDisabled(), true);
    await page.waitForFunction(() => document.querySelector('#recording_recording_retention_days')?.value === '365');
    await visible(source('recording_retention_days').getByText('Set on Carrier.'));
    assert.equal(await page.getByTestId('recording-save').count(), 0);
    await snap('viewer-recording');
    await openMenuEntry(page, 'Setup', 'Messages');
    await visible(page.getByRole('heading', { name: 'Messages' }));
    await visible(source('max_attachment_mb').getByText('Not set on any organization: the default applies.'));
    await page.waitForFunction(() => document.querySelector('#messages_max_attachment_mb')?.value === '10');
    assert.equal(await page.getByRole('switch', { name: 'Message synchronization' }).isChecked(), true);
    assert.equal(await page.getByTestId('messages-save').count(), 0);
    await openMenuEntry(page, 'Setup', 'Branding');
    await visible(page.getByRole('heading', { name: 'Branding' }));
    await page.waitForFunction((name) => document.querySelector('#branding_portal_product_name')?.value === name, BRAND);
    assert.equal(await page.getByTestId('branding-save').count(), 0);
    await openMenuEntry(page, 'Setup', 'Application Version');
    await visible(page.getByRole('heading', { name: 'Application Version' }));
    await page.waitForFunction(() => document.querySelector('#policy_ios_app_version_ios_latest_version')?.value === '2.4.1');
    assert.equal(await page.getByTestId('policy-ios-save').count(), 0);
    assert.equal(await page.getByTestId('policy-ios-remove').count(), 0);
    await openMenuEntry(page, 'Setup', 'In-App Messaging');
    await visible(page.getByRole('heading', { name: 'In-App Messaging' }));
    await visible(page.getByText('Your role lets you see the messages, not send or withdraw them.'));
    assert.equal(await page.getByRole('button', { name: 'New message' }).count(), 0);
    // The server refuses the viewer's changes too.
    await assert.rejects(viewer('PATCH', `/orgs/${rootId}/settings`, { call_recording_enabled: false }), / 403 /);
  });

  assert.deepEqual(problems, []);
});
