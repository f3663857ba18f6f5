// Setup > Company Profile and the blocked destinations of Setup > Subscriptions, end to end: as
// the root's administrator, the profile edited through the page (a bad contact email refused on its
// field, an emptied field cleared), a real PNG logo uploaded and shown, a text file named .png
// refused with the server's reason, the logo removed; then prefixes blocked for a sub-organization
// (a malformed entry refused with what is allowed, the root's own prefix shown as blocked above);
// last, an administrator who may only view the profile sees it read-only.
//   npm run build && node --test e2e/company-profile.test.mjs     (LINEPORT_BIN, LINEPORT_ARTIFACTS optional)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiSession, openMenuEntry, opened, pngImage, scenario, secretLine, waitForMail } from './helpers.mjs';

const env = scenario('company-profile');
const ROOT_PASSWORD = 'Harbour-Lantern-2931';
const VIEWER_EMAIL = 'vera.viewer@example.com';
const VIEWER_PASSWORD = 'Quartz-Meadow-Signal-48';
const BRANCH = 'Lisbon Branch';
const LEGAL_NAME = 'Carrier Telecom, S.A.';
// Typed as it is, spaces and line break included: the page sends it unaltered.
const ADDRESS = '  Rua Augusta 12\n1100-048 Lisboa ';
const PHONE = '+351 21 000 0000';
const EMAIL = 'billing@carrier.example';

test('company profile and blocked destinations', { timeout: 240_000 }, async (t) => {
  const { server } = env;
  const { context, page, spool, step, snap, problems } = await env.open(t);
  const visible = (locator) => locator.waitFor({ state: 'visible' });
  /** The error shown under the form field labelled `label`. */
  const fieldError = (scope, label) =>
    scope
      .locator('.ant-form-item')
      .filter({ has: page.getByLabel(label, { exact: true }) })
      .locator('.ant-form-item-explain-error');
  const logoCard = page.getByTestId('company-logo');
  const logoImage = logoCard.getByTestId('company-logo-image');
  const logoInput = logoCard.locator('input[type="file"]');
  const logoPng = pngImage(120, 40, [200, 60, 30]);
  let call, rootId, rootAdminId, branchId;

  await step('signed-in', async () => {
    call = await apiSession(context, server.baseUrl, server.email, server.password, ROOT_PASSWORD);
    const me = await call('GET', '/auth/me');
    rootId = me.org.id;
    rootAdminId = me.admin.id;
    branchId = (await call('POST', `/orgs/${rootId}/children`, { name: BRANCH })).id;
    await page.goto(server.baseUrl + '/');
    await openMenuEntry(page, 'Setup', 'Company Profile');
    await visible(page.getByRole('heading', { name: 'Company Profile' }));
    // No legal name yet: invitations name the organization itself.
    assert.equal(await page.getByTestId('company-name-value').innerText(), 'Carrier');
    await visible(page.getByText("What invitations name as your users' company", { exact: false }));
    await visible(logoCard.getByText('No logo'));
  });

  await step('bad-email-refused-on-its-field', async () => {
    await page.getByLabel('Legal name').fill(LEGAL_NAME);
    await page.getByLabel('Address').fill(ADDRESS);
    await page.getByLabel('Phone').fill(PHONE);
    await page.getByLabel('Contact email').fill('billing at carrier');
    await page.getByRole('button', { name: 'Save' }).click();
    const error = fieldError(page, 'Contact email');
    await visible(error);
    assert.match(await error.innerText(), /email/i);
    // Nothing was saved: the change is refused as a whole.
    const held = await call('GET', `/orgs/${rootId}/company-profile`);
    assert.equal(held.legal_name, null);
    assert.equal(held.contact_email, null);
  });

  await step('profile-saved', async () => {
    await page.getByLabel('Contact email').fill(EMAIL);
    await page.getByRole('button', { name: 'Save' }).click();
    await visible(page.getByText('The company profile has been saved.'));
    const held = await call('GET', `/orgs/${rootId}/company-profile`);
    assert.equal(held.legal_name, LEGAL_NAME);
    assert.equal(held.address, ADDRESS, 'the address is kept as typed');
    assert.equal(held.phone, PHONE);
    assert.equal(held.contact_email, EMAIL);
    assert.equal(held.company_name, LEGAL_NAME);
    assert.equal(await page.getByTestId('company-name-value').innerText(), LEGAL_NAME);
    assert.equal(await fieldError(page, 'Contact email').count(), 0);
  });

  await step('emptied-field-cleared', async () => {
    await page.getByLabel('Phone').fill('');
    await page.getByRole('button', { name: 'Save' }).click();
    await visible(page.getByText('The company profile has been saved.').last());
    for (let waited = 0; (await call('GET', `/orgs/${rootId}/company-profile`)).phone !== null; waited += 100) {
      if (waited > 5_000) assert.fail('the phone was not cleared');
      await page.waitForTimeout(100);
    }
    const held = await call('GET', `/orgs/${rootId}/company-profile`);
    assert.equal(held.legal_name, LEGAL_NAME, 'the other fields stay');
    assert.equal(held.address, ADDRESS);
  });

  await step('logo-uploaded', async () => {
    await logoInput.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: logoPng });
    await visible(logoImage);
    await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await logoImage.elementHandle());
    assert.equal(await logoImage.evaluate((el) => el.naturalWidth), 120);
    const held = await call('GET', `/orgs/${rootId}/company-profile`);
    assert.equal(held.logo.media_type, 'image/png');
    assert.equal(held.logo.width, 120);
    assert.equal(held.logo.height, 40);
    assert.equal(await logoImage.getAttribute('src'), held.logo.url);
    const served = await context.request.get(server.baseUrl + held.logo.url);
    assert.equal(served.headers()['content-type'], 'image/png');
    assert.deepEqual(await served.body(), logoPng);
    await visible(logoCard.getByTestId('company-logo-info').filter({ hasText: 'PNG, 120 × 40 pixels' }));
  });

  await step('text-file-named-png-refused', async () => {
    const before = (await call('GET', `/orgs/${rootId}/company-profile`)).logo.url;
    await logoInput.setInputFiles({
      name: 'notes.png',
      mimeType: 'image/png',
      buffer: Buffer.from('just some text, not a picture\n'),
    });
    const refusal = logoCard.getByTestId('company-logo-problem');
    await visible(refusal);
    assert.match(await refusal.innerText(), /^The logo was not saved: \S/);
    await snap('logo-refused');
    const held = await call('GET', `/orgs/${rootId}/company-profile`);
    assert.equal(held.logo.url, before, 'the logo stays what it was');
    await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await logoImage.elementHandle());
  });

  await step('logo-removed', async () => {
    await logoCard.getByRole('button', { name: 'Remove logo' }).click();
    const confirm = page.locator('.ant-popover').filter({ hasText: 'Remove the logo?' });
    await opened(confirm);
    await confirm.getByRole('button', { name: 'Yes' }).click();
    await visible(logoCard.getByText('No logo'));
    assert.equal((await call('GET', `/orgs/${rootId}/company-profile`)).logo, null);
    const gone = await context.request.get(`${server.baseUrl}/api/v1/orgs/${rootId}/company-profile/logo`);
    assert.equal(gone.status(), 404);
  });

  await step('blocked-prefixes-of-a-sub-organization', async () => {
    // The root blocks one prefix for everyone below it.
    await call('PATCH', `/orgs/${rootId}/settings`, { call_filter_blocked_prefixes: ['+1900'] });
    await page.evaluate(([admin, org]) => localStorage.setItem(`lineport.org.${admin}`, org), [rootAdminId, branchId]);
    await page.goto(server.baseUrl + '/setup/subscriptions');
    await visible(page.getByRole('heading', { name: 'Subscriptions' }));
    const card = page.getByTestId('blocked-prefixes');
    await visible(card.getByText('Blocked destinations'));
    await visible(card.getByTestId('blocked-above').getByText('+1900', { exact: true }));
    await visible(card.getByText('cannot be removed here', { exact: false }));

    const input = card.getByLabel(`Blocked by ${BRANCH}`);
    await input.click();
    await page.keyboard.type('+44 20');
    await page.keyboard.press('Enter');
    const error = fieldError(card, `Blocked by ${BRANCH}`);
    await visible(error.filter({ hasText: 'Not a prefix: +44 20. Write + and 1 to 15 digits, such as +1900.' }));
    await card.getByRole('button', { name: 'Save' }).click();
    await snap('malformed-prefix-refused');
    // Refused in the page: nothing was sent.
    const untouched = await call('GET', `/orgs/${branchId}/settings`);
    assert.equal(untouched.call_filter_blocked_prefixes.own, false);
    assert.deepEqual(untouched.call_filter_blocked_prefixes.value, ['+1900']);

    // The wrong entry out, two good ones in.
    await card
      .locator('.ant-select-selection-item')
      .filter({ hasText: '+44 20' })
      .locator('.ant-select-selection-item-remove')
      .click();
    await input.click();
    for (const prefix of ['+4420', '+882']) {
      await page.keyboard.type(prefix);
      await page.keyboard.press('Enter');
    }
    await error.waitFor({ state: 'detached' });
    await card.getByRole('button', { name: 'Save' }).click();
    await visible(page.getByText(`The blocked destinations of ${BRANCH} have been saved.`));
    const settings = await call('GET', `/orgs/${branchId}/settings`);
    assert.equal(settings.call_filter_blocked_prefixes.own, true);
    assert.deepEqual([...settings.call_filter_blocked_prefixes.value].sort(), ['+1900', '+4420', '+882']);
    const filter = await call('GET', `/orgs/${branchId}/call-filter`);
    assert.deepEqual([...filter.org_blocked_prefixes].sort(), ['+1900', '+4420', '+882']);
    // The root's list is its own still.
    assert.deepEqual((await call('GET', `/orgs/${rootId}/settings`)).call_filter_blocked_prefixes.value, ['+1900']);
    // After a reload the page tells the two lists apart again.
    await page.reload();
    await visible(card.getByTestId('blocked-above').getByText('+1900', { exact: true }));
    const own = await card.locator('.ant-select-selection-item').allInnerTexts();
    assert.deepEqual([...own].sort(), ['+4420', '+882']);
  });

  await step('view-only-administrator', async () => {
    await call('PATCH', `/orgs/${rootId}/company-profile`, { phone: PHONE });
    const role = await call('POST', `/orgs/${rootId}/roles`, {
      name: 'Profile Viewer',
      privileges: ['setup.view.company_profile'],
    });
    await call('POST', `/orgs/${rootId}/admins`, { first_name: 'Vera', last_name: 'Viewer', email: VIEWER_EMAIL, role_id: role.id });
    const invitation = await waitForMail(spool, { to: VIEWER_EMAIL, event: 'admin_invitation' });
    // Signs the browser in as the viewer (the root's session is left behind).
    await apiSession(context, server.baseUrl, VIEWER_EMAIL, secretLine(invitation.body, 'Password'), VIEWER_PASSWORD);
    await page.goto(server.baseUrl + '/');
    // Company Profile is the only page the role opens.
    await page.waitForURL('**/setup/company-profile');
    await visible(page.getByRole('heading', { name: 'Company Profile' }));
    const view = page.getByTestId('company-profile-view');
    await visible(view);
    await visible(view.getByText(LEGAL_NAME));
    await visible(view.getByText(PHONE));
    await visible(view.getByText(EMAIL));
    await visible(page.getByText('Your role lets you see the company profile, not change it.'));
    assert.equal(await page.getByRole('button', { name: 'Save' }).count(), 0);
    assert.equal(await page.getByRole('textbox').count(), 0);
    assert.equal(await logoCard.getByRole('button', { name: /logo/ }).count(), 0);
    assert.equal(await logoInput.count(), 0);
    await visible(logoCard.getByText('No logo'));
  });

  assert.deepEqual(problems, []);
});
