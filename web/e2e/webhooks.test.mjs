// Setup > Webhook Events, end to end, against a real HTTP receiver on 127.0.0.1 (the server runs
// with --webhooks-allow-private) that checks every request's Standard Webhooks signature with the
// `standardwebhooks` package: as the root's administrator, a webhook added in the page (a URL
// the server refuses on its field first, then the receiver's URL with three events), its secret
// read from the one-time modal and copied, a test event sent and received signed with it, the
// delivery listed as succeeded with its payload and attempt, replayed (the same webhook-id
// received again), the secret rotated (the next test signed with the new secret and, for 24 hours,
// the old one too), the events edited, the webhook deleted; last, an administrator who may only
// view the webhooks sees the list and the deliveries but nothing to change them with.
//   npm run build && node --test e2e/webhooks.test.mjs     (LINEPORT_BIN, LINEPORT_ARTIFACTS optional)
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { apiSession, openMenuEntry, opened, scenario, secretLine, tick, waitForMail } from './helpers.mjs';

const env = scenario('webhooks', { serveArgs: ['--webhooks-allow-private'] });
const ROOT_PASSWORD = 'Harbour-Lantern-2931';
const VIEWER_EMAIL = 'walt.webhooks@example.com';
const VIEWER_PASSWORD = 'Copper-Window-Ledger-57';
const SECRET = /^whsec_[A-Za-z0-9+/]+=*$/;
// The three events first chosen, then the edit's: one dropped, one added.
const FIRST_EVENTS = ['account_added', 'admin_added', 'ping'];
const EDITED_EVENTS = ['account_added', 'account_activated', 'ping'];

/**
 * The receiver: answers 200 to every POST and keeps { path, headers, body, at } of each, in
 * order. `next(test)` waits for the first request from `from` on (an index) that `test` accepts.
 */
function receiver() {
  const requests = [];
  let wake = () => {};
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      requests.push({
        method: req.method,
        path: req.url,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"received":true}');
      wake();
    });
  });
  const next = async (from, accept, { timeoutMs = 30_000, what = 'a request' } = {}) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = requests.slice(from).find(accept);
      if (found) return found;
      if (Date.now() > deadline) {
        throw new Error(`the receiver got no ${what} within ${timeoutMs} ms; it got: ${JSON.stringify(requests.slice(from))}`);
      }
      await new Promise((r) => {
        const timer = setTimeout(r, 200);
        wake = () => {
          clearTimeout(timer);
          r();
        };
      });
    }
  };
  return { server, requests, next };
}

const hook = receiver();
let receiverUrl;
before(async () => {
  hook.server.listen(0, '127.0.0.1');
  await once(hook.server, 'listening');
  receiverUrl = `http://127.0.0.1:${hook.server.address().port}`;
});
after(async () => {
  // Connections the server keeps open to it would hold the close up.
  hook.server.closeAllConnections();
  hook.server.close();
  await once(hook.server, 'close');
});

/** The body parsed, or null when it is not JSON. */
const json = (request) => {
  try {
    return JSON.parse(request.body);
  } catch {
    return null;
  }
};

/** Whether `secret` signs `request` (a standardwebhooks check: id, timestamp and body). */
const signedWith = (secret, request) => {
  try {
    new Webhook(secret).verify(request.body, request.headers);
    return true;
  } catch {
    return false;
  }
};

test('webhooks', { timeout: 300_000 }, async (t) => {
  const { server } = env;
  const { context, page, spool, step, snap, problems } = await env.open(t);
  const visible = (locator) => locator.waitFor({ state: 'visible' });
  const table = page.getByTestId('webhooks-table');
  const rowOf = (url) => table.locator('tr.ant-table-row').filter({ hasText: url });
  const modal = (title) => page.locator('.ant-modal').filter({ has: page.locator('.ant-modal-title', { hasText: title }) });
  const drawer = page.locator('.ant-drawer-content').filter({ has: page.locator('.ant-drawer-title', { hasText: 'Deliveries' }) });
  const deliveryRow = (id) => drawer.locator(`tr.ant-table-row[data-row-key="${id}"]`);
  const fieldError = (scope, label) =>
    scope
      .locator('.ant-form-item')
      .filter({ has: page.getByLabel(label, { exact: true }) })
      .locator('.ant-form-item-explain-error');
  /** The answer of the portal's next `method` request to an API path ending with `suffix`. */
  const answer = (method, suffix) =>
    page.waitForResponse((r) => r.request().method() === method && new URL(r.url()).pathname.endsWith(suffix));
  /** Waits until delivery `id` shows `status` in the drawer, pressing Refresh while it does not. */
  const statusShown = async (id, status) => {
    const tag = deliveryRow(id).getByTestId('delivery-status');
    for (let waited = 0; ; waited += 1_000) {
      if ((await tag.count()) > 0 && (await tag.innerText()) === status) return;
      if (waited >= 30_000) throw new Error(`delivery ${id} is not shown as ${status}`);
      await drawer.getByRole('button', { name: 'Refresh' }).click();
      await page.waitForTimeout(1_000);
    }
  };
  /** Reads the secret from the one-time modal `title`, copies it, closes the modal; the secret is then nowhere on the page. */
  const takeSecret = async (title) => {
    const shown = modal(title);
    await opened(shown);
    await visible(shown.getByText('Copy this secret now and keep it safe: it will not be shown again.'));
    const secret = /whsec_\S+/.exec(await shown.getByTestId('webhook-secret').innerText())?.[0];
    assert.match(secret ?? '', SECRET);
    await shown.getByTestId('webhook-secret').locator('.ant-typography-copy').click();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret, 'the copy button copies the secret');
    await snap(`secret-${title.replace(/\W+/g, '-').toLowerCase()}`);
    await shown.getByRole('button', { name: 'I have copied it' }).click();
    await shown.waitFor({ state: 'hidden' });
    assert.equal((await page.content()).includes(secret), false, 'the secret is shown only once');
    return secret;
  };

  let call, rootId, types, webhookId, secret, oldSecret, ping, pingDelivery;
  const url = () => `${receiverUrl}/hooks/main`;
  const typeName = (type) => types.find((e) => e.type === type).name.en;

  await step('signed-in', async () => {
    call = await apiSession(context, server.baseUrl, server.email, server.password, ROOT_PASSWORD);
    rootId = (await call('GET', '/auth/me')).org.id;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
    // The catalog: the 15 alerts, then account_activated, invitation_failed and ping, named in en, es and pt.
    types = (await call('GET', '/webhook-event-types')).items;
    assert.equal(types.length, 18);
    assert.deepEqual(
      types.slice(15).map((e) => e.type),
      ['account_activated', 'invitation_failed', 'ping'],
    );
    for (const e of types)
      for (const language of ['en', 'es', 'pt']) assert.ok(e.name[language], `${e.type} has a ${language} name`);
    await page.goto(server.baseUrl + '/');
    await openMenuEntry(page, 'Setup', 'Webhook Events');
    await visible(page.getByRole('heading', { name: 'Webhook Events' }));
    await visible(table.getByText('No webhooks are defined at this organization.'));
  });

  await step('url-refused-on-its-field', async () => {
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const form = modal('Add webhook');
    await opened(form);
    // Every event type, by its name; "Select all" ticks and unticks them all.
    for (const e of types) await visible(form.getByRole('checkbox', { name: e.name.en, exact: true }));
    await form.getByText('Select all', { exact: true }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="webhook-events"] input:checked').length === 18);
    await form.getByText('Select all', { exact: true }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="webhook-events"] input:checked').length === 0);
    assert.equal(await form.getByRole('switch', { name: 'Include sub-organizations' }).isChecked(), true);
    assert.equal(await form.getByRole('switch', { name: 'Enabled' }).isChecked(), true);
    // Neither http nor https: refused in the form.
    await form.getByLabel('URL').fill('ftp://127.0.0.1/hooks');
    await form.getByRole('button', { name: 'Save' }).click();
    await visible(fieldError(form, 'URL').getByText('Enter a URL starting with http:// or https://.'));
    await visible(form.getByText('Choose at least one event.'));
    // A user name in it: refused by the server (422), on the URL field.
    for (const type of FIRST_EVENTS) await tick(form.getByRole('checkbox', { name: typeName(type), exact: true }));
    await form.getByLabel('URL').fill(`http://user:pw@${new URL(receiverUrl).host}/hooks/main`);
    const refused = answer('POST', `/orgs/${rootId}/webhooks`);
    await form.getByRole('button', { name: 'Save' }).click();
    const response = await refused;
    assert.equal(response.status(), 422);
    const problem = await response.json();
    assert.ok(
      problem.errors.some((e) => e.field === 'url'),
      `a field error on url: ${JSON.stringify(problem)}`,
    );
    // The server's message under the field (the form's own, leaving, may still be there for a moment).
    const serverMessage = problem.errors.find((e) => e.field === 'url').message;
    await visible(fieldError(form, 'URL').getByText(serverMessage, { exact: true }));
    assert.deepEqual((await call('GET', `/orgs/${rootId}/webhooks`)).items, [], 'nothing created');
  });

  await step('webhook-created', async () => {
    const form = modal('Add webhook');
    await form.getByLabel('URL').fill(url());
    const created = answer('POST', `/orgs/${rootId}/webhooks`);
    await form.getByRole('button', { name: 'Save' }).click();
    const response = await created;
    assert.equal(response.status(), 201);
    const body = await response.json();
    assert.deepEqual(
      {
        url: body.url,
        events: [...body.events].sort(),
        include_suborgs: body.include_suborgs,
        enabled: body.enabled,
        org_id: body.org_id,
      },
      { url: url(), events: FIRST_EVENTS, include_suborgs: true, enabled: true, org_id: rootId },
    );
    assert.equal(body.disabled_reason, null);
    webhookId = body.id;
    secret = await takeSecret('Signing secret of the new webhook');
    assert.equal(secret, body.secret);
    await visible(page.getByText('The webhook has been added.'));
    const row = rowOf(url());
    await visible(row);
    await visible(row.getByText('3 events'));
    for (const type of FIRST_EVENTS) await visible(row.getByText(typeName(type), { exact: true }));
    assert.equal(await row.getByTestId('webhook-suborgs').innerText(), 'Yes');
    await visible(row.getByTestId('webhook-status').getByText('Enabled', { exact: true }));
    // The API never gives the secret again.
    const listed = await call('GET', `/orgs/${rootId}/webhooks`);
    assert.equal(listed.items.length, 1);
    assert.equal(listed.total, 1);
    assert.equal('secret' in listed.items[0], false);
    assert.equal('secret' in (await call('GET', `/webhooks/${webhookId}`)), false);
  });

  await step('test-received-and-verified', async () => {
    const from = hook.requests.length;
    const queued = answer('POST', `/webhooks/${webhookId}/test`);
    await rowOf(url()).getByRole('button', { name: 'Send test' }).click();
    const response = await queued;
    assert.equal(response.status(), 202);
    pingDelivery = await response.json();
    assert.equal(pingDelivery.type, 'ping');
    assert.equal(pingDelivery.webhook_id, webhookId);
    await visible(page.getByText('A test event (ping) has been queued.'));
    ping = await hook.next(from, (r) => json(r)?.type === 'ping', { what: 'ping' });
    assert.equal(ping.method, 'POST');
    assert.equal(ping.path, '/hooks/main');
    assert.match(ping.headers['content-type'], /^application\/json/);
    // Signed with the secret of the modal: standardwebhooks checks the id, the timestamp and the body.
    const payload = new Webhook(secret).verify(ping.body, ping.headers);
    assert.equal(payload.type, 'ping');
    assert.equal(ping.headers['webhook-id'], pingDelivery.message_id);
    assert.equal(signedWith(`whsec_${Buffer.from('not the secret').toString('base64')}`, ping), false);
  });

  await step('delivery-succeeded', async () => {
    await rowOf(url()).getByRole('button', { name: 'Deliveries' }).click();
    await visible(drawer);
    await visible(drawer.getByText(url()));
    await statusShown(pingDelivery.id, 'Succeeded');
    const row = deliveryRow(pingDelivery.id);
    assert.equal(await row.getByTestId('delivery-type').innerText(), 'ping');
    await visible(row.getByText(typeName('ping'), { exact: true }));
    assert.equal(await row.getByTestId('delivery-attempt-count').innerText(), '1');
    // Opened: the payload sent and the attempt with the receiver's answer.
    await row.locator('.ant-table-row-expand-icon').click();
    const details = drawer.getByTestId('delivery-details');
    await visible(details);
    assert.equal(await details.getByTestId('delivery-message-id').innerText(), ping.headers['webhook-id']);
    assert.deepEqual(JSON.parse(await details.getByTestId('delivery-payload').innerText()), JSON.parse(ping.body));
    const attempts = details.getByTestId('delivery-attempts').locator('tr.ant-table-row');
    assert.equal(await attempts.count(), 1);
    await visible(attempts.getByTestId('attempt-status').getByText('200'));
    await visible(attempts.getByText('{"received":true}'));
    await visible(attempts.getByText(/^\d[\d,]* ms$/));
    // The same through the API.
    const { items } = await call('GET', `/webhooks/${webhookId}/deliveries?limit=50`);
    const listed = items.find((d) => d.id === pingDelivery.id);
    assert.equal(listed.status, 'succeeded');
    assert.equal(listed.attempts, 1);
    assert.equal(listed.next_attempt_at, null);
    assert.equal(listed.attempt_log.length, 1);
    assert.equal(listed.attempt_log[0].status_code, 200);
    assert.equal(listed.attempt_log[0].response_excerpt, '{"received":true}');
    assert.equal(listed.attempt_log[0].error, null);
  });

  await step('replayed-with-the-same-webhook-id', async () => {
    const from = hook.requests.length;
    const queued = answer('POST', `/webhooks/${webhookId}/deliveries/${pingDelivery.id}/replay`);
    await deliveryRow(pingDelivery.id).getByRole('button', { name: 'Replay' }).click();
    const response = await queued;
    assert.equal(response.status(), 202);
    const replay = await response.json();
    assert.equal(replay.replay_of, pingDelivery.id);
    assert.equal(replay.message_id, pingDelivery.message_id);
    assert.notEqual(replay.id, pingDelivery.id);
    await visible(page.getByText('The message has been queued again, with the same webhook-id.'));
    const again = await hook.next(from, (r) => r.headers['webhook-id'] === ping.headers['webhook-id'], {
      what: 'replay of the ping',
    });
    assert.equal(again.body, ping.body, 'the same message');
    assert.ok(signedWith(secret, again));
    // Listed first (newest first), marked as a replay, succeeded in its turn.
    await statusShown(replay.id, 'Succeeded');
    await visible(deliveryRow(replay.id).getByTestId('delivery-replay'));
    const { items } = await call('GET', `/webhooks/${webhookId}/deliveries`);
    assert.deepEqual(
      items.slice(0, 2).map((d) => d.id),
      [replay.id, pingDelivery.id],
    );
    const firstRow = drawer.getByTestId('deliveries-table').locator('tbody > tr.ant-table-row').first();
    assert.equal(await firstRow.getAttribute('data-row-key'), replay.id);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
  });

  await step('secret-rotated', async () => {
    await rowOf(url()).getByRole('button', { name: 'Rotate secret' }).click();
    const confirm = page.locator('.ant-popconfirm').filter({ hasText: 'Make a new signing secret?' });
    await opened(confirm);
    const rotated = answer('POST', `/webhooks/${webhookId}/rotate-secret`);
    await confirm.getByRole('button', { name: 'Yes' }).click();
    const response = await rotated;
    assert.equal(response.status(), 200);
    const body = await response.json();
    const shown = modal('New signing secret');
    await opened(shown);
    await visible(shown.getByTestId('webhook-secret-previous'));
    oldSecret = secret;
    secret = await takeSecret('New signing secret');
    assert.equal(secret, body.secret);
    assert.notEqual(secret, oldSecret);
    // The old secret keeps signing for 24 hours.
    const until = Date.parse(body.previous_secret_expires_at) - Date.now();
    assert.ok(
      until > 23.9 * 3600_000 && until <= 24 * 3600_000 + 60_000,
      `previous_secret_expires_at ${body.previous_secret_expires_at}`,
    );
    await visible(rowOf(url()).getByText(/The previous secret also signs until/));
  });

  await step('next-test-signed-with-the-new-secret', async () => {
    const from = hook.requests.length;
    const queued = answer('POST', `/webhooks/${webhookId}/test`);
    await rowOf(url()).getByRole('button', { name: 'Send test' }).click();
    const delivery = await (await queued).json();
    const next = await hook.next(from, (r) => r.headers['webhook-id'] === delivery.message_id, { what: 'second ping' });
    assert.notEqual(next.headers['webhook-id'], ping.headers['webhook-id'], 'a new message');
    assert.equal(new Webhook(secret).verify(next.body, next.headers).type, 'ping');
    // Both signatures are sent while the old secret still signs.
    assert.ok(signedWith(oldSecret, next), 'also signed with the previous secret');
    assert.equal(next.headers['webhook-signature'].split(' ').length, 2);
  });

  await step('events-edited', async () => {
    await rowOf(url()).getByRole('button', { name: 'Edit' }).click();
    const form = modal('Edit webhook');
    await opened(form);
    assert.equal(await form.getByLabel('URL').inputValue(), url());
    for (const type of FIRST_EVENTS) {
      assert.equal(await form.getByRole('checkbox', { name: typeName(type), exact: true }).isChecked(), true, type);
    }
    await form.getByRole('checkbox', { name: typeName('admin_added'), exact: true }).click();
    await tick(form.getByRole('checkbox', { name: typeName('account_activated'), exact: true }));
    const saved = answer('PATCH', `/webhooks/${webhookId}`);
    await form.getByRole('button', { name: 'Save' }).click();
    const response = await saved;
    assert.equal(response.status(), 200);
    // Only what changed is sent.
    assert.deepEqual(response.request().postDataJSON(), { events: EDITED_EVENTS });
    await visible(page.getByText('The webhook has been saved.'));
    const row = rowOf(url());
    await visible(row.getByText(typeName('account_activated'), { exact: true }));
    assert.equal(await row.getByText(typeName('admin_added'), { exact: true }).count(), 0);
    const stored = await call('GET', `/webhooks/${webhookId}`);
    assert.deepEqual([...stored.events].sort(), [...EDITED_EVENTS].sort());
    assert.equal(stored.url, url());
    assert.equal(stored.enabled, true);
  });

  await step('webhook-deleted', async () => {
    await rowOf(url()).getByRole('button', { name: 'Delete' }).click();
    const confirm = page.locator('.ant-popconfirm').filter({ hasText: 'Delete this webhook?' });
    await opened(confirm);
    const deleted = answer('DELETE', `/webhooks/${webhookId}`);
    await confirm.getByRole('button', { name: 'Yes' }).click();
    assert.equal((await deleted).status(), 204);
    await visible(page.getByText('The webhook has been deleted.'));
    await visible(table.getByText('No webhooks are defined at this organization.'));
    assert.deepEqual((await call('GET', `/orgs/${rootId}/webhooks`)).items, []);
    const gone = await context.request.get(`${server.baseUrl}/api/v1/webhooks/${webhookId}`);
    assert.equal(gone.status(), 404);
  });

  await step('view-only-administrator', async () => {
    // A webhook to look at, turned off.
    const other = await call('POST', `/orgs/${rootId}/webhooks`, {
      url: `${receiverUrl}/hooks/other`,
      events: ['ping'],
      enabled: false,
    });
    assert.equal(other.include_suborgs, true, 'include_suborgs defaults to true');
    assert.equal(other.enabled, false);
    const role = await call('POST', `/orgs/${rootId}/roles`, { name: 'Webhook Viewer', privileges: ['setup.view.webhooks'] });
    await call('POST', `/orgs/${rootId}/admins`, {
      first_name: 'Walt',
      last_name: 'Webhooks',
      email: VIEWER_EMAIL,
      role_id: role.id,
    });
    const invitation = await waitForMail(spool, { to: VIEWER_EMAIL, event: 'admin_invitation' });
    // Signs the browser in as the viewer (the root's session is left behind).
    const viewer = await apiSession(context, server.baseUrl, VIEWER_EMAIL, secretLine(invitation.body, 'Password'), VIEWER_PASSWORD);
    await page.goto(server.baseUrl + '/');
    await openMenuEntry(page, 'Setup', 'Webhook Events');
    await visible(page.getByRole('heading', { name: 'Webhook Events' }));
    await visible(page.getByText('Your role lets you see the webhooks and their deliveries, not change them.'));
    const row = rowOf(`${receiverUrl}/hooks/other`);
    await visible(row);
    await visible(row.getByTestId('webhook-status').getByText('Disabled', { exact: true }));
    assert.equal(await page.getByRole('button', { name: 'Add webhook' }).count(), 0);
    for (const name of ['Edit', 'Send test', 'Rotate secret', 'Delete']) {
      assert.equal(await row.getByRole('button', { name }).count(), 0, `no ${name} button`);
    }
    await snap('viewer-list');
    await row.getByRole('button', { name: 'Deliveries' }).click();
    await visible(drawer);
    await visible(drawer.getByText('Nothing has been sent to this webhook yet.'));
    assert.equal(await drawer.getByRole('button', { name: 'Send test' }).count(), 0);
    // The server refuses the viewer's changes too.
    await assert.rejects(viewer('POST', `/webhooks/${other.id}/test`), / 403 /);
    await assert.rejects(viewer('DELETE', `/webhooks/${other.id}`), / 403 /);
  });

  await step('every-request-signed', async () => {
    // Every request the receiver got is signed with the secret in force (the old one also during the overlap).
    assert.ok(hook.requests.length >= 3, `${hook.requests.length} requests`);
    for (const r of hook.requests) {
      assert.equal(r.path, '/hooks/main', 'nothing sent to the webhook that is off');
      assert.ok(signedWith(secret, r) || signedWith(oldSecret, r), `${r.headers['webhook-id']} is signed`);
    }
  });

  assert.deepEqual(problems, []);
});
