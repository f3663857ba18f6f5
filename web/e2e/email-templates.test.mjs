// Setup > Email Templates, end to end, as the root's administrator: the Spanish password reset
// email changed in the page, its preview rendered by the server with example values, saved (set
// here); a text without {{reset_link}} refused on its field with nothing saved; the template
// inherited by a sub-organization; reset to default (the built-in text back); last, an
// administrator who may only view the templates sees them read-only.
//   npm run build && node --test e2e/email-templates.test.mjs     (LINEPORT_BIN, LINEPORT_ARTIFACTS optional)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiSession, openMenuEntry, opened, scenario, secretLine, waitForMail } from './helpers.mjs';

const env = scenario('email-templates');
const ROOT_PASSWORD = 'Harbour-Lantern-2931';
const VIEWER_EMAIL = 'tess.templates@example.com';
const VIEWER_PASSWORD = 'Copper-Window-Ledger-57';
const BRANCH = 'Branch South';
const CHANGED_TEXT = 'Hola {{first_name}}:\n\nEnlace nuevo (E2E): {{reset_link}}\n\nEquipo de Lineport';

test('email templates', { timeout: 240_000 }, async (t) => {
  const { server } = env;
  const { context, page, spool, step, snap, problems } = await env.open(t);
  const visible = (locator) => locator.waitFor({ state: 'visible' });
  const source = page.getByTestId('template-source');
  const text = page.getByLabel('Text version');
  // The message picker, clicked where a user clicks it (its search box lies under the chosen name).
  const picker = page.getByTestId('template-message').locator('.ant-select-selector');
  const fieldError = (label) =>
    page
      .locator('.ant-form-item')
      .filter({ has: page.getByLabel(label, { exact: true }) })
      .locator('.ant-form-item-explain-error');
  /** Chooses an email by its name in the message picker, and a language. */
  const choose = async (name, language) => {
    await picker.click();
    const option = page.locator(`.ant-select-dropdown .ant-select-item-option[title="${name}"]`);
    await visible(option);
    await option.click();
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'detached' });
    await page.getByTestId('template-language').getByText(language, { exact: true }).click();
  };
  /** Opens the page on organization `orgId` (the organization picker is covered by the shell test). */
  const openOn = async (orgId) => {
    const me = await (await context.request.get(`${server.baseUrl}/api/v1/auth/me`)).json();
    await page.evaluate(([admin, org]) => localStorage.setItem(`lineport.org.${admin}`, org), [me.admin.id, orgId]);
    await page.goto(server.baseUrl + '/setup/email-templates');
    await visible(page.getByRole('heading', { name: 'Email Templates' }));
  };
  let call, rootId, branchId, builtIn;
  const held = async (orgId) =>
    (await call('GET', `/orgs/${orgId}/email-templates`)).items.find((i) => i.message === 'password_reset' && i.language === 'es');

  await step('signed-in', async () => {
    call = await apiSession(context, server.baseUrl, server.email, server.password, ROOT_PASSWORD);
    rootId = (await call('GET', '/auth/me')).org.id;
    branchId = (await call('POST', `/orgs/${rootId}/children`, { name: BRANCH })).id;
    builtIn = await held(rootId);
    assert.equal(builtIn.own, false);
    assert.match(builtIn.text, /\{\{reset_link\}\}/);
    await page.goto(server.baseUrl + '/');
    await openMenuEntry(page, 'Setup', 'Email Templates');
    await visible(page.getByRole('heading', { name: 'Email Templates' }));
    // The first email shows at once: the administrator invitation, in English.
    await visible(page.getByRole('combobox', { name: 'Email', exact: true }));
    await visible(page.getByTestId('template-message').getByText('Administrator invitation'));
    await visible(source.getByText('The built-in template applies.'));
  });

  await step('spanish-password-reset-chosen', async () => {
    await choose('Password reset', 'Español');
    await visible(source.getByText('The built-in template applies.'));
    await page.waitForFunction(([el, want]) => el.value === want, [await text.elementHandle(), builtIn.text]);
    assert.equal(await page.getByLabel('Subject').inputValue(), builtIn.subject);
    // The placeholders the email may use, {{reset_link}} marked as required.
    const placeholders = page.getByTestId('template-placeholders');
    for (const name of builtIn.placeholders) await visible(placeholders.getByText(`{{${name}}}`, { exact: true }));
    const marked = placeholders.locator('span', { has: page.getByTestId('placeholder-required') });
    assert.deepEqual(
      (await marked.allInnerTexts()).map((m) => m.replace(/\s/g, '')),
      builtIn.required_placeholders.map((p) => `{{${p}}}*`),
    );
    assert.equal(await page.getByRole('button', { name: 'Reset to default' }).count(), 0, 'nothing of its own to drop');
  });

  await step('preview-of-the-changed-text', async () => {
    await text.fill(CHANGED_TEXT);
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByTestId('template-preview');
    await visible(preview);
    const rendered = await preview.locator('pre').innerText();
    // The changed text, its placeholders filled in with example values.
    assert.match(rendered, /^Hola \S[^\n]*:\n\nEnlace nuevo \(E2E\): \S+\n\nEquipo de Lineport\s*$/);
    assert.doesNotMatch(rendered, /\{\{|\}\}/);
    await visible(preview.getByText(builtIn.subject, { exact: false }));
    // Only previewed: nothing saved yet.
    assert.equal((await held(rootId)).own, false);
  });

  await step('saved-set-here', async () => {
    await page.getByRole('button', { name: 'Save' }).click();
    await visible(page.getByText('Email template saved.'));
    await visible(source.getByText('Set on Carrier.'));
    await visible(page.getByRole('button', { name: 'Reset to default' }));
    assert.equal(await text.inputValue(), CHANGED_TEXT);
    const saved = await held(rootId);
    assert.equal(saved.own, true);
    assert.equal(saved.text, CHANGED_TEXT);
    assert.equal(saved.subject, builtIn.subject);
    // The picker tells which emails are set here, in the language chosen.
    await picker.click();
    const option = page.locator('.ant-select-dropdown .ant-select-item-option[title="Password reset"]');
    await visible(option.getByText('Set here'));
    assert.equal(
      await page
        .locator('.ant-select-dropdown .ant-select-item-option[title="Password reset blocked"]')
        .getByText('Set here')
        .count(),
      0,
    );
    await snap('picker-set-here');
    await page.keyboard.press('Escape');
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'detached' });
  });

  await step('missing-reset-link-refused', async () => {
    const broken = 'Hola {{first_name}}: ya no hay enlace.';
    await text.fill(broken);
    await page.getByRole('button', { name: 'Save' }).click();
    const error = fieldError('Text version');
    await visible(error);
    assert.match(await error.innerText(), /\{\{reset_link\}\}/);
    // Nothing saved: the template stays what it was, and the page still says so.
    const kept = await held(rootId);
    assert.equal(kept.own, true);
    assert.equal(kept.text, CHANGED_TEXT);
    await visible(source.getByText('Set on Carrier.'));
    assert.equal(await text.inputValue(), broken, 'what was typed stays to be corrected');
  });

  await step('inherited-by-a-sub-organization', async () => {
    await openOn(branchId);
    await choose('Password reset', 'Español');
    await visible(source.getByText('Inherited from Carrier.'));
    await page.waitForFunction(([el, want]) => el.value === want, [await text.elementHandle(), CHANGED_TEXT]);
    assert.equal(await page.getByRole('button', { name: 'Reset to default' }).count(), 0, 'not its own');
    // Another language is not changed.
    await page.getByTestId('template-language').getByText('English', { exact: true }).click();
    await visible(source.getByText('The built-in template applies.'));
    assert.doesNotMatch(await text.inputValue(), /E2E/);
  });

  await step('reset-to-default', async () => {
    await openOn(rootId);
    await choose('Password reset', 'Español');
    await visible(source.getByText('Set on Carrier.'));
    await page.getByRole('button', { name: 'Reset to default' }).click();
    const confirm = page.locator('.ant-popconfirm');
    await opened(confirm);
    await confirm.getByRole('button', { name: 'Yes' }).click();
    await visible(page.getByText('The default template applies again.'));
    await visible(source.getByText('The built-in template applies.'));
    await page.waitForFunction(([el, want]) => el.value === want, [await text.elementHandle(), builtIn.text]);
    assert.equal(await page.getByRole('button', { name: 'Reset to default' }).count(), 0);
    const back = await held(rootId);
    assert.equal(back.own, false);
    assert.equal(back.text, builtIn.text);
    assert.equal((await held(branchId)).text, builtIn.text, 'the sub-organization has the built-in one again');
  });

  await step('view-only-administrator', async () => {
    const role = await call('POST', `/orgs/${rootId}/roles`, {
      name: 'Template Viewer',
      privileges: ['setup.view.invitation_templates'],
    });
    await call('POST', `/orgs/${rootId}/admins`, {
      first_name: 'Tess',
      last_name: 'Templates',
      email: VIEWER_EMAIL,
      role_id: role.id,
    });
    const invitation = await waitForMail(spool, { to: VIEWER_EMAIL, event: 'admin_invitation' });
    // Signs the browser in as the viewer (the root's session is left behind).
    await apiSession(context, server.baseUrl, VIEWER_EMAIL, secretLine(invitation.body, 'Password'), VIEWER_PASSWORD);
    await page.goto(server.baseUrl + '/');
    await openMenuEntry(page, 'Setup', 'Email Templates');
    await visible(page.getByRole('heading', { name: 'Email Templates' }));
    await choose('Password reset', 'Español');
    await visible(source.getByText('The built-in template applies.'));
    assert.equal(await text.isDisabled(), true);
    assert.equal(await page.getByLabel('Subject').isDisabled(), true);
    assert.equal(await page.getByRole('button', { name: 'Save' }).count(), 0);
    // Previewing changes nothing: it stays open to a viewer.
    await page.getByRole('button', { name: 'Preview' }).click();
    await visible(page.getByTestId('template-preview'));
    assert.doesNotMatch(await page.getByTestId('template-preview').locator('pre').innerText(), /\{\{/);
  });

  assert.deepEqual(problems, []);
});
