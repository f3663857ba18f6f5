// Reports > Charges and the Dashboard's "Charges this cycle", end to end on a fresh server. Set
// up through the API as the root's administrator: a plan with prices, a sub-organization with an
// account, a call made while the sub-organization had no plan yet, then the plan set on it and a
// call, messages and data after that. In the browser: the report of the current cycle (the
// unpriced line marked "No plan", the priced line with its plan, version, stretch, quantities,
// unit prices and the amounts the prices give, worked out by hand below), the totals, the CSV
// downloaded by its button; the last cycle (nothing), and a month picked (none before the pick,
// no month after the current one offered); the Dashboard's card with the same total. Last, an
// administrator whose role lacks setup.view.subscriptions: no menu entry, no card, no request.
//   npm run build && node --test e2e/charges.test.mjs     (LINEPORT_BIN, LINEPORT_ARTIFACTS optional)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { apiSession, menuEntry, openMenuEntry, scenario, secretLine, waitForMail } from './helpers.mjs';

const env = scenario('charges');
const ROOT_PASSWORD = 'Tariff-Lantern-Orchid-63';
const VIEWER_PASSWORD = 'Quarry-Saffron-Beacon-47';
const VIEWER_EMAIL = 'viewer@carrier.example';
const PLAN = 'Metered Line';
const BRANCH = 'Branch East';
const PRICES = {
  currency: 'USD',
  voice_per_minute: '0.0125',
  per_message: '0.01',
  data_per_mb: '0.002',
  monthly_per_active_user: '4.50',
};
// The priced usage and what it comes to, by hand:
//   a 61-second call: 2 started minutes × 0.0125 = 0.025
//   3 messages × 0.01 = 0.03
//   1,500,000 bytes: 2 started MB (10^6 bytes) × 0.002 = 0.004
//   no active user (the account is only saved, never activated): 0 × 4.50 = 0
//   total 0.025 + 0.03 + 0.004 + 0 = 0.059
const EXPECTED = {
  voice_minutes: '2',
  voice_per_minute: '0.0125 USD',
  voice_amount: '0.025 USD',
  messages: '3',
  per_message: '0.01 USD',
  messages_amount: '0.03 USD',
  data_mb: '2',
  data_per_mb: '0.002 USD',
  data_amount: '0.004 USD',
  active_users: '0',
  active_users_amount: '0 USD',
  amount: '0.059 USD',
};
const TOTAL = '0.059 USD';
// Before the plan: a 30-second call, 1 started minute, listed without prices.
const UNPRICED_MINUTES = '1';

/** A call of GET /api/v1/orgs/{id}/charges (not the page /reports/charges). */
const isChargesCall = (url) => /^\/api\/v1\/orgs\/[^/]+\/charges$/.test(new URL(url).pathname);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** An RFC 3339 time in whole seconds, `msAgo` before now. */
const secondsAgo = (msAgo) => new Date(Math.floor((Date.now() - msAgo) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
const utcMonth = (date = new Date()) => date.toISOString().slice(0, 7);

/**
 * Keeps the scenario inside one UTC month (the organizations' time zone is UTC): the usage goes
 * in a few seconds before now, after a plan set a few seconds before, so close to a month's
 * first or last minute this waits for the new month to be under way.
 */
async function awayFromMonthBoundary() {
  const now = new Date();
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  if (end - now.getTime() < 60_000) await sleep(end - now.getTime() + 30_000);
  else if (now.getTime() - start < 30_000) await sleep(start + 30_000 - now.getTime());
}

/** Words of the matched elements that the browser broke across two lines ("Message|s"). */
const brokenWords = (page, selector) =>
  page.evaluate((sel) => {
    const broken = [];
    for (const element of document.querySelectorAll(sel)) {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const match of node.data.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (tops.size > 1) broken.push(`${match[0]} in "${element.textContent}"`);
        }
      }
    }
    return broken;
  }, selector);

test('charges: the report, its CSV, the dashboard card, and an admin without the privilege', { timeout: 300_000 }, async (t) => {
  const { server } = env;
  const { context, page, step, snap, problems, spool } = await env.open(t);
  const visible = (locator) => locator.waitFor({ state: 'visible' });
  const option = (text) =>
    page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text });
  const table = page.getByTestId('charges-table');
  const rows = table.locator('tbody tr.ant-table-row');
  const pricedRow = rows.filter({ has: page.getByTestId('charge-plan') });
  const unpricedRow = rows.filter({ has: page.getByTestId('charge-no-plan') });
  const cell = (row, field) => row.getByTestId(`charge-${field}`);
  /** Waits for the charges request of `cycle` and checks it went as picked and was answered. */
  const chargesAnswer = (cycle) =>
    page.waitForResponse((r) => {
      const url = new URL(r.url());
      return isChargesCall(r.url()) && url.searchParams.get('cycle') === cycle && !url.searchParams.has('format');
    });
  let call;
  let root;
  let branchId;
  let month;

  await step('set-up-through-the-api', async () => {
    call = await apiSession(context, server.baseUrl, server.email, server.password, ROOT_PASSWORD);
    root = await call('GET', '/auth/me');
    const rootId = root.org.id;
    /** POST /usage with NDJSON records (apiSession's caller sends JSON only). */
    const ingest = async (records) => {
      const response = await context.request.post(`${server.baseUrl}/api/v1/usage`, {
        data: records.map((r) => JSON.stringify(r)).join('\n') + '\n',
        headers: { 'Content-Type': 'application/x-ndjson', 'X-CSRF-Token': root.csrf_token },
      });
      assert.equal(response.status(), 200, await response.text());
      assert.equal((await response.json()).stored, records.length);
    };
    const planId = (
      await call('POST', `/orgs/${rootId}/subscriptions`, {
        name: PLAN,
        features: ['voice', 'sms'],
        limits: { max_accounts: null, max_numbers: null, max_suborgs: null },
        charging: PRICES,
        call_filtering: { mode: 'allow_all', allowed_prefixes: [], blocked_prefixes: [] },
      })
    ).id;
    branchId = (await call('POST', `/orgs/${rootId}/children`, { name: BRANCH })).id;
    const accountId = (await call('POST', `/orgs/${branchId}/accounts`, { login: 'caller@branch-east.example' })).id;
    const record = (id, type, quantity, startedAt) => ({
      id,
      account_id: accountId,
      type,
      direction: 'out',
      started_at: startedAt,
      quantity,
      billable: true,
    });

    await awayFromMonthBoundary();
    month = utcMonth();
    // No plan anywhere yet: this call is charged to nobody.
    await ingest([record('before-plan', 'voice', 30, secondsAgo(1_000))]);
    await sleep(2_000);
    await call('PATCH', `/orgs/${branchId}/settings`, { subscription_id: planId });
    // The plan is in force from now: the usage after it, a few seconds later, in the past.
    await sleep(3_000);
    const at = secondsAgo(1_000);
    await ingest([
      record('call-1', 'voice', 61, at),
      record('message-1', 'message', 1, at),
      record('message-2', 'message', 1, at),
      record('message-3', 'message', 1, at),
      record('data-1', 'data', 1_500_000, at),
    ]);
    assert.equal(utcMonth(), month, 'the usage went in within one month');

    // An administrator of the root whose role has the dashboard and a report, not the plans.
    const role = await call('POST', `/orgs/${rootId}/roles`, {
      name: 'Usage Viewer',
      privileges: ['dashboard', 'reports.view.consumption_metrics'],
    });
    await call('POST', `/orgs/${rootId}/admins`, { first_name: 'Vera', last_name: 'Viewer', email: VIEWER_EMAIL, role_id: role.id });
  });

  await step('report-current-cycle', async () => {
    // The report of the branch: the current organization is the one remembered for this admin.
    await page.goto(server.baseUrl + '/');
    await page.evaluate(([admin, org]) => localStorage.setItem(`lineport.org.${admin}`, org), [root.admin.id, branchId]);
    await page.goto(server.baseUrl + '/');
    await visible(page.getByRole('heading', { name: 'Dashboard' }));
    const answer = chargesAnswer('current');
    await openMenuEntry(page, 'Reports', 'Charges');
    await visible(page.getByRole('heading', { name: 'Charges' }));
    assert.equal((await answer).status(), 200);
    assert.equal(await page.getByTestId('charges-cycle').innerText(), 'Current cycle');
    await visible(pricedRow);
    assert.equal(await rows.count(), 2);
    // The priced line: its plan and version, the stretch since the plan was set, the amounts.
    assert.match(await pricedRow.locator('td').first().innerText(), new RegExp(BRANCH));
    assert.equal((await cell(pricedRow, 'plan').innerText()).trim(), `${PLAN} version 1`);
    assert.match(await cell(pricedRow, 'stretch').innerText(), /^Since .*\d{4}/);
    for (const [field, text] of Object.entries(EXPECTED)) {
      assert.equal((await cell(pricedRow, field).innerText()).trim(), text, field);
    }
    // The call before the plan: its minute, marked "No plan", without prices or amounts.
    assert.equal((await cell(unpricedRow, 'no-plan').innerText()).trim(), 'No plan');
    assert.equal((await cell(unpricedRow, 'voice_minutes').innerText()).trim(), UNPRICED_MINUTES);
    // It runs from the start of the month (the admin's time zone is UTC too) to when the plan was set.
    const monthStart = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(
      new Date(`${month}-01T00:00:00Z`),
    );
    assert.ok((await cell(unpricedRow, 'stretch').innerText()).startsWith(`${monthStart} – `));
    assert.equal(await cell(unpricedRow, 'voice_amount').count(), 0);
    assert.equal(await cell(unpricedRow, 'amount').count(), 0);
    // The totals: the priced line only.
    assert.equal(await page.getByTestId('charges-totals').locator('.ant-statistic').count(), 1, 'one total, in USD');
    assert.equal((await page.getByTestId('charges-totals-USD').locator('.ant-statistic-content').innerText()).trim(), TOTAL);
    await visible(page.getByText('Usage while no plan was in force is listed without prices and is not in the totals.'));
    assert.match(await page.getByTestId('charges-period').innerText(), /so far: .* \(UTC\)$/);
    // As the API says.
    const api = await call('GET', `/orgs/${branchId}/charges?cycle=current`);
    assert.deepEqual(api.totals, [{ currency: 'USD', amount: '0.059' }]);
  });

  await step('csv-download', async () => {
    const button = page.getByTestId('charges-csv');
    const href = await button.getAttribute('href');
    assert.match(href, /\/charges\?cycle=current&format=csv$/);
    const download = page.waitForEvent('download');
    await button.click();
    const file = await download;
    assert.equal(file.suggestedFilename(), `charges-${month}.csv`);
    const [header, ...lines] = fs
      .readFileSync(await file.path(), 'utf8')
      .trim()
      .split(/\r?\n/);
    const columns = header.split(',');
    assert.deepEqual(columns.slice(0, 4), ['org_id', 'org_name', 'plan_id', 'plan_name']);
    const records = lines.map((line) => Object.fromEntries(line.split(',').map((value, i) => [columns[i], value])));
    const priced = records.find((r) => r.plan_name === PLAN) ?? assert.fail(`no ${PLAN} line in:\n${lines.join('\n')}`);
    assert.equal(priced.org_name, BRANCH);
    assert.equal(priced.price_version, '1');
    assert.equal(priced.currency, 'USD');
    for (const [field, text] of Object.entries(EXPECTED)) assert.equal(priced[field], text.replace(/ USD$/, ''), field);
    const unpriced = records.find((r) => r.plan_id === '') ?? assert.fail('no unpriced line');
    assert.equal(unpriced.voice_minutes, UNPRICED_MINUTES);
    assert.equal(unpriced.amount, '');
  });

  await step('last-cycle', async () => {
    const answer = chargesAnswer('last');
    await page.getByTestId('charges-cycle').click();
    await option('Last cycle').click();
    assert.equal((await answer).status(), 200);
    await visible(table.getByText('Nothing to charge in this cycle.'));
    await visible(page.getByTestId('charges-totals').getByText('Nothing charged in this cycle.'));
    assert.match(await page.getByTestId('charges-csv').getAttribute('href'), /cycle=last&format=csv$/);
  });

  await step('month-picked', async () => {
    const asked = [];
    const listen = (request) => {
      if (isChargesCall(request.url())) asked.push(request.url());
    };
    page.on('request', listen);
    await page.getByTestId('charges-cycle').click();
    await option('Month').click();
    // No month is assumed: nothing is asked for, and there is nothing to download, until one is picked.
    await visible(page.getByText('Choose the month to show.'));
    assert.equal(await page.getByTestId('charges-csv').count(), 0);
    await page.waitForTimeout(500);
    assert.deepEqual(asked, []);
    page.off('request', listen);
    await page.getByTestId('charges-month').click();
    const panel = page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)');
    const monthCell = (m) => panel.locator(`td[title="${m}"]`);
    // No month after the current one.
    const [year, mm] = month.split('-').map(Number);
    const next = mm === 12 ? `${year + 1}-01` : `${year}-${String(mm + 1).padStart(2, '0')}`;
    if (mm === 12) await panel.locator('.ant-picker-header-super-next-btn').click();
    assert.match((await monthCell(next).getAttribute('class')) ?? '', /ant-picker-cell-disabled/);
    if (mm === 12) await panel.locator('.ant-picker-header-super-prev-btn').click();
    await snap('month-panel');
    const answer = chargesAnswer(month);
    await monthCell(month).click();
    assert.equal((await answer).status(), 200);
    await visible(pricedRow);
    assert.equal((await cell(pricedRow, 'amount').innerText()).trim(), EXPECTED.amount);
    assert.equal((await page.getByTestId('charges-totals-USD').locator('.ant-statistic-content').innerText()).trim(), TOTAL);
    assert.match(await page.getByTestId('charges-csv').getAttribute('href'), new RegExp(`cycle=${month}&format=csv$`));
  });

  await step('dashboard-card', async () => {
    await page.goto(server.baseUrl + '/');
    await visible(page.getByRole('heading', { name: 'Dashboard' }));
    const card = page.getByTestId('dashboard-charges');
    await visible(card.getByText('Charges this cycle'));
    const total = card.getByTestId('dashboard-charges-total-USD').locator('.ant-statistic-content');
    await visible(total);
    assert.equal((await total.innerText()).trim(), TOTAL);
    await card.scrollIntoViewIfNeeded();
    await snap('dashboard-card');
    await card.getByRole('link', { name: 'Charges report' }).click();
    await page.waitForURL('**/reports/charges');
    await visible(pricedRow);
  });

  for (const [language, noPlan] of [
    ['es', 'Sin plan'],
    ['pt', 'Sem plano'],
    ['en', 'No plan'],
  ]) {
    await step(`report-in-${language}`, async () => {
      await page.evaluate((l) => localStorage.setItem('lineport.language', l), language);
      await page.goto(server.baseUrl + '/reports/charges');
      await visible(pricedRow);
      assert.equal((await cell(unpricedRow, 'no-plan').innerText()).trim(), noPlan);
      // Money stays as the server wrote it, whatever the language.
      assert.equal((await cell(pricedRow, 'amount').innerText()).trim(), EXPECTED.amount);
      assert.deepEqual(await brokenWords(page, '.ant-table-thead th'), []);
      await snap(`report-${language}`);
    });
  }

  await step('admin-without-the-privilege', async () => {
    const invitation = await waitForMail(spool, { to: VIEWER_EMAIL, event: 'admin_invitation' });
    await context.clearCookies();
    const viewerCall = await apiSession(
      context,
      server.baseUrl,
      VIEWER_EMAIL,
      secretLine(invitation.body, 'Password'),
      VIEWER_PASSWORD,
    );
    const viewer = await viewerCall('GET', '/auth/me');
    assert.ok(!viewer.privileges.includes('setup.view.subscriptions'));
    const asked = [];
    page.on('request', (request) => {
      if (isChargesCall(request.url())) asked.push(request.url());
    });
    await page.goto(server.baseUrl + '/');
    await visible(page.getByRole('heading', { name: 'Dashboard' }));
    await visible(page.getByTestId('all-time'));
    await page.waitForLoadState('networkidle');
    assert.equal(await page.getByTestId('dashboard-charges').count(), 0);
    // The Reports group holds the report the role has, not Charges.
    await openMenuEntry(page, 'Reports', 'Consumption Metrics');
    await visible(page.getByRole('heading', { name: 'Consumption Metrics' }));
    assert.equal(await menuEntry(page, 'Charges').count(), 0);
    await snap('viewer-menu');
    // Its address, opened anyway: no access, and still nothing asked of the server.
    await page.goto(server.baseUrl + '/reports/charges');
    await visible(page.getByText('Your role does not allow you to see this page.'));
    assert.deepEqual(asked, []);
    // The server would refuse it.
    const refused = await context.request.get(`${server.baseUrl}/api/v1/orgs/${viewer.org.id}/charges?cycle=current`);
    assert.equal(refused.status(), 403);
  });

  assert.deepEqual(problems, []);
});
