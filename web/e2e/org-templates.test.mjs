// Setup > Organization Templates and the Create Sub-Organization form, end to end, as the root's
// administrator: a template made through the page with a plan, a language, a role to copy, two
// permission groups and numbers (a count that is not a whole number refused in the form, a group
// name used twice refused by the server on the second group's name field); only what was chosen
// is sent. An edit sends only what changed and keeps a setting set through the API. Then a
// sub-organization created from it through the form, after its summary of what the template
// brings: the new organization has its own copy of the role, the groups (one the default), the
// plan, the settings and the numbers. Last, the template deleted after its confirmation, and the
// organization keeps what it got.
//   npm run build && node --test e2e/org-templates.test.mjs     (LINEPORT_BIN, LINEPORT_ARTIFACTS optional)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiSession, opened, openMenuEntry, scenario, tick } from './helpers.mjs';

const env = scenario('org-templates');
const ROOT_PASSWORD = 'Granite-Harbor-Sextant-52';
const PLAN = 'Branch Plan';
const ROLE = 'Branch Operator';
const ROLE_PRIVILEGES = ['dashboard', 'profile.view'];
const TEMPLATE = 'Branch Starter';
const TELLERS = 'Tellers';
const SUPERVISORS = 'Supervisors';
const BRANCH = 'Branch North';
const NUMBERS = ['+12125550101', '+12125550102', '+12125550103'];

test('organization templates, and a sub-organization created from one', { timeout: 180_000 }, async (t) => {
  const { server } = env;
  const { context, page, step, snap, problems } = await env.open(t);
  const visible = (locator) => locator.waitFor({ state: 'visible' });
  const option = (text) =>
    page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text });
  /** Picks `text` in the Ant Design select `select` (a locator inside the select). */
  const choose = async (select, text) => {
    await select.click();
    await option(text).first().click();
  };
  /** The error shown under the form field labelled `label`. */
  const fieldError = (scope, label) =>
    scope
      .locator('.ant-form-item')
      .filter({ has: scope.page().getByLabel(label, { exact: true }) })
      .locator('.ant-form-item-explain-error');
  const table = page.getByTestId('org-templates-table');
  const templateRow = (name) => table.getByRole('row').filter({ hasText: name });
  let call;
  let rootId;
  let planId;
  let roleId;

  await step('signed-in', async () => {
    call = await apiSession(context, server.baseUrl, server.email, server.password, ROOT_PASSWORD);
    rootId = (await call('GET', '/auth/me')).org.id;
    planId = (
      await call('POST', `/orgs/${rootId}/subscriptions`, {
        name: PLAN,
        features: ['voice', 'sms', 'call_recording'],
        limits: { max_accounts: null, max_numbers: null, max_suborgs: null },
        charging: {
          currency: 'USD',
          voice_per_minute: '0.01',
          per_message: '0.01',
          data_per_mb: '0.001',
          monthly_per_active_user: '2',
        },
        call_filtering: { mode: 'allow_all', allowed_prefixes: [], blocked_prefixes: [] },
      })
    ).id;
    roleId = (await call('POST', `/orgs/${rootId}/roles`, { name: ROLE, privileges: ROLE_PRIVILEGES })).id;
    await call('POST', `/orgs/${rootId}/numbers`, { numbers: NUMBERS });
    await page.goto(server.baseUrl + '/');
    await openMenuEntry(page, 'Setup', 'Organization Templates');
    await visible(page.getByRole('heading', { name: 'Organization Templates' }));
    await visible(table.getByText('No organization templates yet.'));
  });

  const drawer = page.getByRole('dialog', { name: 'Create Organization Template' });
  const group = (index) => drawer.getByTestId(`template-group-${index}`);

  await step('template-form-refusals', async () => {
    await page.getByRole('button', { name: 'Create Organization Template' }).click();
    await opened(drawer);
    await drawer.getByLabel('Name', { exact: true }).fill(TEMPLATE);
    await choose(drawer.getByTestId('template-plan'), PLAN);
    await choose(drawer.getByLabel('Language', { exact: true }), 'Español');
    await choose(drawer.getByTestId('template-roles'), ROLE);
    // A multiple select stays open: a click elsewhere closes it (Escape would close the drawer too).
    await drawer.getByText('User permission groups', { exact: true }).click();
    await drawer.getByRole('button', { name: 'Add permission group' }).click();
    await group(0).getByLabel('Group name').fill(TELLERS);
    await tick(group(0).getByRole('checkbox', { name: 'Voice' }));
    await tick(group(0).getByRole('checkbox', { name: 'SMS' }));
    await tick(group(0).getByRole('checkbox', { name: 'Default group of the new organization' }));
    await drawer.getByRole('button', { name: 'Add permission group' }).click();
    // The same name, in other letters' case: the server tells them apart by name alone.
    await group(1).getByLabel('Group name').fill(TELLERS.toLowerCase());
    await tick(group(1).getByRole('checkbox', { name: 'Call Recording' }));
    await drawer.getByLabel('Numbers', { exact: true }).fill('2.5');
    await drawer.getByRole('button', { name: 'Save' }).click();
    // Not a whole number: refused in the form, as typed.
    await visible(fieldError(drawer, 'Numbers').filter({ hasText: 'Enter a whole number from 1 to 1,000,000' }));
    assert.equal(await drawer.getByLabel('Numbers', { exact: true }).inputValue(), '2.5');
    await drawer.getByLabel('Numbers', { exact: true }).fill('2');
    // Sent: the server refuses the second group's name, on that group's field.
    const sent = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith(`/orgs/${rootId}/org-templates`));
    await drawer.getByRole('button', { name: 'Save' }).click();
    const body = (await sent).postDataJSON();
    // Only what was chosen: the language, nothing else of the settings.
    assert.deepEqual(body.settings, { language: 'es' });
    await visible(
      group(1).locator('.ant-form-item-explain-error').filter({ hasText: 'Another group of the template has this name.' }),
    );
    assert.equal(await group(0).locator('.ant-form-item-explain-error').count(), 0);
    await visible(drawer.getByRole('alert').filter({ hasText: 'Please correct the highlighted fields.' }));
    assert.equal(await group(1).getByLabel('Group name').inputValue(), TELLERS.toLowerCase());
    await snap('group-name-refused');
  });

  await step('template-created', async () => {
    await group(1).getByLabel('Group name').fill(SUPERVISORS);
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.waitFor({ state: 'hidden' });
    const row = templateRow(TEMPLATE);
    await visible(row);
    const text = await row.innerText();
    for (const shown of [PLAN, 'Language: Español', ROLE, `${TELLERS} (Default)`, SUPERVISORS]) {
      assert.ok(text.includes(shown), `"${shown}" in the row: ${text}`);
    }
    // The Numbers column.
    assert.equal((await row.locator('td').nth(5).innerText()).trim(), '2');
    const { items } = await call('GET', `/orgs/${rootId}/org-templates`);
    assert.equal(items.length, 1);
    const [saved] = items;
    assert.equal(saved.subscription_id, planId);
    assert.deepEqual(saved.settings, { language: 'es' });
    assert.deepEqual(saved.role_ids, [roleId]);
    assert.deepEqual(saved.permission_groups, [
      { name: TELLERS, features: ['voice', 'sms'], is_default: true },
      { name: SUPERVISORS, features: ['call_recording'], is_default: false },
    ]);
    assert.equal(saved.numbers, 2);
    assert.equal(saved.inherited, false);
  });

  await step('template-edited', async () => {
    // A setting the page does not show, set through the API: an edit keeps it.
    const { items } = await call('GET', `/orgs/${rootId}/org-templates`);
    await call('PATCH', `/org-templates/${items[0].id}`, { settings: { language: 'es', utilization_threshold_pct: 80 } });
    await page.reload();
    const edit = page.getByRole('dialog', { name: 'Edit Organization Template' });
    await templateRow(TEMPLATE)
      .getByRole('button', { name: `Edit ${TEMPLATE}` })
      .click();
    await opened(edit);
    await visible(edit.getByTestId('template-kept-settings').getByText('utilization_threshold_pct: 80'));
    assert.equal(await edit.getByLabel('Numbers', { exact: true }).inputValue(), '2');
    await edit.getByLabel('Numbers', { exact: true }).fill(String(NUMBERS.length));
    const sent = page.waitForRequest((r) => r.method() === 'PATCH' && r.url().endsWith(`/org-templates/${items[0].id}`));
    await edit.getByRole('button', { name: 'Save' }).click();
    // Only what changed.
    assert.deepEqual((await sent).postDataJSON(), { numbers: NUMBERS.length });
    await edit.waitFor({ state: 'hidden' });
    const [saved] = (await call('GET', `/orgs/${rootId}/org-templates`)).items;
    assert.deepEqual(saved.settings, { language: 'es', utilization_threshold_pct: 80 });
    assert.equal(saved.numbers, NUMBERS.length);
  });

  let branchId;

  await step('sub-org-from-template', async () => {
    await page.getByTestId('main-menu').getByRole('menuitem', { name: 'Sub-Organizations' }).click();
    await visible(page.getByRole('heading', { name: 'Sub-Organizations' }));
    await page.getByRole('button', { name: 'Create New Sub-Organization' }).click();
    const form = page.getByRole('dialog', { name: 'Create New Sub-Organization' });
    await opened(form);
    await form.getByLabel('Name', { exact: true }).fill(BRANCH);
    await choose(form.getByTestId('org-template-select'), TEMPLATE);
    const summary = form.getByTestId('template-summary');
    await visible(summary);
    const text = await summary.innerText();
    for (const shown of [PLAN, '1 role', '2 groups', 'Language: Español']) {
      assert.ok(text.includes(shown), `"${shown}" in the summary: ${text}`);
    }
    assert.match(text, new RegExp(`Numbers\\s+${NUMBERS.length}\\b`));
    // Left empty, the language comes from the template: the form says so.
    await visible(form.getByText('From the template: Español'));
    await snap('template-summary');
    const sent = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith(`/orgs/${rootId}/children`));
    await form.getByRole('button', { name: 'Create', exact: true }).click();
    const { template_id: templateId, language } = (await sent).postDataJSON();
    assert.ok(templateId, 'template_id sent');
    assert.equal(language, undefined, 'no language of its own: the template gives it');
    await form.waitFor({ state: 'hidden' });
    await visible(page.getByTestId('suborg-table').getByRole('button', { name: BRANCH, exact: true }));
    const { items } = await call('GET', `/orgs/${rootId}/children`);
    branchId = (items.find((o) => o.name === BRANCH) ?? assert.fail(`no ${BRANCH}`)).id;
  });

  const checkBranch = async () => {
    // The role, copied: one of its own, same name and privileges.
    const { items: roles } = await call('GET', `/orgs/${branchId}/roles`);
    const copy = roles.find((r) => r.name === ROLE && r.org_id === branchId) ?? assert.fail(`no own ${ROLE} in ${BRANCH}`);
    assert.notEqual(copy.id, roleId);
    assert.deepEqual([...copy.privileges].sort(), [...ROLE_PRIVILEGES].sort());
    // The groups, the template's default in place of the automatic one.
    const { items: groups } = await call('GET', `/orgs/${branchId}/permission-groups`);
    const own = groups.filter((g) => g.org_id === branchId);
    assert.deepEqual(own.map((g) => [g.name, g.is_default, [...g.features].sort()]).sort(), [
      [SUPERVISORS, false, ['call_recording']],
      [TELLERS, true, ['sms', 'voice']],
    ]);
    const settings = await call('GET', `/orgs/${branchId}/settings`);
    assert.equal(settings.language.value, 'es');
    assert.equal(settings.language.source_org_id, branchId);
    assert.equal(settings.subscription_id.value, planId);
    assert.equal(settings.subscription_id.source_org_id, branchId);
    const utilization = await call('GET', `/orgs/${branchId}/numbers/utilization`);
    assert.equal(utilization.total, NUMBERS.length);
    assert.equal(settings.utilization_threshold_pct.value, 80);
  };

  await step('sub-org-got-what-the-template-brings', checkBranch);

  await step('template-deleted', async () => {
    await openMenuEntry(page, 'Setup', 'Organization Templates');
    await visible(page.getByRole('heading', { name: 'Organization Templates' }));
    await templateRow(TEMPLATE)
      .getByRole('button', { name: `Delete ${TEMPLATE}` })
      .click();
    const confirm = page.locator('.ant-popover').filter({ hasText: `Delete the organization template ${TEMPLATE}?` });
    await opened(confirm);
    await snap('delete-confirmation');
    await confirm.getByRole('button', { name: 'Yes' }).click();
    await visible(table.getByText('No organization templates yet.'));
    assert.deepEqual((await call('GET', `/orgs/${rootId}/org-templates`)).items, []);
    // The organization created from it keeps what it got.
    await checkBranch();
  });

  assert.deepEqual(problems, []);
});
