// Help end to end: the root's administrator opens Help and reads the built-in Getting started
// page rendered from its Markdown; in Setup > Help Pages writes the organization's own Getting
// started (an empty title refused by the server under its field first), whose Markdown carries
// raw HTML (a script, an image with onerror) and a javascript: link: in Help its heading is an
// h2, links to other help pages stay inside Help, links to other sites open in a new tab, and
// nothing of the HTML exists nor runs. An administrator of a sub-organization who may only read
// the help sees the root's text as inherited and no button to change it; last, the root reverts
// to the built-in text, which Help shows again.
//   npm run build && node --test e2e/help.test.mjs     (LINEPORT_BIN, LINEPORT_ARTIFACTS optional)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiSession, menuEntry, openMenuEntry, opened, scenario, secretLine, waitForMail } from './helpers.mjs';

const env = scenario('help');
const ROOT_PASSWORD = 'Harbour-Lantern-2931';
const READER_EMAIL = 'rita.reader@example.com';
const READER_PASSWORD = 'Copper-Window-Ledger-57';
const BRANCH = 'Branch North';
const OWN_TITLE = 'Welcome to Carrier';
const OWN_BODY = [
  'Read this first.',
  '',
  '<script>window.__xss=1</script>',
  '',
  '<img src=x onerror="window.__xss=2">',
  '',
  '## Heading',
  '',
  'Try [click](javascript:window.__xss=3), see [Numbers](numbers) or [the docs](https://example.com/docs).',
].join('\n');

test('help pages', { timeout: 300_000 }, async (t) => {
  const { server } = env;
  const { context, page, spool, step, snap, problems } = await env.open(t);
  const visible = (locator) => locator.waitFor({ state: 'visible' });
  const answer = (method, suffix) =>
    page.waitForResponse((r) => r.request().method() === method && new URL(r.url()).pathname.endsWith(suffix));
  const helpBody = page.getByTestId('help-body');
  const helpTitle = page.getByTestId('help-title');
  const cell = (slug, language) => page.getByTestId(`help-${slug}-${language}`);
  const drawer = page.locator('.ant-drawer-content');
  const fieldError = (label) =>
    drawer
      .locator('.ant-form-item')
      .filter({ has: page.locator('label', { hasText: new RegExp(`^${label}$`) }) })
      .locator('.ant-form-item-explain-error');
  const openHelp = async () => {
    await menuEntry(page, 'Help').click();
    await page.waitForURL(/\/help/);
  };

  let call, rootId, branchId;

  await step('built-in-page-shown', async () => {
    call = await apiSession(context, server.baseUrl, server.email, server.password, ROOT_PASSWORD);
    rootId = (await call('GET', '/auth/me')).org.id;
    branchId = (await call('POST', `/orgs/${rootId}/children`, { name: BRANCH })).id;
    await page.goto(server.baseUrl + '/');
    await openHelp();
    await visible(helpTitle.getByText('Getting started', { exact: true }));
    // A heading of the page's Markdown, rendered as one.
    await visible(helpBody.getByRole('heading', { level: 2, name: 'Sign in for the first time' }));
    // The menu's table (GitHub-flavoured Markdown) is a table, not lines of pipes.
    await visible(helpBody.getByRole('columnheader', { name: 'Entry' }));
    await visible(helpBody.getByRole('cell', { name: 'Roles and Privileges' }));
    assert.equal(await helpBody.getByText('|---|').count(), 0);
    await visible(page.getByTestId('help-menu').getByRole('menuitem', { name: 'Managing numbers' }));
  });

  await step('empty-title-refused', async () => {
    await openMenuEntry(page, 'Setup', 'Help Pages');
    await visible(page.getByRole('heading', { name: 'Help Pages' }));
    await visible(cell('getting-started', 'en').getByText('Built-in text'));
    await cell('getting-started', 'en').getByRole('button', { name: 'Edit' }).click();
    await visible(drawer);
    // The built-in text to start from.
    await page.waitForFunction(() => document.querySelector('#helpPage_title')?.value === 'Getting started');
    await page.locator('#helpPage_title').fill('');
    await page.locator('#helpPage_body').fill(OWN_BODY);
    // The preview renders as the viewer does.
    await visible(drawer.getByTestId('help-preview').getByRole('heading', { level: 2, name: 'Heading' }));
    const refused = answer('PUT', `/orgs/${rootId}/help-pages/getting-started/en`);
    await drawer.getByTestId('help-save').click();
    const response = await refused;
    assert.equal(response.status(), 422);
    const error = (await response.json()).errors.find((e) => e.field === 'title');
    assert.ok(error, 'a field error on title');
    await visible(fieldError('Title').getByText(error.message, { exact: true }));
    const held = await call('GET', '/orgs/' + rootId + '/help-pages/getting-started/en');
    assert.equal(held.own, false);
  });

  await step('own-page-saved', async () => {
    await page.locator('#helpPage_title').fill(OWN_TITLE);
    const saved = answer('PUT', `/orgs/${rootId}/help-pages/getting-started/en`);
    await drawer.getByTestId('help-save').click();
    const response = await saved;
    assert.equal(response.status(), 200);
    assert.deepEqual(response.request().postDataJSON(), { title: OWN_TITLE, body: OWN_BODY });
    await visible(page.getByText('The help page has been saved.'));
    await visible(cell('getting-started', 'en').getByText(OWN_TITLE));
    await visible(cell('getting-started', 'en').getByText('Written for this organization'));
  });

  await step('own-page-rendered-safely', async () => {
    await openHelp();
    await visible(helpTitle.getByText(OWN_TITLE, { exact: true }));
    await visible(helpBody.locator('h2', { hasText: 'Heading' }));
    assert.equal(await helpBody.locator('script, img').count(), 0);
    assert.equal(await page.locator('img[src="x"]').count(), 0);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    // The javascript: link is its text only; clicking it runs nothing.
    await helpBody.getByText('click', { exact: true }).click();
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.equal(await helpBody.locator('a[href^="javascript"]').count(), 0);
    const external = helpBody.getByRole('link', { name: 'the docs' });
    assert.equal(await external.getAttribute('target'), '_blank');
    assert.equal(await external.getAttribute('rel'), 'noopener noreferrer');
    await snap('own-page');
    // A link to another help page stays inside Help.
    await helpBody.getByRole('link', { name: 'Numbers' }).click();
    await page.waitForURL((url) => url.pathname === '/help/numbers');
    await visible(helpTitle.getByText('Managing numbers', { exact: true }));
    assert.equal(await page.evaluate(() => window.__xss), undefined);
  });

  await step('sub-organization-reader', async () => {
    const role = await call('POST', `/orgs/${rootId}/roles`, { name: 'Help Reader', privileges: ['help.view'] });
    await call('POST', `/orgs/${branchId}/admins`, {
      first_name: 'Rita',
      last_name: 'Reader',
      email: READER_EMAIL,
      role_id: role.id,
    });
    const invitation = await waitForMail(spool, { to: READER_EMAIL, event: 'admin_invitation' });
    const reader = await apiSession(context, server.baseUrl, READER_EMAIL, secretLine(invitation.body, 'Password'), READER_PASSWORD);
    await page.goto(server.baseUrl + '/help');
    // The root's text, inherited by the reader's organization.
    await visible(helpTitle.getByText(OWN_TITLE, { exact: true }));
    await visible(helpBody.locator('h2', { hasText: 'Heading' }));
    await openMenuEntry(page, 'Setup', 'Help Pages');
    await visible(page.getByRole('heading', { name: 'Help Pages' }));
    await visible(cell('getting-started', 'en').getByText('Inherited from Carrier.'));
    await visible(cell('numbers', 'en').getByText('Built-in text'));
    assert.equal(await page.getByTestId('help-pages').getByRole('button').count(), 0);
    assert.equal(await page.getByTestId('help-new').count(), 0);
    await visible(page.getByText('Your role lets you read the help pages, not change them.'));
    await snap('reader-setup');
    await assert.rejects(reader('PUT', `/orgs/${branchId}/help-pages/numbers/en`, { title: 'Mine', body: 'Mine' }), / 403 /);
  });

  await step('reverted-to-built-in', async () => {
    call = await apiSession(context, server.baseUrl, server.email, ROOT_PASSWORD);
    await page.goto(server.baseUrl + '/setup/help');
    await visible(page.getByRole('heading', { name: 'Help Pages' }));
    await cell('getting-started', 'en').getByRole('button', { name: 'Edit' }).click();
    await page.waitForFunction((title) => document.querySelector('#helpPage_title')?.value === title, OWN_TITLE);
    await drawer.getByTestId('help-remove').click();
    const confirm = page.locator('.ant-popconfirm').filter({ hasText: "Delete this organization's text?" });
    await opened(confirm);
    const removed = answer('DELETE', `/orgs/${rootId}/help-pages/getting-started/en`);
    await confirm.getByRole('button', { name: 'Yes' }).click();
    assert.equal((await removed).status(), 204);
    await visible(page.getByText('The inherited text applies again.'));
    await visible(cell('getting-started', 'en').getByText('Built-in text'));
    await openHelp();
    await visible(helpTitle.getByText('Getting started', { exact: true }));
    await visible(helpBody.getByRole('heading', { level: 2, name: 'Sign in for the first time' }));
  });

  assert.deepEqual(problems, []);
});
