// Two factor authentication end to end: the super admin enables it on the root organization,
// signs out, and signs in again with the PIN that arrives by email.
//   npm run build && node --test e2e/        (LINEPORT_BIN, LINEPORT_ARTIFACTS optional)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { apiSession, openMenuEntry, scenario, secretLine, waitForMail } from './helpers.mjs';

const env = scenario('two-factor');
const ROOT_PASSWORD = 'Harbour-Lantern-2931';

test('with two factor authentication on, signing in takes the emailed PIN', { timeout: 120_000 }, async (t) => {
  const { server } = env;
  const { context, page, step, snap, problems, spool } = await env.open(t);
  const visible = (locator) => locator.waitFor({ state: 'visible' });

  await step('signed-in', async () => {
    await apiSession(context, server.baseUrl, server.email, server.password, ROOT_PASSWORD);
    await page.goto(server.baseUrl + '/sub-organizations');
    await visible(page.getByRole('heading', { name: 'Sub-Organizations' }));
  });

  await step('enable-two-factor', async () => {
    await openMenuEntry(page, 'Setup', 'Two Factor Authentication');
    await visible(page.getByRole('heading', { name: 'Two Factor Authentication' }));
    const box = page.getByRole('checkbox', { name: 'Enable Two Factor Authentication' });
    assert.equal(await box.isChecked(), false);
    await box.click();
    const confirm = page.getByRole('dialog').filter({ hasText: 'Enable two factor authentication for Carrier' });
    await visible(confirm);
    await snap('confirm-dialog');
    await confirm.getByRole('button', { name: 'Yes' }).click();
    await visible(page.getByTestId('two-factor-source').getByText('Set on Carrier.'));
    assert.equal(await box.isChecked(), true);
  });

  await step('sign-out', async () => {
    await page.getByTestId('profile-menu').click();
    await page.locator('.ant-dropdown-menu').getByRole('menuitem', { name: 'Logout' }).click();
    await page.waitForURL('**/sign-in');
  });

  const seen = new Set(fs.existsSync(spool) ? fs.readdirSync(spool) : []);
  await step('password-then-continue', async () => {
    await page.getByLabel('Email').fill(server.email);
    await page.getByLabel('Password').fill(ROOT_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await visible(page.getByRole('heading', { name: 'Two Factor Authentication' }));
    await snap('continue-screen');
    await page.getByRole('button', { name: 'Continue' }).click();
    await visible(page.getByLabel('PIN'));
  });

  await step('enter-pin', async () => {
    const mail = await waitForMail(spool, { to: server.email, event: 'two_factor_pin', seen });
    const pin = secretLine(mail.body, 'PIN');
    assert.match(pin, /^\d{6}$/);
    // A wrong PIN first: the form says so and keeps the challenge.
    await page.getByLabel('PIN').fill(pin === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Continue' }).click();
    await visible(page.getByText(/This PIN is not correct/));
    await snap('wrong-pin');
    await page.getByLabel('PIN').fill(pin);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await visible(page.getByRole('heading', { name: 'Dashboard' }));
  });

  assert.deepEqual(problems, []);
});
