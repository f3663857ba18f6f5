// Setup > Subscriptions on the demo data (`lineport demo`), end to end: as the service provider's
// administrator, a plan created with its limits and prices (an empty limit, a bad prefix and a
// currency the server does not know refused on their fields first), a price changed (the history
// grows to two versions), the plan chosen for ABC Banking Corporation through the page (a plan too
// small for what ABC holds refused first), and the plan in use not deletable; then as ABC's
// administrator, the root's plans with the one above ABC's own greyed out and not choosable.
//   npm run build && node --test e2e/subscriptions.test.mjs     (LINEPORT_BIN, LINEPORT_ARTIFACTS optional)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiSession, opened, openMenuEntry, scenario, tick } from './helpers.mjs';

const env = scenario('subscriptions', { demo: true });
const CARRIER_EMAIL = 'admin@carrier.example';
const CARRIER_PASSWORD = 'Lantern-Meridian-Quarry-71';
const CUSTOMER_EMAIL = 'admin@abc-banking.example';
const CUSTOMER_PASSWORD = 'Copper-Estuary-Ledger-38';
const ABC = 'ABC Banking Corporation';
const BRANCH = 'Retail Bank';
const PLAN = 'Business Line';
const STARTER = 'Starter Line';
const ENTERPRISE = 'Enterprise Line';

const prices = (voice) => ({
  currency: 'USD',
  voice_per_minute: voice,
  per_message: '0.01',
  data_per_mb: '0.002',
  monthly_per_active_user: '4.50',
});
const openFiltering = { mode: 'allow_all', allowed_prefixes: [], blocked_prefixes: [] };

test('subscription plans, as the provider and as a customer', { timeout: 300_000 }, async (t) => {
  const { server } = env;
  const { context, page, step, snap, problems } = await env.open(t);
  const visible = (locator) => locator.waitFor({ state: 'visible' });
  const table = page.getByTestId('plans-table');
  const planRow = (name) => table.getByRole('row').filter({ hasText: name });
  const option = (text) =>
    page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text });
  /** The error shown under the form field labelled `label`. */
  const fieldError = (scope, label) =>
    scope
      .locator('.ant-form-item')
      .filter({ has: scope.page().getByLabel(label, { exact: true }) })
      .locator('.ant-form-item-explain-error');
  const subscriptionsPage = async () => {
    await openMenuEntry(page, 'Setup', 'Subscriptions');
    await visible(page.getByRole('heading', { name: 'Subscriptions' }));
  };
  /** Opens the page at `orgId` (the organization picker is covered by the shell test). */
  const subscriptionsAt = async (adminId, orgId) => {
    await page.evaluate(([admin, org]) => localStorage.setItem(`lineport.org.${admin}`, org), [adminId, orgId]);
    await page.goto(server.baseUrl + '/setup/subscriptions');
    await visible(page.getByRole('heading', { name: 'Subscriptions' }));
  };
  let call;
  let carrier;
  let abc;
  let branchId;

  await step('signed-in', async () => {
    // Every demo administrator starts with the password the demo printed.
    call = await apiSession(context, server.baseUrl, CARRIER_EMAIL, server.password, CARRIER_PASSWORD);
    carrier = await call('GET', '/auth/me');
    const { items: customers } = await call('GET', `/orgs/${carrier.org.id}/children`);
    abc = customers.find((o) => o.name === ABC) ?? assert.fail(`no ${ABC} under the root`);
    const { items: branches } = await call('GET', `/orgs/${abc.id}/children`);
    branchId = (branches.find((o) => o.name === BRANCH) ?? assert.fail(`no ${BRANCH} under ${ABC}`)).id;
    // Two more plans on the root: one too small for ABC's accounts, one above the plan ABC gets.
    const plan = (name, features, limits) => ({ name, features, limits, charging: prices('0.02'), call_filtering: openFiltering });
    await call(
      'POST',
      `/orgs/${carrier.org.id}/subscriptions`,
      plan(STARTER, ['voice'], { max_accounts: 1, max_numbers: 1, max_suborgs: 0 }),
    );
    await call(
      'POST',
      `/orgs/${carrier.org.id}/subscriptions`,
      plan(ENTERPRISE, ['voice', 'sms', 'mms', 'call_recording', 'message_logging'], {
        max_accounts: null,
        max_numbers: null,
        max_suborgs: null,
      }),
    );
    await page.goto(server.baseUrl + '/');
    await subscriptionsPage();
    await visible(planRow(ENTERPRISE));
  });

  const drawer = page.getByRole('dialog', { name: 'Create Subscription Plan' });

  await step('plan-form-refusals', async () => {
    await page.getByRole('button', { name: 'Create Subscription Plan' }).click();
    await opened(drawer);
    await drawer.getByLabel('Name', { exact: true }).fill(PLAN);
    await tick(drawer.getByRole('checkbox', { name: 'MMS' }));
    // ABC's accounts fit, with room to spare; its numbers are not limited.
    await drawer.getByLabel('Accounts', { exact: true }).fill(String(abc.subtree_account_count + 100));
    await tick(drawer.getByTestId('limit-max_numbers').getByRole('checkbox', { name: 'Unlimited' }));
    await drawer.getByLabel('Currency', { exact: true }).fill('XYZ');
    await drawer.getByLabel('Voice, per minute').fill('0.0125');
    await drawer.getByLabel('Per message').fill('0.01');
    await drawer.getByLabel('Data, per MB').fill('0.002');
    await drawer.getByLabel('Monthly, per active user').fill('4.50');
    await drawer.getByTestId('prefixes-blocked_prefixes').click();
    await page.keyboard.type('+12ab');
    await page.keyboard.press('Enter');
    // A prefix is "+" and digits: refused on its field, as typed.
    await visible(fieldError(drawer, 'Blocked prefixes').filter({ hasText: 'Not a prefix: +12ab.' }));
    await drawer.getByRole('button', { name: 'Save' }).click();
    // An empty limit is neither 0 nor unlimited: the admin says which.
    await visible(fieldError(drawer, 'Sub-organizations').filter({ hasText: 'or tick Unlimited' }));
    assert.equal(await drawer.getByLabel('Sub-organizations', { exact: true }).inputValue(), '');
    await snap('refused-in-the-form');
    await drawer
      .getByTestId('prefixes-blocked_prefixes')
      .locator('.ant-select-selection-item', { hasText: '+12ab' })
      .locator('.ant-select-selection-item-remove')
      .click();
    await drawer.getByTestId('prefixes-blocked_prefixes').click();
    await page.keyboard.type('+1900');
    await page.keyboard.press('Enter');
    await drawer.getByLabel('Sub-organizations', { exact: true }).fill('100');
    // "XYZ" has the shape of a currency code but is none: the server says so, on the field.
    await drawer.getByRole('button', { name: 'Save' }).click();
    await visible(fieldError(drawer, 'Currency').filter({ hasText: 'ISO 4217' }));
    await visible(drawer.getByRole('alert').filter({ hasText: 'Please correct the highlighted fields.' }));
    assert.equal(await drawer.getByLabel('Voice, per minute').inputValue(), '0.0125');
  });

  await step('plan-created', async () => {
    await drawer.getByLabel('Currency', { exact: true }).fill('USD');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.waitFor({ state: 'hidden' });
    const row = planRow(PLAN);
    await visible(row);
    const text = await row.innerText();
    for (const shown of ['MMS', 'Numbers: Unlimited', 'Sub-organizations: 100', '$0.0125/min', '$4.50/active user a month']) {
      assert.ok(text.includes(shown), `"${shown}" in the row: ${text}`);
    }
    // The prices went as written, not through floats.
    const { items } = await call('GET', `/orgs/${carrier.org.id}/subscriptions`);
    const created = items.find((p) => p.name === PLAN);
    const { currency, voice_per_minute, per_message, data_per_mb, monthly_per_active_user } = created.charging;
    assert.deepEqual([currency, voice_per_minute, per_message, data_per_mb], ['USD', '0.0125', '0.01', '0.002']);
    // The server writes a price in its shortest form.
    assert.match(monthly_per_active_user, /^4\.50?$/);
    assert.deepEqual(created.limits, { max_accounts: abc.subtree_account_count + 100, max_numbers: null, max_suborgs: 100 });
    assert.deepEqual(created.call_filtering.blocked_prefixes, ['+1900']);
  });

  await step('price-history', async () => {
    const edit = page.getByRole('dialog', { name: 'Edit Subscription Plan' });
    await planRow(PLAN)
      .getByRole('button', { name: `Edit ${PLAN}` })
      .click();
    await opened(edit);
    const history = edit.getByTestId('charging-history').locator('tbody tr.ant-table-row');
    assert.equal(await history.count(), 1);
    await edit.getByLabel('Voice, per minute').fill('0.015');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'hidden' });
    await visible(planRow(PLAN).getByText('$0.015/min'));
    await planRow(PLAN)
      .getByRole('button', { name: `Edit ${PLAN}` })
      .click();
    await opened(edit);
    await visible(edit.getByText('Prices in force: version 2'));
    assert.equal(await history.count(), 2);
    const [current, before] = await history.allInnerTexts();
    assert.match(current, /^2\b[\s\S]*Current[\s\S]*\$0\.015\b/);
    assert.match(before, /^1\b[\s\S]*\$0\.0125/);
    await edit.getByTestId('charging-history').scrollIntoViewIfNeeded();
    await snap('price-history');
    await edit.getByRole('button', { name: 'Cancel' }).click();
    await edit.waitFor({ state: 'hidden' });
  });

  await step('assigned-to-abc', async () => {
    await subscriptionsAt(carrier.admin.id, abc.id);
    const card = page.getByTestId('org-plan');
    await visible(card.getByTestId('org-plan-source'));
    const choose = async (name) => {
      await card.getByTestId('org-plan-select').click();
      await option(name).click();
      await card.getByRole('button', { name: 'Save' }).click();
    };
    // ABC holds more accounts than the starter plan allows: the server names the limit.
    await choose(STARTER);
    await visible(card.getByRole('alert').filter({ hasText: 'More is already in use than this plan allows' }));
    assert.match(await card.getByRole('alert').innerText(), /accounts|numbers|sub-?org/i);
    await snap('plan-too-small');
    await choose(PLAN);
    await visible(card.getByTestId('org-plan-name').getByText(PLAN, { exact: true }));
    await visible(card.getByTestId('org-plan-source').getByText(`Set on ${ABC}.`));
    const settings = await call('GET', `/orgs/${abc.id}/settings`);
    assert.equal(settings.subscription_id.own, true);
  });

  await step('in-use-not-deleted', async () => {
    await subscriptionsAt(carrier.admin.id, carrier.org.id);
    const row = planRow(PLAN);
    await visible(row);
    assert.equal(await row.getByRole('button', { name: `Delete ${PLAN}` }).isDisabled(), true);
    await row.getByTestId('plan-delete-disabled').hover();
    const inUse = 'The plan of 1 organization: put it on another plan before deleting this one.';
    await visible(page.getByRole('tooltip').filter({ hasText: inUse }));
    await snap('in-use-tooltip');
    // The server refuses it too, with its code.
    const { items } = await call('GET', `/orgs/${carrier.org.id}/subscriptions`);
    const planId = items.find((p) => p.name === PLAN).id;
    const refused = await context.request.delete(`${server.baseUrl}/api/v1/subscriptions/${planId}`, {
      headers: { 'X-CSRF-Token': carrier.csrf_token },
    });
    assert.equal(refused.status(), 409);
    assert.equal((await refused.json()).code, 'subscription_in_use');
  });

  await step('customer-sees-plans-above-its-own', async () => {
    await context.clearCookies();
    const customerCall = await apiSession(context, server.baseUrl, CUSTOMER_EMAIL, server.password, CUSTOMER_PASSWORD);
    const customer = await customerCall('GET', '/auth/me');
    await page.goto(server.baseUrl + '/');
    await subscriptionsPage();
    const card = page.getByTestId('org-plan');
    await visible(card.getByTestId('org-plan-name').getByText(PLAN, { exact: true }));
    await visible(card.getByText(`The plan of ${ABC} is chosen by the organization above it.`));
    // The root's plans: usable here, defined above, so looked at and not changed.
    const own = planRow(PLAN);
    await visible(own);
    assert.doesNotMatch((await own.getAttribute('class')) ?? '', /plan-above-own/);
    await visible(own.getByRole('button', { name: `View ${PLAN}` }));
    assert.equal(await own.getByRole('button', { name: `Edit ${PLAN}` }).count(), 0);
    const above = planRow(ENTERPRISE);
    assert.match((await above.getAttribute('class')) ?? '', /plan-above-own/);
    await above.getByTestId('plan-above-own').hover();
    await visible(page.getByRole('tooltip').filter({ hasText: `go past the plan of ${ABC}` }));
    await snap('greyed-out');
    // Below ABC its administrator chooses plans: the one above ABC's own is offered disabled.
    await subscriptionsAt(customer.admin.id, branchId);
    await page.getByTestId('org-plan').getByTestId('org-plan-select').click();
    await visible(option(PLAN));
    assert.match((await option(ENTERPRISE).getAttribute('class')) ?? '', /ant-select-item-option-disabled/);
    assert.match(await option(ENTERPRISE).innerText(), /Above your plan/);
    await snap('picker-disabled-option');
    await page.keyboard.press('Escape');
    // Chosen anyway, through the API: refused with the code the page would show.
    const { items } = await customerCall('GET', `/orgs/${branchId}/subscriptions`);
    const refused = await context.request.patch(`${server.baseUrl}/api/v1/orgs/${branchId}/settings`, {
      data: { subscription_id: items.find((p) => p.name === ENTERPRISE).id },
      headers: { 'X-CSRF-Token': customer.csrf_token },
    });
    assert.equal(refused.status(), 403);
    assert.equal((await refused.json()).code, 'subscription_above_own');
  });

  assert.deepEqual(problems, []);
});
