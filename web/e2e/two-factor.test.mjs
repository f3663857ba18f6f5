// Two factor authentication end to end: the super admin enables it on the root organization,
// signs out, and signs in again with the PIN that arrives by email.
//   npm run build && node --test e2e/        (LINEPORT_BIN, LINEPORT_ARTIFACTS optional)
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { test } from 'node:test';
import { apiSession, openMenuEntry, scenario, secretLine, waitForMail } from './helpers.mjs';

const env = scenario('two-factor');
const ROOT_PASSWORD = 'Harbour-Lantern-2931';

/** The RFC 6238 code (SHA-1, 6 digits, 30 s) of a base32 `secret`, `steps` periods from now. */
function totp(secret, steps = 0) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30_000) + steps));
  const mac = crypto.createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

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

  // The admin sets up an authenticator app (through the API): the sign-in page then offers its
  // code, and a recovery code.
  let recoveryCodes;
  let secret;
  await step('authenticator-app', async () => {
    const { csrf_token: csrf } = await (await context.request.get(`${server.baseUrl}/api/v1/auth/me`)).json();
    const post = async (apiPath, data) => {
      const response = await context.request.post(`${server.baseUrl}/api/v1${apiPath}`, { data, headers: { 'X-CSRF-Token': csrf } });
      assert.ok(response.ok(), `${apiPath}: ${response.status()} ${await response.text()}`);
      return response.json();
    };
    ({ secret } = await post('/auth/totp/enroll', {}));
    ({ recovery_codes: recoveryCodes } = await post('/auth/totp/confirm', { code: totp(secret) }));
    assert.ok(recoveryCodes.length > 0);
    await page.getByTestId('profile-menu').click();
    await page.locator('.ant-dropdown-menu').getByRole('menuitem', { name: 'Logout' }).click();
    await page.waitForURL('**/sign-in');
  });

  await step('app-code-then-recovery-code', async () => {
    await page.getByLabel('Email').fill(server.email);
    await page.getByLabel('Password').fill(ROOT_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await visible(page.getByRole('heading', { name: 'Two Factor Authentication' }));
    await page.getByRole('button', { name: 'Use my authenticator app' }).click();
    const appCode = page.getByLabel('Authenticator code');
    await visible(appCode);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'pin');
    assert.match(await appCode.getAttribute('autocomplete'), /one-time-code/);
    // Six digits, checked before anything is sent.
    await appCode.fill('12345');
    await page.getByRole('button', { name: 'Continue' }).click();
    await visible(page.getByText('Enter the 6 digits of the PIN.'));
    assert.equal(await appCode.getAttribute('aria-invalid'), 'true');
    // A wrong code: said under the field, with the attempts left.
    const valid = new Set([-1, 0, 1].map((steps) => totp(secret, steps)));
    let wrong = '000000';
    while (valid.has(wrong)) wrong = String(Number(wrong) + 1).padStart(6, '0');
    await appCode.fill(wrong);
    await appCode.press('Enter');
    await visible(page.getByText(/This code is not correct\. Attempts left: \d+\./));
    await snap('wrong-app-code');
    // A recovery code instead: a field of its own, required.
    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    const recovery = page.getByLabel('Recovery code');
    await visible(recovery);
    assert.equal(await recovery.inputValue(), '');
    await page.getByRole('button', { name: 'Continue' }).click();
    await visible(page.getByText('Enter a recovery code.'));
    await recovery.fill(recoveryCodes[0]);
    await snap('recovery-code');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await visible(page.getByRole('heading', { name: 'Dashboard' }));
  });

  assert.deepEqual(problems, []);
});
