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
  const option = (text) =>
    page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text });
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
    // No waterfall (a fresh browser, so nothing cached): the dashboard's data is asked for while
    // its code and the organization are still on their way, not after them.
    const timing = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => ({ path: new URL(e.name).pathname, start: e.startTime, end: e.responseEnd })),
    );
    const find = (re) => timing.find((e) => re.test(e.path)) ?? assert.fail(`no ${re} in ${timing.map((e) => e.path).join(' ')}`);
    const data = find(/^\/api\/v1\/orgs\/[^/]+\/dashboard$/);
    const code = find(/^\/assets\/DashboardPage-/);
    const org = find(/^\/api\/v1\/orgs\/[^/]+$/);
    assert.ok(data.start <= code.end, `data asked at ${data.start} ms, code there at ${code.end} ms`);
    assert.ok(data.start <= org.end, `data asked at ${data.start} ms, organization there at ${org.end} ms`);
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
    // Issue 12, item 11: the names and counts are text beside the pie, none over another.
    const boxes = [];
    for (const [key, name, value] of [
      ['in_use', 'In use', u.in_use],
      ['available', 'Available', u.available],
    ]) {
      const item = page.getByTestId(`utilization-legend-${key}`);
      assert.equal((await item.innerText()).replace(/\s+/g, ' ').trim(), `${name} ${value}`);
      for (const part of await item.locator('span.ant-typography').all()) boxes.push(await part.boundingBox());
    }
    for (const [i, a] of boxes.entries())
      for (const b of boxes.slice(i + 1))
        assert.ok(a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y, 'labels overlap');
    // Issue 12, item 13: the root's own pool and its whole subtree.
    assert.ok(u.subtree.total > u.total - u.allocated_to_suborgs, 'the demo allocates numbers below the root');
    assert.equal(
      await page.getByTestId('utilization-subtree').innerText(),
      `With its sub-organizations: ${u.subtree.total} numbers, ${u.subtree.available} available (${u.total - u.allocated_to_suborgs} in its own pool).`,
    );
    await settle(page);
    await snap('utilization-card');
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

  // The menu's way to the reports is taken above (Consumption Metrics); the next reports open by
  // their addresses, as a bookmark would, which also checks that a report page loads on its own.
  await step('user-metrics', async () => {
    await page.goto(server.baseUrl + '/reports/user-metrics');
    await visible(page.getByRole('heading', { name: 'User Metrics' }));
    await page.getByTestId('user-metrics-range').click();
    // The rows of the current cycle show until the last cycle's arrive: wait for them.
    const answer = page.waitForResponse((r) => r.url().includes('/reports/user_metrics?range=last_cycle'));
    await option('Last cycle').click();
    assert.equal((await answer).status(), 200);
    const table = page.getByTestId('user-metrics-table');
    await visible(table.locator('tbody tr.ant-table-row').first());
    assert.match(await table.innerText(), /@abc-banking\.example/);
  });

  await step('activities', async () => {
    await page.goto(server.baseUrl + '/reports/activities');
    await visible(page.getByRole('heading', { name: 'Activities' }));
    await page.getByTestId('activities-range').click();
    await option('Last cycle').click();
    const table = page.getByTestId('activities-table');
    await visible(table.locator('tbody tr.ant-table-row').first());
    assert.match(await table.innerText(), /Voice|Message|Data/);
  });

  assert.deepEqual(problems, []);
});

// ---- The portal as a new administrator sees it on a 1440×900 screen, in each language ----

const LANGUAGES = [
  ['en', 'en-US'],
  ['es', 'es-ES'],
  ['pt', 'pt-BR'],
];
const INCLUDE_SUBORGS = /^(Include sub-organizations|Incluir suborganizaciones|Incluir suborganizações)$/;

/** Signs in as the demo's super admin, whether or not an earlier test changed the password. */
async function signIn(context, server) {
  try {
    return await apiSession(context, server.baseUrl, server.email, NEW_PASSWORD);
  } catch {
    return apiSession(context, server.baseUrl, server.email, server.password, NEW_PASSWORD);
  }
}

/**
 * Words of the matched elements that the browser broke across two lines ("Administrato|rs",
 * "+4420794|60101"), each with the element's text.
 */
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

/** Tags of table cells that reach their cell's right edge (and so touch the next column). */
const tagsTouchingNextColumn = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('.ant-table-tbody td .ant-tag')]
      .filter((tag) => tag.getBoundingClientRect().right > tag.closest('td').getBoundingClientRect().right - 4)
      .map((tag) => tag.textContent),
  );

/** Tables whose content is wider than the page gives them (a sideways scroll bar). */
const scrollingTables = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('.ant-table-content, .ant-table-body')]
      .filter((el) => el.scrollWidth > el.clientWidth + 1)
      .map((el) => `${el.scrollWidth} > ${el.clientWidth}`),
  );

test('numbers, dates and tables in English, Spanish and Portuguese at 1440×900', { timeout: 420_000 }, async (t) => {
  const { server } = env;
  const { context, page, step, snap, problems } = await env.open(t);
  await page.setViewportSize({ width: 1440, height: 900 });
  const visible = (locator) => locator.waitFor({ state: 'visible' });
  const call = await signIn(context, server);
  const orgId = (await call('GET', '/auth/me')).org.id;
  // An administrator who has not signed in yet: the longest status tag ("Pending first sign-in").
  const { items: roles } = await call('GET', `/orgs/${orgId}/roles`);
  await call('POST', `/orgs/${orgId}/admins`, {
    first_name: 'Valentina',
    last_name: 'Montgomery-Villanueva',
    email: 'valentina.montgomery-villanueva@abc-banking.example',
    role_id: roles.find((role) => role.name !== 'API User').id,
  });
  await page.goto(server.baseUrl + '/');
  const inLocale = (locale, value, options) =>
    page.evaluate(([l, v, o]) => new Intl.NumberFormat(l, o).format(v), [locale, value, options ?? {}]);
  const statValue = (testId) => page.getByTestId(testId).locator('.ant-statistic-content').innerText();
  const open = async (language, path) => {
    await page.evaluate((l) => localStorage.setItem('lineport.language', l), language);
    await page.goto(server.baseUrl + path);
    await visible(page.locator('.ant-table-thead th, [data-testid="current-cycle"]').first());
  };
  const rowsOf = (table) => visible(table.locator('tbody tr.ant-table-row').first());

  for (const [language, locale] of LANGUAGES.filter(([l]) => l !== 'en')) {
    await step(`numbers-${language}`, async () => {
      const d = await call('GET', `/orgs/${orgId}/dashboard?type=voice`);
      await open(language, '/');
      await visible(page.getByTestId('past-message'));
      // The statistics show the locale's own grouping ("3697" in Spanish, "3.697" in Portuguese),
      // never the English one that Statistic would add to a formatted string.
      assert.equal(await statValue('billable-message'), await inLocale(locale, d.current_cycle.billable.messages));
      assert.equal(await statValue('past-message'), await inLocale(locale, d.past_cycle.billable.messages));
      assert.equal(await statValue('all-time-message'), await inLocale(locale, d.all_time.billable.messages));
      for (const id of [
        'new-users',
        'active-users',
        'billable-voice',
        'billable-data',
        'past-voice',
        'past-data',
        'all-time-voice',
        'all-time-data',
      ]) {
        assert.doesNotMatch(await statValue(id), /\d,\d{3}|\d\.\d{3}\s?[a-zA-Z]/, id);
      }
      const u = d.number_utilization;
      const pct = await inLocale(locale, Math.round(u.utilization_pct * 10) / 1000, { style: 'percent', maximumFractionDigits: 1 });
      assert.ok((await page.getByTestId('utilization-pct').innerText()).endsWith(`: ${pct}`), `utilization in ${locale}: ${pct}`);
      assert.ok(
        (await page.getByTestId('utilization-threshold').innerText()).endsWith(
          `: ${await inLocale(locale, u.threshold_pct / 100, { style: 'percent' })}`,
        ),
      );
      await page.getByTestId('utilization-pie').click();
      const details = page.getByTestId('utilization-details');
      await visible(details);
      const cells = await details.locator('tbody tr td:nth-child(2)').allInnerTexts();
      assert.equal(cells[0].trim(), await inLocale(locale, u.total));
      assert.equal(cells[4].trim(), await inLocale(locale, u.available));
      await snap(`utilization-details-${language}`);
      await page.keyboard.press('Escape');
      await details.waitFor({ state: 'hidden' });
    });

    await step(`report-numbers-${language}`, async () => {
      await open(language, '/reports/consumption-metrics');
      const table = page.getByTestId('consumption-table');
      await rowsOf(table);
      const text = await table.innerText();
      assert.doesNotMatch(text, /\d,\d{3}/, 'no English grouping');
      assert.doesNotMatch(text, /\b\d{4}-\d{2}-\d{2}\b/, 'dates as the locale writes them');
    });
  }

  for (const [language] of LANGUAGES) {
    await step(`tables-${language}`, async () => {
      const problemsSeen = [];
      for (const [path, tableTestId, tick] of [
        ['/accounts', null, true],
        ['/administrators', null, true],
        ['/reports/consumption-metrics', 'consumption-table'],
        ['/reports/user-metrics', 'user-metrics-table'],
        ['/reports/activities', 'activities-table'],
        ['/reports/admin-activity', 'activity-table'],
        ['/reports/administrators', null],
        ['/setup/number-management', null],
      ]) {
        await open(language, path);
        if (tick) {
          await page.getByRole('checkbox', { name: INCLUDE_SUBORGS }).check();
          await rowsOf(page.locator('.ant-table').first());
        }
        if (tableTestId) await rowsOf(page.getByTestId(tableTestId));
        await page.waitForTimeout(300);
        for (const word of await brokenWords(page, '.ant-table-thead th, .phone-number'))
          problemsSeen.push(`${path}: broken ${word}`);
        for (const tag of await tagsTouchingNextColumn(page)) problemsSeen.push(`${path}: tag "${tag}" touches the next column`);
        if (path === '/administrators') {
          assert.ok(
            (await page.locator('.ant-table-tbody td .ant-tag').allInnerTexts()).some((tag) =>
              /^(Pending first sign-in|Pendiente del primer inicio de sesión|Aguardando o primeiro acesso)$/.test(tag),
            ),
          );
        }
        if (path.startsWith('/reports/')) {
          for (const overflow of await scrollingTables(page)) problemsSeen.push(`${path}: scrolls sideways (${overflow})`);
        }
        await snap(`${language}${path.replaceAll('/', '-')}`);
      }
      assert.deepEqual(problemsSeen, []);
    });

    await step(`activity-readable-${language}`, async () => {
      await open(language, '/reports/admin-activity');
      await rowsOf(page.getByTestId('activity-table'));
      const events = await page.getByTestId('activity-event').allInnerTexts();
      const targets = await page.getByTestId('activity-target').allInnerTexts();
      assert.ok(events.length > 0);
      for (const event of events) assert.doesNotMatch(event, /^[a-z_]+(\.[a-z_]+)+$/, `an event by its code: ${event}`);
      for (const target of targets) assert.doesNotMatch(target, /^[a-z_]+ [0-9a-z]{6,}$/, `a target by its code and id: ${target}`);
      // Targets show by the name the server gives (the demo's accounts, organizations, ...).
      const { items } = await call('GET', `/orgs/${orgId}/reports/admin_activity?range=last_7_days&include_suborgs=true&limit=100`);
      const names = new Set(items.map((item) => item.target_name).filter(Boolean));
      assert.ok(names.size > 0, 'the server names some targets');
      assert.ok(
        targets.some((target) => names.has(target)),
        targets.join(', '),
      );
      // The code stays at hand, in a tooltip.
      await page.getByTestId('activity-event').first().hover();
      await visible(page.locator('.ant-tooltip-inner').filter({ hasText: /^[a-z_]+(\.[a-z_]+)+$/ }));
    });
  }

  assert.deepEqual(problems, []);
});
