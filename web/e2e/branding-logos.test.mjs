// Setup > Branding's logos end to end, as the root's administrator: a portal logo uploaded (shown
// with its size, marked as set on the organization, and in the frame beside the product name at
// once), a text file named .png refused with the server's reason; in a sub-organization the logo
// shows as inherited, with nothing to remove; the root removes it and the frame shows Lineport's
// mark again.
//   npm run build && node --test e2e/branding-logos.test.mjs     (LINEPORT_BIN, LINEPORT_ARTIFACTS optional)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiSession, openMenuEntry, opened, pngImage, scenario } from './helpers.mjs';

const env = scenario('branding-logos');
const ROOT_PASSWORD = 'Harbour-Lantern-2931';
const BRANCH = 'Branch North';

test('branding logos', { timeout: 240_000 }, async (t) => {
  const { server } = env;
  const { context, page, step, snap, problems } = await env.open(t);
  const visible = (locator) => locator.waitFor({ state: 'visible' });
  const portalCard = page.getByTestId('portal-logo');
  const portalImage = page.getByTestId('portal-logo-image');
  const logoPng = pngImage(96, 32, [20, 90, 200]);
  let call, rootId, adminId, branchId;

  await step('no-logo', async () => {
    call = await apiSession(context, server.baseUrl, server.email, server.password, ROOT_PASSWORD);
    const me = await call('GET', '/auth/me');
    rootId = me.org.id;
    adminId = me.admin.id;
    branchId = (await call('POST', `/orgs/${rootId}/children`, { name: BRANCH })).id;
    await page.goto(server.baseUrl + '/');
    await openMenuEntry(page, 'Setup', 'Branding');
    await visible(page.getByRole('heading', { name: 'Branding' }));
    await visible(portalCard.getByText('No logo'));
    await visible(page.getByTestId('portal-logo-source').getByText('Not set on any organization: the default applies.'));
    assert.equal(await page.locator('img[data-testid="frame-logo"]').count(), 0);
  });

  await step('portal-logo-uploaded', async () => {
    const saved = page.waitForResponse(
      (r) => r.request().method() === 'PUT' && r.url().endsWith(`/orgs/${rootId}/branding/portal/logo`),
    );
    await portalCard.locator('input[type="file"]').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: logoPng });
    const response = await saved;
    assert.equal(response.status(), 200);
    assert.equal(response.request().headers()['content-type'], 'image/png');
    const held = (await response.json()).portal_logo;
    assert.equal(held.own, true);
    await page.waitForFunction((el) => el.complete && el.naturalWidth === 96, await portalImage.elementHandle());
    await visible(page.getByTestId('portal-logo-info').filter({ hasText: 'PNG, 96 × 32 pixels' }));
    await visible(page.getByTestId('portal-logo-source').getByText('Set on Carrier.'));
    // The frame shows it beside the product name, without a reload.
    const inFrame = page.locator('img[data-testid="frame-logo"]');
    await visible(inFrame);
    assert.equal(await inFrame.getAttribute('src'), held.url);
    assert.equal(Math.round((await inFrame.boundingBox()).height), 28);
  });

  await step('not-an-image-refused', async () => {
    await portalCard.locator('input[type="file"]').setInputFiles({
      name: 'notes.png',
      mimeType: 'image/png',
      buffer: Buffer.from('not a picture at all'),
    });
    const refusal = page.getByTestId('portal-logo-problem');
    await visible(refusal);
    assert.match(await refusal.innerText(), /^The logo was not saved: \S/);
    assert.equal((await call('GET', `/orgs/${rootId}/branding`)).portal_logo.width, 96);
  });

  await step('inherited-in-sub-organization', async () => {
    await page.evaluate(([key, id]) => localStorage.setItem(key, id), [`lineport.org.${adminId}`, branchId]);
    await page.reload();
    await page.waitForFunction(
      (name) => document.querySelector('[data-testid="org-picker-button"]')?.innerText.trim() === name,
      BRANCH,
    );
    await visible(page.getByTestId('portal-logo-source').getByText('Inherited from Carrier.'));
    await visible(portalImage);
    assert.equal(await page.getByTestId('portal-logo-remove').count(), 0);
    await visible(page.getByTestId('app-logo').getByText('No logo'));
    await page.getByTestId('org-path').getByText('Carrier', { exact: true }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="org-picker-button"]')?.innerText.trim() === 'Carrier');
  });

  await step('portal-logo-removed', async () => {
    await visible(page.getByTestId('portal-logo-source').getByText('Set on Carrier.'));
    await page.getByTestId('portal-logo-remove').click();
    const confirm = page.locator('.ant-popconfirm').filter({ hasText: 'Remove the logo?' });
    await opened(confirm);
    await confirm.getByRole('button', { name: 'Yes' }).click();
    await visible(portalCard.getByText('No logo'));
    await page.locator('img[data-testid="frame-logo"]').waitFor({ state: 'detached' });
    assert.equal((await call('GET', `/orgs/${rootId}/branding`)).portal_logo, null);
    await snap('removed');
  });

  assert.deepEqual(problems, []);
});
