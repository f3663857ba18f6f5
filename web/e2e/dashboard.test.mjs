// The Dashboard and the usage reports on the demo data (`lineport demo`: the ABC Banking tree
// with months of usage), as its super admin.
//   npm run build && node --test e2e/dashboard.test.mjs     (LINEPORT_BIN, LINEPORT_ARTIFACTS optional)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiSession, openMenuEntry, scenario } from './helpers.mjs';

const env = scenario('dashboard', { demo: true });
const NEW_PASSWORD = 'Granite-Orchard-Compass-64';

// ECharts animates its first drawing for about a second; screenshots wait for it, scrolled to
// the top (the sticky header would otherwise be drawn across the middle of a full-page shot).
const settle = async (page) => {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(1500);
};

test('the dashboard, its chart types, the utilization report and the usage reports', { timeout: 240_000 }, async (t) => {
  const { server } = env;
  const { context, page, step, snap, problems } = await env.open(t);
  const visible = (locator) => locator.waitFor({ state: 'visible' });
  const option = (text) => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text });
  // A full-page screenshot of a long report can fold the Reports group (the sider's breakpoint
  // sees the screenshot's viewport); openMenuEntry opens it again when needed.
  const openReport = (name) => openMenuEntry(page, 'Reports', name);
  const statValue = (testId) => page.getByTestId(testId).locator('.ant-statistic-content').innerText();
  // "0", "0 sec", "0 B": a card with nothing in it.
  const nonZero = (text) => !/^0(\s|$)/.test(text.trim());
  let call;
  let orgId;

  await step('signed-in', async () => {
    call = await apiSession(context, server.baseUrl, server.email, server.password, NEW_PASSWORD);
    orgId = (await call('GET', '/auth/me')).org.id;
    await page.goto(server.baseUrl + '/');
    await visible(page.getByRole('heading', { name: 'Dashboard' }));
    await visible(page.getByTestId('current-cycle'));
  });

  await step('dashboard', async () => {
    const api = await call('GET', `/orgs/${orgId}/dashboard?type=voice`);
    assert.ok(api.current_cycle.billable.voice_seconds > 0, 'the demo has voice usage in the current cycle');
    assert.equal(await statValue('new-users'), api.current_cycle.new_users.toLocaleString('en-US'));
    assert.equal(await statValue('active-users'), api.current_cycle.active_users.toLocaleString('en-US'));
    for (const id of ['billable-voice', 'billable-message', 'billable-data']) {
      const text = await statValue(id);
      assert.ok(nonZero(text), `${id}: ${text}`);
    }
    for (const id of ['past-voice', 'past-message', 'past-data', 'all-time-voice', 'all-time-message', 'all-time-data']) {
      const text = await statValue(id);
      assert.ok(nonZero(text), `${id}: ${text}`);
    }
    // Voice as hours/minutes, data in binary units.
    assert.match(await statValue('billable-voice'), /(hr|min|sec)/);
    assert.match(await statValue('billable-data'), /\b(B|KB|MB|GB|TB)$/);
    await visible(page.getByRole('heading', { name: 'Voice Usage for The Current Cycle' }));
    await visible(page.getByTestId('usage-chart').locator('canvas'));
    await settle(page);
  });

  for (const [label, type] of [
    ['Message', 'message'],
    ['Data', 'data'],
    ['Voice', 'voice'],
  ]) {
    await step(`dropdown-${type}`, async () => {
      const answer = page.waitForResponse((r) => r.url().includes(`/dashboard?type=${type}`) && r.status() === 200);
      await page.getByTestId('usage-type').click();
      await option(label).click();
      await answer;
      await visible(page.getByRole('heading', { name: `${label} Usage for The Current Cycle` }));
      assert.equal(await page.getByTestId('usage-chart-heading').innerText(), `${label} Usage for The Current Cycle`);
      await settle(page);
    });
  }

  await step('utilization-details', async () => {
    const { number_utilization: u } = await call('GET', `/orgs/${orgId}/dashboard?type=voice`);
    assert.ok(u.total > 0, 'the demo has numbers');
    await visible(page.getByTestId('utilization-pie').locator('canvas'));
    // Anywhere on the pie opens the detailed report.
    await page.getByTestId('utilization-pie').click();
    const dialog = page.getByRole('dialog', { name: 'Number Utilization Details' });
    await visible(dialog);
    await visible(dialog.getByText('Detailed Report'));
    const details = dialog.getByTestId('utilization-details');
    for (const [name, value] of [
      ['Total', u.total],
      ['Activated', u.activated],
      ['Allocated to Sub-Organizations', u.allocated_to_suborgs],
      ['Assigned', u.assigned],
      ['Available', u.available],
      ['Pending invitation', u.pending_invitation],
      ['Reserved', u.reserved],
    ]) {
      const row = details.locator('tbody tr').filter({ has: page.getByRole('cell', { name, exact: true }) });
      assert.equal((await row.locator('td').nth(1).innerText()).trim(), String(value), name);
    }
    await snap('utilization-details-dialog');
    await dialog.locator('.ant-modal-footer').getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  await step('utilization-threshold', async () => {
    await page.getByTestId('dashboard-utilization').getByRole('button', { name: 'Manage Threshold' }).click();
    const dialog = page.getByRole('dialog', { name: 'Manage Threshold' });
    await visible(dialog);
    await dialog.getByLabel('Threshold (%)').fill('65');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await visible(page.getByTestId('dashboard-utilization').getByText('Utilization Threshold: 65%'));
    const settings = await call('GET', `/orgs/${orgId}/settings`);
    assert.equal(settings.utilization_threshold_pct.value, 65);
  });

  await step('consumption-metrics', async () => {
    await openReport('Consumption Metrics');
    await visible(page.getByRole('heading', { name: 'Consumption Metrics' }));
    const table = page.getByTestId('consumption-table');
    // The last cycle is a whole month of the demo's usage.
    await page.getByTestId('consumption-range').click();
    const answer = page.waitForResponse((r) => r.url().includes('/reports/consumption_metrics?range=last_cycle'));
    await option('Last cycle').click();
    assert.equal((await answer).status(), 200);
    await visible(table.locator('tbody tr.ant-table-row').first());
    assert.match(await table.innerText(), /Europe|North America|Finance|Human Resources/);
    const href = await page.getByTestId('consumption-csv').getAttribute('href');
    assert.match(href, /range=last_cycle/);
    assert.match(href, /format=csv/);
    const csv = await context.request.get(server.baseUrl + href);
    assert.equal(csv.status(), 200);
    assert.match(csv.headers()['content-type'], /text\/csv/);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    assert.match(lines[0], /billable_voice_seconds/);
    assert.ok(lines.length >= 2, 'a header and at least one row');
    // The demo's usage is all below its root: without the sub-organizations there is none.
    const suborgs = page.getByRole('switch', { name: 'Include sub-organizations' });
    await suborgs.click();
    await visible(table.getByText('No usage in this period.'));
    assert.doesNotMatch(await page.getByTestId('consumption-csv').getAttribute('href'), /include_suborgs/);
    await suborgs.click();
    await visible(table.locator('tbody tr.ant-table-row').first());
  });

  await step('consumption-csv-download', async () => {
    // The button itself downloads the file.
    const download = page.waitForEvent('download');
    await page.getByTestId('consumption-csv').click();
    const file = await download;
    assert.match(file.suggestedFilename(), /\.csv$/);
  });

  await step('user-metrics', async () => {
    await openReport('User Metrics');
    await visible(page.getByRole('heading', { name: 'User Metrics' }));
    await page.getByTestId('user-metrics-range').click();
    await option('Last cycle').click();
    const table = page.getByTestId('user-metrics-table');
    await visible(table.locator('tbody tr.ant-table-row').first());
    assert.match(await table.innerText(), /@abc-banking\.example/);
  });

  await step('activities', async () => {
    await openReport('Activities');
    await visible(page.getByRole('heading', { name: 'Activities' }));
    await page.getByTestId('activities-range').click();
    await option('Last cycle').click();
    const table = page.getByTestId('activities-table');
    await visible(table.locator('tbody tr.ant-table-row').first());
    assert.match(await table.innerText(), /Voice|Message|Data/);
  });

  assert.deepEqual(problems, []);
});
