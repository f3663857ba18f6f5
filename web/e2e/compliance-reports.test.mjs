// Reports > Call Recording, Message Logging and SMS Opt-in end to end on a fresh server. Set up
// through the API as the root's administrator: call recording and message logging turned on for
// the organization (with a retention of one day), a permission group with the features, two
// accounts with MultiLine numbers, and records of every kind sent to POST /compliance/records.
// In the browser: each report's rows with their values (time in the admin's zone, user, number,
// direction, peer number; duration, size and the recording's link; the channel, the text shown
// as text — a script tag in it stays inert text — a long text cut with Expand, "Attachment only"
// and "Erased after retention", the attachments' links; opted in or out and the keyword), the
// peer number and account filters narrowing the rows and sent as typed, a bad peer number
// refused with the server's message, the CSV link (format=csv, the filters) and its file. Last,
// an administrator who may view Message Logging but not download it (no CSV button, no Call
// Recording entry, no access to its address), and one who may only download SMS Opt-in.
//   npm run build && node --test e2e/compliance-reports.test.mjs     (LINEPORT_BIN, LINEPORT_ARTIFACTS optional)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiSession, menuEntry, openMenuEntry, scenario, secretLine, waitForMail } from './helpers.mjs';

const env = scenario('compliance-reports');
const ROOT_PASSWORD = 'Ledger-Harbour-Quill-81';
const AUDITOR_EMAIL = 'auditor@carrier.example';
const AUDITOR_PASSWORD = 'Silent-Archive-Maple-36';
const CLERK_EMAIL = 'clerk@carrier.example';
const CLERK_PASSWORD = 'Paper-Lantern-Thistle-52';
const ANA = { first_name: 'Ana', last_name: 'Archer', login: 'ana@carrier.example', multiline_number: '+12125550100' };
const BO = { first_name: 'Bo', last_name: 'Baker', login: 'bo@carrier.example', multiline_number: '+12125550101' };
const PEER = '+12125550199';
const OTHER_PEER = '+14155550188';
const SCRIPT_TEXT = '<script>alert(1)</script> hello';
const LONG_TEXT = `${'Quarterly numbers are in, please review them before the meeting. '.repeat(8)}END-OF-TEXT`;

/** An RFC 3339 time in whole seconds, `msAgo` before now. */
const ago = (msAgo) => new Date(Math.floor((Date.now() - msAgo) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
const MINUTE = 60_000;
// Each report's CSV columns, in the contract's order (the server may add more after them).
const COMMON_COLUMNS = ['id', 'account_id', 'login', 'first_name', 'last_name', 'multiline_number', 'org_id', 'org_name'];
const CSV_COLUMNS = {
  call_recording: [...COMMON_COLUMNS, 'started_at', 'direction', 'peer_number', 'duration_seconds', 'media_url', 'size_bytes'],
  message_logging: [...COMMON_COLUMNS, 'sent_at', 'direction', 'peer_number', 'channel', 'text', 'text_state', 'attachment_urls'],
  sms_opt_in: [...COMMON_COLUMNS, 'at', 'peer_number', 'opted_in', 'keyword'],
};

/** RFC 4180 CSV: rows of cells (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows;
}

/** Words of the matched elements that the browser broke across two lines ("Consentimi|ento"). */
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

/** The named fields of `record`. */
const pick = (record, names) => Object.fromEntries(names.map((name) => [name, record[name]]));

/** Checks that `header` starts with the contract's columns of `report`. */
function assertColumns(header, report) {
  assert.deepEqual(header.slice(0, CSV_COLUMNS[report].length), CSV_COLUMNS[report], header.join(','));
}

test('compliance reports: rows, filters, CSV and who may see them', { timeout: 300_000 }, async (t) => {
  const { server } = env;
  const { context, page, step, snap, problems, spool } = await env.open(t);
  const visible = (locator) => locator.waitFor({ state: 'visible' });
  // A script in a message that ran would open a dialog.
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  const rows = (testId) => page.getByTestId(`${testId}-table`).locator('tbody tr.ant-table-row');
  const row = (testId, text) => rows(testId).filter({ hasText: text });
  /** The message row of a channel, by its tag (a row's text runs its cells together: "…0199SMS<script>…"). */
  const messageRow = (channel) =>
    rows('message-logging').filter({ has: page.locator('.ant-tag').filter({ hasText: new RegExp(`^${channel}$`) }) });
  const cellTexts = async (locator) => (await locator.locator('td').allInnerTexts()).map((s) => s.trim());
  /** Waits until the table shows `n` rows (it empties while it reads again, so the count that
   * ended the wait is the one checked: counting once more could catch the page reading again). */
  const expectRows = async (testId, n) => {
    let count = await rows(testId).count();
    for (let waited = 0; count !== n && waited < 10_000; waited += 100) {
      await page.waitForTimeout(100);
      count = await rows(testId).count();
    }
    assert.equal(count, n);
  };
  /** The next read of `report`'s rows (not its CSV). */
  const reportAnswer = (report) =>
    page.waitForResponse((r) => {
      const url = new URL(r.url());
      return url.pathname.endsWith(`/reports/${report}`) && url.searchParams.get('format') !== 'csv';
    });
  /** Types `value` into a filter and applies it with Enter; resolves with the read it caused. */
  const filter = async (testId, name, value, report) => {
    const input = page.getByTestId(`${testId}-${name}`);
    await input.fill(value);
    const answer = reportAnswer(report);
    await input.press('Enter');
    return answer;
  };
  /** The CSV its Download CSV link gives: the link, the header's columns, and each row by column. */
  const csvOf = async (testId) => {
    const href = await page.getByTestId(`${testId}-csv`).getAttribute('href');
    assert.match(href, /[?&]format=csv(&|$)/);
    const response = await context.request.get(server.baseUrl + href);
    assert.equal(response.status(), 200, await response.text());
    assert.match(response.headers()['content-type'], /text\/csv/);
    const [header, ...lines] = parseCsv(await response.text());
    return { href, header, rows: lines.map((cells) => Object.fromEntries(header.map((name, k) => [name, cells[k]]))) };
  };

  let call;
  let me;
  let rootId;
  let dateTime;
  const ids = {};

  await step('set-up-through-the-api', async () => {
    call = await apiSession(context, server.baseUrl, server.email, server.password, ROOT_PASSWORD);
    me = await call('GET', '/auth/me');
    rootId = me.org.id;
    // How the portal writes a time: in the admin's zone (else the browser's), by the browser's Intl.
    dateTime = (iso) =>
      page.evaluate(
        ([at, timeZone]) =>
          new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(at)),
        [iso, me.admin.timezone || undefined],
      );

    await call('PATCH', `/orgs/${rootId}/settings`, {
      call_recording_enabled: true,
      message_logging_enabled: true,
      // A message older than a day arrives without its text.
      recording_retention_days: 1,
    });
    const group = await call('POST', `/orgs/${rootId}/permission-groups`, {
      name: 'Recorded',
      features: ['voice', 'sms', 'call_recording', 'message_logging'],
    });
    await call('POST', `/orgs/${rootId}/numbers`, { numbers: [ANA.multiline_number, BO.multiline_number] });
    ids.ana = (await call('POST', `/orgs/${rootId}/accounts`, { ...ANA, permission_group_id: group.id })).id;
    ids.bo = (await call('POST', `/orgs/${rootId}/accounts`, { ...BO, permission_group_id: group.id })).id;

    const times = {
      r1: ago(10 * MINUTE),
      r2: ago(120 * MINUTE),
      m1: ago(5 * MINUTE),
      m2: ago(20 * MINUTE),
      m3: ago(40 * MINUTE),
      m4: ago(2 * 24 * 60 * MINUTE),
      o1: ago(3 * MINUTE),
      o2: ago(30 * MINUTE),
    };
    ids.times = times;
    const records = [
      {
        kind: 'call_recording',
        id: 'r1',
        account_id: ids.ana,
        direction: 'out',
        peer_number: PEER,
        started_at: times.r1,
        duration_seconds: 65,
        media_url: 'https://rec.example/r1.mp3',
        size_bytes: 1024,
      },
      {
        kind: 'call_recording',
        id: 'r2',
        account_id: ids.bo,
        direction: 'in',
        peer_number: OTHER_PEER,
        started_at: times.r2,
        duration_seconds: 3725,
        media_url: 'https://rec.example/r2.mp3',
        size_bytes: 2_500_000,
      },
      {
        kind: 'message_log',
        id: 'm1',
        account_id: ids.ana,
        direction: 'in',
        peer_number: PEER,
        sent_at: times.m1,
        channel: 'sms',
        text: SCRIPT_TEXT,
        attachment_urls: [],
      },
      {
        kind: 'message_log',
        id: 'm2',
        account_id: ids.bo,
        direction: 'out',
        peer_number: OTHER_PEER,
        sent_at: times.m2,
        channel: 'mms',
        attachment_urls: ['https://media.example/photo.jpg'],
      },
      {
        kind: 'message_log',
        id: 'm3',
        account_id: ids.ana,
        direction: 'out',
        peer_number: OTHER_PEER,
        sent_at: times.m3,
        channel: 'whatsapp',
        text: LONG_TEXT,
        attachment_urls: ['https://media.example/a.pdf', 'https://media.example/b.pdf'],
      },
      {
        kind: 'message_log',
        id: 'm4',
        account_id: ids.bo,
        direction: 'in',
        peer_number: PEER,
        sent_at: times.m4,
        channel: 'line',
        text: 'Past its retention',
        attachment_urls: [],
      },
      { kind: 'sms_opt_in', id: 'o1', account_id: ids.ana, peer_number: PEER, at: times.o1, opted_in: true, keyword: 'START' },
      { kind: 'sms_opt_in', id: 'o2', account_id: ids.bo, peer_number: OTHER_PEER, at: times.o2, opted_in: false, keyword: 'STOP' },
    ];
    const response = await context.request.post(`${server.baseUrl}/api/v1/compliance/records`, {
      data: records.map((r) => JSON.stringify(r)).join('\n') + '\n',
      headers: { 'Content-Type': 'application/x-ndjson', 'X-CSRF-Token': me.csrf_token },
    });
    assert.equal(response.status(), 200, await response.text());
    assert.equal((await response.json()).stored, records.length);

    // Two administrators of the root: one may view Message Logging only, one may only download SMS Opt-in.
    const auditorRole = await call('POST', `/orgs/${rootId}/roles`, {
      name: 'Message Auditor',
      privileges: ['reports.view.message_logging'],
    });
    await call('POST', `/orgs/${rootId}/admins`, {
      first_name: 'Aud',
      last_name: 'Itor',
      email: AUDITOR_EMAIL,
      role_id: auditorRole.id,
    });
    const clerkRole = await call('POST', `/orgs/${rootId}/roles`, {
      name: 'Opt-in Clerk',
      privileges: ['reports.download.sms_opt_in'],
    });
    await call('POST', `/orgs/${rootId}/admins`, { first_name: 'Cle', last_name: 'Rk', email: CLERK_EMAIL, role_id: clerkRole.id });
  });

  await step('call-recording', async () => {
    await page.goto(server.baseUrl + '/');
    await visible(page.getByRole('heading', { name: 'Dashboard' }));
    const answer = reportAnswer('call_recording');
    await openMenuEntry(page, 'Reports', 'Call Recording');
    await visible(page.getByRole('heading', { name: 'Call Recording' }));
    await visible(page.getByText('Every view of these records is recorded in the audit log.'));
    // The last 7 days, with the sub-organizations, unless the admin picks otherwise.
    const asked = new URL((await answer).url());
    assert.equal(asked.searchParams.get('range'), 'last_7_days');
    assert.equal(asked.searchParams.get('include_suborgs'), 'true');
    assert.equal(await page.getByTestId('call-recording-range').innerText(), 'Last 7 days');
    await expectRows('call-recording', 2);
    // Newest first.
    assert.match(await rows('call-recording').first().innerText(), /ana@carrier\.example/);
    const ana = await cellTexts(row('call-recording', 'ana@carrier.example'));
    assert.deepEqual(ana.slice(0, 8), [
      await dateTime(ids.times.r1),
      'Ana Archer\nana@carrier.example',
      `${ANA.multiline_number}\nCarrier`,
      'Outgoing',
      PEER,
      '1 min',
      '1 KB',
      'Play',
    ]);
    const bo = await cellTexts(row('call-recording', 'bo@carrier.example'));
    assert.deepEqual(bo.slice(3, 7), ['Incoming', OTHER_PEER, '1 hr 2 min', '2.38 MB']);
    const play = row('call-recording', 'ana@carrier.example').getByRole('link', { name: 'Play' });
    assert.equal(await play.getAttribute('href'), 'https://rec.example/r1.mp3');
    assert.equal(await play.getAttribute('target'), '_blank');
    assert.equal(await play.getAttribute('rel'), 'noopener noreferrer');
    assert.equal(await page.getByTestId('call-recording-table').locator('td .phone-number', { hasText: PEER }).count(), 1);
  });

  await step('call-recording-filters-and-csv', async () => {
    // Bo by his MultiLine number: as typed, + and all.
    let asked = new URL((await filter('call-recording', 'account', BO.multiline_number, 'call_recording')).url());
    assert.equal(asked.searchParams.get('account'), BO.multiline_number);
    await expectRows('call-recording', 1);
    assert.match(await rows('call-recording').first().innerText(), /bo@carrier\.example/);
    const { href, header, rows: csv } = await csvOf('call-recording');
    assert.equal(new URL(href, server.baseUrl).searchParams.get('account'), BO.multiline_number);
    assertColumns(header, 'call_recording');
    assert.equal(csv.length, 1, JSON.stringify(csv));
    assert.deepEqual(pick(csv[0], CSV_COLUMNS.call_recording), {
      id: 'r2',
      account_id: ids.bo,
      login: BO.login,
      first_name: 'Bo',
      last_name: 'Baker',
      multiline_number: BO.multiline_number,
      org_id: rootId,
      org_name: 'Carrier',
      started_at: ids.times.r2,
      direction: 'in',
      peer_number: OTHER_PEER,
      duration_seconds: '3725',
      media_url: 'https://rec.example/r2.mp3',
      size_bytes: '2500000',
    });
    await snap('call-recording-of-bo');
    // Cleared by its button: every row again, at once.
    const account = page.getByTestId('call-recording-account');
    const cleared = reportAnswer('call_recording');
    await page.locator('.ant-input-affix-wrapper', { has: account }).locator('.ant-input-clear-icon').click();
    asked = new URL((await cleared).url());
    assert.equal(await account.inputValue(), '');
    assert.equal(asked.searchParams.has('account'), false);
    await expectRows('call-recording', 2);
    const all = await csvOf('call-recording');
    assert.deepEqual(
      all.rows.map((r) => r.id),
      ['r1', 'r2'],
    );
  });

  await step('message-logging', async () => {
    await openMenuEntry(page, 'Reports', 'Message Logging');
    await visible(page.getByRole('heading', { name: 'Message Logging' }));
    await expectRows('message-logging', 4);
    const texts = await rows('message-logging').locator('td:nth-child(6)').allInnerTexts();
    assert.deepEqual(
      texts.map((s) => s.trim()),
      ['SMS', 'MMS', 'WhatsApp', 'LINE'],
    );
    // The script is text on the page, nothing more.
    const scripted = messageRow('SMS');
    assert.equal((await scripted.getByTestId('message-text').innerText()).trim(), SCRIPT_TEXT);
    assert.equal(await page.getByTestId('message-logging-table').locator('script').count(), 0);
    assert.deepEqual((await cellTexts(scripted)).slice(0, 5), [
      await dateTime(ids.times.m1),
      'Ana Archer\nana@carrier.example',
      `${ANA.multiline_number}\nCarrier`,
      'Incoming',
      PEER,
    ]);
    // Attachments only, and a text erased after the retention: said so, in italics.
    const attachmentOnly = messageRow('MMS');
    assert.equal((await attachmentOnly.getByTestId('message-text-note').innerText()).trim(), 'Attachment only');
    const italic = (note) => note.getByText(/./).evaluate((el) => getComputedStyle(el).fontStyle);
    assert.equal(await italic(attachmentOnly.getByTestId('message-text-note')), 'italic');
    const photo = attachmentOnly.getByRole('link', { name: 'Attachment 1' });
    assert.equal(await photo.getAttribute('href'), 'https://media.example/photo.jpg');
    assert.equal(await photo.getAttribute('target'), '_blank');
    assert.equal(await photo.getAttribute('rel'), 'noopener noreferrer');
    const erased = messageRow('LINE');
    assert.equal((await erased.getByTestId('message-text-note').innerText()).trim(), 'Erased after retention');
    assert.doesNotMatch(await erased.innerText(), /Past its retention/);
    assert.equal(await italic(erased.getByTestId('message-text-note')), 'italic');
    // A long text: cut, then whole on Expand.
    const long = messageRow('WhatsApp');
    assert.equal(await long.getByRole('link', { name: /^Attachment \d$/ }).count(), 2);
    assert.doesNotMatch(await long.getByTestId('message-text').innerText(), /END-OF-TEXT/);
    await snap('message-logging');
    await long.getByRole('button', { name: 'Expand' }).click();
    await visible(long.getByText(/END-OF-TEXT/));
    assert.equal((await long.getByTestId('message-text').innerText()).replace(/\s*Collapse$/, '').trim(), LONG_TEXT.trim());
    await snap('message-expanded');
  });

  await step('message-logging-peer-filter', async () => {
    const asked = new URL((await filter('message-logging', 'peer', PEER, 'message_logging')).url());
    assert.equal(asked.searchParams.get('peer_number'), PEER);
    await expectRows('message-logging', 2);
    for (const text of await rows('message-logging').allInnerTexts()) assert.ok(text.includes(PEER), text);
    const { href, header, rows: csv } = await csvOf('message-logging');
    assert.equal(new URL(href, server.baseUrl).searchParams.get('peer_number'), PEER);
    assertColumns(header, 'message_logging');
    assert.deepEqual(
      csv.map((r) => pick(r, ['id', 'sent_at', 'direction', 'peer_number', 'channel', 'text', 'text_state', 'attachment_urls'])),
      [
        {
          id: 'm1',
          sent_at: ids.times.m1,
          direction: 'in',
          peer_number: PEER,
          channel: 'sms',
          text: SCRIPT_TEXT,
          text_state: 'present',
          attachment_urls: '',
        },
        {
          id: 'm4',
          sent_at: ids.times.m4,
          direction: 'in',
          peer_number: PEER,
          channel: 'line',
          text: '',
          text_state: 'erased',
          attachment_urls: '',
        },
      ],
    );
    await snap('message-logging-of-peer');
  });

  await step('message-logging-bad-peer-number', async () => {
    const bad = '212-555-0199';
    const answer = await filter('message-logging', 'peer', bad, 'message_logging');
    assert.equal(answer.status(), 422);
    // Sent as typed, not mended into something else.
    assert.equal(new URL(answer.url()).searchParams.get('peer_number'), bad);
    const problem = await answer.json();
    const fieldError = problem.errors.find((e) => e.field === 'peer_number');
    assert.ok(fieldError, JSON.stringify(problem));
    const alert = page.getByRole('alert').filter({ hasText: problem.detail });
    await visible(alert);
    assert.match(await alert.innerText(), new RegExp(`Peer number: ${fieldError.message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.equal(await page.getByTestId('message-logging-peer').inputValue(), bad);
    assert.equal(await page.getByTestId('message-logging-peer').getAttribute('aria-invalid'), 'true');
    await expectRows('message-logging', 0);
    await snap('bad-peer-number');
    // Mended: the rows again, the error gone.
    await filter('message-logging', 'peer', PEER, 'message_logging');
    await expectRows('message-logging', 2);
    await alert.waitFor({ state: 'detached' });
  });

  await step('sms-opt-in', async () => {
    await openMenuEntry(page, 'Reports', 'SMS Opt-in');
    await visible(page.getByRole('heading', { name: 'SMS Opt-in' }));
    await expectRows('sms-opt-in', 2);
    assert.deepEqual((await cellTexts(rows('sms-opt-in').first())).slice(0, 6), [
      await dateTime(ids.times.o1),
      'Ana Archer\nana@carrier.example',
      `${ANA.multiline_number}\nCarrier`,
      PEER,
      'Opted in',
      'START',
    ]);
    assert.deepEqual((await cellTexts(rows('sms-opt-in').nth(1))).slice(3, 6), [OTHER_PEER, 'Opted out', 'STOP']);
    await filter('sms-opt-in', 'peer', OTHER_PEER, 'sms_opt_in');
    await expectRows('sms-opt-in', 1);
    assert.match(await rows('sms-opt-in').first().innerText(), /bo@carrier\.example/);
    const { header, rows: csv } = await csvOf('sms-opt-in');
    assertColumns(header, 'sms_opt_in');
    assert.deepEqual(
      csv.map((r) => pick(r, ['id', 'login', 'at', 'peer_number', 'opted_in', 'keyword'])),
      [{ id: 'o2', login: BO.login, at: ids.times.o2, peer_number: OTHER_PEER, opted_in: 'false', keyword: 'STOP' }],
    );
    await snap('sms-opt-in');
  });

  // Each page in Spanish and Portuguese: its title, its notes, and column titles whose words stay whole.
  const LANGUAGES = {
    es: { titles: ['Grabación de llamadas', 'Registro de mensajes', 'Consentimiento SMS'], attachmentOnly: 'Solo adjuntos' },
    pt: { titles: ['Gravação de chamadas', 'Registro de mensagens', 'Consentimento SMS'], attachmentOnly: 'Somente anexos' },
  };
  for (const [language, { titles, attachmentOnly }] of Object.entries(LANGUAGES)) {
    await step(`in-${language}`, async () => {
      await page.evaluate((l) => localStorage.setItem('lineport.language', l), language);
      for (const [k, [path, testId, n]] of [
        ['/reports/call-recording', 'call-recording', 2],
        ['/reports/message-logging', 'message-logging', 4],
        ['/reports/sms-opt-in', 'sms-opt-in', 2],
      ].entries()) {
        await page.goto(server.baseUrl + path);
        await visible(page.getByRole('heading', { name: titles[k] }));
        await expectRows(testId, n);
        assert.deepEqual(await brokenWords(page, '.ant-table-thead th'), [], `${language} ${path}`);
        if (testId === 'message-logging') await visible(messageRow('MMS').getByText(attachmentOnly));
        await snap(`${testId}-${language}`);
      }
    });
  }
  await page.evaluate(() => localStorage.setItem('lineport.language', 'en'));

  await step('auditor-views-without-download', async () => {
    const invitation = await waitForMail(spool, { to: AUDITOR_EMAIL, event: 'admin_invitation' });
    await context.clearCookies();
    await apiSession(context, server.baseUrl, AUDITOR_EMAIL, secretLine(invitation.body, 'Password'), AUDITOR_PASSWORD);
    // Home is the only page the role opens.
    await page.goto(server.baseUrl + '/');
    await page.waitForURL('**/reports/message-logging');
    await visible(page.getByRole('heading', { name: 'Message Logging' }));
    await expectRows('message-logging', 4);
    assert.equal(await page.getByTestId('message-logging-csv').count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Download CSV' }).count(), 0);
    await openMenuEntry(page, 'Reports', 'Message Logging');
    for (const name of ['Call Recording', 'SMS Opt-in', 'Activities']) assert.equal(await menuEntry(page, name).count(), 0, name);
    await snap('auditor');
    await page.goto(server.baseUrl + '/reports/call-recording');
    await visible(page.getByText('You do not have access'));
  });

  await step('clerk-downloads-without-viewing', async () => {
    const invitation = await waitForMail(spool, { to: CLERK_EMAIL, event: 'admin_invitation' });
    await context.clearCookies();
    await apiSession(context, server.baseUrl, CLERK_EMAIL, secretLine(invitation.body, 'Password'), CLERK_PASSWORD);
    const asked = [];
    const listen = (request) => {
      const url = new URL(request.url());
      if (url.pathname.endsWith('/reports/sms_opt_in')) asked.push(url.search);
    };
    page.on('request', listen);
    await page.goto(server.baseUrl + '/');
    await page.waitForURL('**/reports/sms-opt-in');
    await visible(page.getByRole('heading', { name: 'SMS Opt-in' }));
    await visible(page.getByTestId('sms-opt-in-download-only'));
    assert.equal(await page.getByTestId('sms-opt-in-table').count(), 0);
    const { rows: csv } = await csvOf('sms-opt-in');
    assert.deepEqual(
      csv.map((r) => r.id),
      ['o1', 'o2'],
    );
    page.off('request', listen);
    // The rows were never asked for (only the CSV, by its link, outside the page).
    assert.deepEqual(asked, []);
    await snap('clerk');
  });

  assert.deepEqual(problems, []);
});
