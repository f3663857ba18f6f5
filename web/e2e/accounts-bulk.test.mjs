// Bulk operations on the Accounts page end to end: a user who activated MultiLine invited again
// from the row menu (the new-phone question; the new code activates with the same number), then
// 60 accounts found by a text filter (more than one page) selected as "all matching", edited
// (permission group), suspended and resumed, and invited again (the activated user among them)
// as background jobs with their progress, summary and results CSV, while the accounts the filter
// leaves out stay as they were.
//   npm run build && node --test e2e/accounts-bulk.test.mjs   (LINEPORT_BIN, LINEPORT_ARTIFACTS optional)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiSession, opened, scenario, secretLine, tick, waitForMail } from './helpers.mjs';

const env = scenario('accounts-bulk');
const ROOT_PASSWORD = 'Quarry-Meadow-4417';
const CREW = 'Field Crew';
const HANA = { first_name: 'Hana', last_name: 'Ito', login: 'hana.field@example.com' };
const HANA_NUMBER = '+12125550100';
// 59 field agents and Hana match "field"; the office staff do not.
const AGENTS = Array.from({ length: 59 }, (_, i) => {
  const n = String(i + 1).padStart(2, '0');
  return { first_name: 'Agent', last_name: `Field ${n}`, login: `field${n}@example.com` };
});
const OFFICE = [1, 2, 3, 4].map((n) => ({
  first_name: 'Olga',
  last_name: `Office ${n}`,
  login: `olga${n}@example.com`,
}));
const MATCHING = AGENTS.length + 1;

test('accounts matching a filter are edited, suspended, resumed, invited in bulk', { timeout: 240_000 }, async (t) => {
  const { server } = env;
  const { context, page, step, snap, problems, spool } = await env.open(t);
  const visible = (locator) => locator.waitFor({ state: 'visible' });
  const table = () => page.getByTestId('accounts-table');
  const row = (name) => table().getByRole('row', { name: new RegExp(name) });
  const bulkBar = () => page.getByTestId('bulk-actions');
  const option = (text) =>
    page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text });
  const shown = (n, total) => visible(page.getByText(`Showing ${n} of ${total}`, { exact: true }));
  const activate = (login, code, device) =>
    context.request.post(`${server.baseUrl}/api/v1/activation`, {
      data: { login, activation_code: code, device_number: device },
    });
  let call;
  let rootId;
  let crewId;
  let defaultGroupId;
  const seen = new Set();
  /** Every account of the root, by login, through the API. */
  const accountsByLogin = async () => {
    const page1 = await call('GET', `/orgs/${rootId}/accounts?limit=500`);
    assert.equal(page1.next_cursor, null);
    return new Map(page1.items.map((a) => [a.login, a]));
  };
  /** The account's fields other than those an action may change. */
  const without = (account, ...fields) => {
    const rest = { ...account };
    for (const f of ['updated_at', ...fields]) delete rest[f];
    return rest;
  };

  /** Ticks the shown rows' select-all box, then widens the selection to every matching account. */
  const selectAllMatching = async (total) => {
    await tick(table().getByRole('checkbox', { name: 'Select all' }));
    const notice = page.getByTestId('select-matching');
    await visible(notice.getByText('All 50 accounts shown are selected.'));
    await notice.getByRole('button', { name: `Select all ${total} accounts matching this filter` }).click();
    await visible(notice.getByText(`All ${total} accounts matching this filter are selected.`));
    await visible(bulkBar().getByText(`${total} selected`));
  };
  /** The progress modal of a bulk job: follows it to its end; returns the results CSV's href. */
  const finishedJob = async (title, succeeded, failed) => {
    const dialog = page.getByRole('dialog', { name: title });
    await visible(dialog);
    const summary = dialog.getByTestId('bulk-summary');
    await visible(summary);
    assert.equal(await dialog.getByRole('progressbar').getAttribute('aria-valuenow'), '100');
    const handled = new RegExp(`^${MATCHING} of ${MATCHING} accounts handled`);
    assert.match(await dialog.getByTestId('bulk-count').innerText(), handled);
    const text = await summary.innerText();
    assert.match(text, new RegExp(`Succeeded\\s+${succeeded}\\b`));
    assert.match(text, new RegExp(`Failed\\s+${failed}\\b`));
    await opened(dialog);
    await snap(`${title.split(':')[0].toLowerCase().replace(/\s+/g, '-')}-finished`);
    const href = await dialog.getByTestId('bulk-results').getAttribute('href');
    await dialog.locator('.ant-modal-footer').getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // The list was read again: the selection is gone with it.
    await visible(bulkBar().getByText('0 selected'));
    return href;
  };
  const confirmation = () => page.locator('.ant-modal-confirm');
  /** Clears one of the list's drop-down filters. */
  const clearFilter = async (name) => {
    const select = page.locator('.ant-select', { has: page.getByRole('combobox', { name }) });
    await select.hover();
    await select.locator('.ant-select-clear').click();
  };

  await step('setup-through-api', async () => {
    call = await apiSession(context, server.baseUrl, server.email, server.password, ROOT_PASSWORD);
    const me = await call('GET', '/auth/me');
    rootId = me.org.id;
    await call('POST', `/orgs/${rootId}/numbers`, { numbers: [HANA_NUMBER, '+12125550101', '+12125550102'] });
    crewId = (await call('POST', `/orgs/${rootId}/permission-groups`, { name: CREW, features: ['voice', 'sms'] })).id;
    defaultGroupId = (await call('GET', `/orgs/${rootId}/permission-groups`)).items.find((g) => g.is_default).id;
    for (const account of [...AGENTS, ...OFFICE]) await call('POST', `/orgs/${rootId}/accounts`, account);
    // Hana is invited with a number and activates MultiLine on her phone.
    await call('POST', `/orgs/${rootId}/accounts`, { ...HANA, multiline_number: HANA_NUMBER, invite: true });
    const mail = await waitForMail(spool, { to: HANA.login, event: 'account_invitation' });
    seen.add(mail.file);
    const activated = await activate(HANA.login, secretLine(mail.body, 'Activation code'), '+447911000001');
    assert.equal(activated.status(), 200, await activated.text());
    await page.goto(server.baseUrl + '/accounts');
    await visible(page.getByRole('heading', { name: 'Accounts' }));
    await shown(50, MATCHING + OFFICE.length);
  });

  await step('reinvite-an-activated-user', async () => {
    await page.getByLabel('Name / Login / Number').fill('Hana');
    await page.keyboard.press('Enter');
    await shown(1, 1);
    await row('Hana Ito').getByRole('button', { name: 'Actions for Hana Ito' }).click();
    await page.getByRole('menuitem', { name: 'Resend Invite' }).click();
    const question = confirmation();
    await opened(question);
    const text = (await question.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /Hana Ito already activated MultiLine\. A new invitation lets them activate it on a new phone,/);
    assert.match(text, /keeping their number; their current phone stops working when they do\./);
    await snap('reinvite-question');
    await question.getByRole('button', { name: 'Resend Invite' }).click();
    await visible(page.getByText('Invitations sent: 1.'));
    const mail = await waitForMail(spool, { to: HANA.login, event: 'account_invitation', seen });
    seen.add(mail.file);
    const again = await activate(HANA.login, secretLine(mail.body, 'Activation code'), '+447911000002');
    assert.equal(again.status(), 200, await again.text());
    assert.equal((await again.json()).multiline_number, HANA_NUMBER);
    const hana = (await accountsByLogin()).get(HANA.login);
    assert.equal(hana.status, 'active');
    assert.equal(hana.device_number, '+447911000002');
    assert.equal(hana.invitation_count, 2);
  });

  let before;
  await step('select-all-matching', async () => {
    before = await accountsByLogin();
    await page.getByLabel('Name / Login / Number').fill('field');
    await page.keyboard.press('Enter');
    await shown(50, MATCHING);
    await selectAllMatching(MATCHING);
    await snap('all-matching-selected');
    // Back to the rows shown, and to all matching again.
    const notice = page.getByTestId('select-matching');
    await notice.getByRole('button', { name: 'Select only the 50 shown' }).click();
    await visible(bulkBar().getByText('50 selected'));
    await visible(notice.getByText('All 50 accounts shown are selected.'));
    await notice.getByRole('button', { name: `Select all ${MATCHING} accounts matching this filter` }).click();
    await visible(bulkBar().getByText(`${MATCHING} selected`));
    await visible(bulkBar().getByRole('button', { name: `Resend Invite (${MATCHING})` }));
  });

  await step('bulk-edit-permission-group', async () => {
    await bulkBar().getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('dialog', { name: `Edit all ${MATCHING} accounts matching this filter` });
    await opened(form);
    // Nothing set: refused, saying what to do.
    await form.getByRole('button', { name: 'Apply' }).click();
    await visible(form.getByRole('alert').filter({ hasText: 'Change at least one setting, or cancel.' }));
    await form.getByTestId('bulk-permission-group').click();
    await option(CREW).click();
    await snap('bulk-edit-form');
    const started = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith(`/orgs/${rootId}/accounts/bulk`));
    await form.getByRole('button', { name: 'Apply' }).click();
    const request = await started;
    // The list's filter, the async preference, and only the field that was set.
    assert.equal(request.headers()['prefer'], 'respond-async');
    assert.deepEqual(request.postDataJSON(), {
      action: 'edit',
      filter: { q: 'field' },
      changes: { permission_group_id: crewId },
    });
    const href = await finishedJob(`Edit: ${MATCHING} accounts`, MATCHING, 0);

    // The per-account results: a header and one "ok" line per account, the field accounts only.
    const csv = await context.request.get(server.baseUrl + href);
    assert.equal(csv.status(), 200);
    const lines = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    assert.equal(lines.length, MATCHING + 1);
    assert.equal(lines[0], 'account_id,login,result,message');
    for (const line of lines.slice(1)) assert.match(line, /^[^,]+,"?[^,]*field[^,]*"?,ok,/);

    // Only the filtered accounts changed, and only in their group.
    const after = await accountsByLogin();
    for (const [login, account] of after) {
      const was = before.get(login);
      if (login.includes('field')) {
        assert.equal(account.permission_group_id, crewId, login);
        const group = ['permission_group_id', 'permission_group_name'];
        assert.deepEqual(without(account, ...group), without(was, ...group));
      } else {
        assert.equal(account.permission_group_id, defaultGroupId, login);
        assert.deepEqual(account, was);
      }
    }
    // The list's group filter finds them.
    await page.getByRole('combobox', { name: 'User Permissions' }).click();
    await option(CREW).click();
    await shown(50, MATCHING);
  });

  await step('bulk-suspend', async () => {
    await selectAllMatching(MATCHING);
    await bulkBar().getByRole('button', { name: 'Suspend' }).click();
    const question = confirmation();
    await opened(question);
    assert.match(await question.innerText(), new RegExp(`Suspend all ${MATCHING} accounts matching this filter\\?`));
    await snap('suspend-question');
    await question.getByRole('button', { name: 'Yes' }).click();
    await finishedJob(`Suspend: ${MATCHING} accounts`, MATCHING, 0);
    // The status filter shows all of them suspended.
    await page.getByRole('combobox', { name: 'Status' }).click();
    await option('Suspended').click();
    await shown(50, MATCHING);
    assert.equal(await table().locator('tbody tr.ant-table-row').filter({ hasText: 'Suspended' }).count(), 50);
    const after = await accountsByLogin();
    for (const [login, account] of after) {
      assert.equal(account.status, login.includes('field') ? 'suspended' : 'saved', login);
    }
  });

  await step('bulk-resume', async () => {
    await selectAllMatching(MATCHING);
    // Every match is suspended: nothing to suspend.
    assert.equal(await bulkBar().getByRole('button', { name: 'Suspend' }).isDisabled(), true);
    await bulkBar().getByRole('button', { name: 'Resume' }).click();
    const question = confirmation();
    await opened(question);
    assert.match(await question.innerText(), new RegExp(`Resume all ${MATCHING} accounts matching this filter\\?`));
    await question.getByRole('button', { name: 'Yes' }).click();
    await finishedJob(`Resume: ${MATCHING} accounts`, MATCHING, 0);
    // None suspended any more; each back to what it was.
    await visible(table().getByText('No user accounts match.'));
    const after = await accountsByLogin();
    for (const [login, account] of after) assert.equal(account.status, before.get(login).status, login);
    assert.equal(after.get(HANA.login).status, 'active');
  });

  await step('bulk-invite-with-an-activated-user', async () => {
    await clearFilter('Status');
    await shown(50, MATCHING);
    await selectAllMatching(MATCHING);
    await bulkBar()
      .getByRole('button', { name: `Resend Invite (${MATCHING})` })
      .click();
    const question = confirmation();
    await opened(question);
    const text = await question.innerText();
    assert.match(text, new RegExp(`Send the invitation again to all ${MATCHING} accounts matching this filter\\?`));
    assert.match(text, /Those among them who already activated MultiLine can activate it on a new phone/);
    await snap('bulk-reinvite-question');
    await question.getByRole('button', { name: 'Resend Invite' }).click();
    await finishedJob(`Resend Invite: ${MATCHING} accounts`, MATCHING, 0);
    // Hana's third invitation activates her next phone with the same number; the agents are invited.
    const mail = await waitForMail(spool, { to: HANA.login, event: 'account_invitation', seen });
    const third = await activate(HANA.login, secretLine(mail.body, 'Activation code'), '+447911000003');
    assert.equal(third.status(), 200, await third.text());
    assert.equal((await third.json()).multiline_number, HANA_NUMBER);
    await waitForMail(spool, { to: AGENTS[58].login, event: 'account_invitation' });
    const after = await accountsByLogin();
    for (const [login, account] of after) {
      if (login === HANA.login) assert.equal(account.invitation_count, 3);
      else assert.equal(account.status, login.includes('field') ? 'invited' : 'saved', login);
    }
  });

  await step('edit-ticked-rows', async () => {
    // Without "all matching", the same form edits the ticked rows one by one.
    const was = await accountsByLogin();
    await clearFilter('User Permissions');
    await page.getByLabel('Name / Login / Number').fill('olga');
    await page.keyboard.press('Enter');
    await shown(OFFICE.length, OFFICE.length);
    await tick(row('Olga Office 1').getByRole('checkbox'));
    await tick(row('Olga Office 2').getByRole('checkbox'));
    await visible(bulkBar().getByText('2 selected'));
    assert.equal(await page.getByTestId('select-matching').count(), 0);
    await bulkBar().getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('dialog', { name: 'Edit 2 accounts' });
    await opened(form);
    const choose = (field, label) => form.locator(`#bulk-edit_${field}`).getByText(label, { exact: true }).click();
    // Social messaging off lifts the restriction: asking for both is refused, saying why.
    await choose('social_messaging', 'Off');
    await choose('restrict_incoming_social_messaging', 'On');
    await form.getByRole('button', { name: 'Apply' }).click();
    await visible(form.getByText(/^Restricting incoming social messaging needs Social Messaging/));
    await snap('contradiction-refused');
    await choose('social_messaging', 'Unchanged');
    await choose('restrict_incoming_social_messaging', 'Unchanged');
    await choose('monitor_sms', 'On');
    const patches = [];
    const onRequest = (r) => r.method() === 'PATCH' && patches.push(r.postDataJSON());
    page.on('request', onRequest);
    await form.getByRole('button', { name: 'Apply' }).click();
    await visible(page.getByText('Accounts updated: 2.'));
    page.off('request', onRequest);
    assert.deepEqual(patches, [{ monitor_sms: 'on' }, { monitor_sms: 'on' }]);
    const after = await accountsByLogin();
    for (const [login, account] of after) {
      if (login === OFFICE[0].login || login === OFFICE[1].login) {
        assert.equal(account.monitor_sms, 'on', login);
        assert.deepEqual(without(account, 'monitor_sms'), without(was.get(login), 'monitor_sms'));
      } else {
        assert.deepEqual(account, was.get(login));
      }
    }
  });

  assert.deepEqual(problems, []);
});
