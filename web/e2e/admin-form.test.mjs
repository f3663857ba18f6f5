// The administrator form as the seed draws it: the Personal Details and Address tabs, a profile
// photo (a file that only claims to be an image is refused by the server, with its reason), an
// API user that serves no external application ("None"), and a photo of one's own in My Profile.
//   npm run build && node --test e2e/        (LINEPORT_BIN, LINEPORT_ARTIFACTS optional)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiSession, pngImage, scenario } from './helpers.mjs';

const env = scenario('admin-form');
const ROOT_PASSWORD = 'Harbour-Lantern-2931';
const EMAIL = 'lia.lopes@example.com';
const ADDRESS = { street: '12 Rua Augusta', city: 'Lisboa', state: 'Lisboa', postal_code: '1100-048', country: 'Portugal' };

test('the administrator form: address, photo, no external application', { timeout: 150_000 }, async (t) => {
  const { server } = env;
  const { context, page, step, snap, problems } = await env.open(t);
  const visible = (locator) => locator.waitFor({ state: 'visible' });
  const option = (text) =>
    page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text });
  /** The image of a photo picker, once the browser has decoded it. */
  const shownPhoto = async (scope) => {
    const img = scope.getByTestId('photo-preview').locator('img');
    await visible(img);
    await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle());
    return img.getAttribute('src');
  };
  const photoPng = pngImage(48, 48, [30, 120, 200]);
  let call, orgId, liaId;

  await step('signed-in', async () => {
    call = await apiSession(context, server.baseUrl, server.email, server.password, ROOT_PASSWORD);
    orgId = (await call('GET', '/auth/me')).org.id;
    await page.goto(server.baseUrl + '/administrators');
    await visible(page.getByRole('heading', { name: 'Administrators', exact: true }));
  });

  await step('add-administrator-with-address-and-photo', async () => {
    await page.getByRole('button', { name: 'Add New Administrator' }).click();
    const drawer = page.getByRole('dialog', { name: 'Add New Administrator' });
    await visible(drawer);
    await visible(drawer.getByRole('tab', { name: 'Personal Details' }));
    await drawer.getByLabel('First Name').fill('Lia');
    await drawer.getByLabel('Last Name').fill('Lopes');
    await drawer.getByLabel('Email').fill(EMAIL);
    await drawer.getByLabel('Role').click();
    await option('Enterprise Super Administrator').click();
    await drawer.getByTestId('photo-input').setInputFiles({ name: 'lia.png', mimeType: 'image/png', buffer: photoPng });
    assert.match(await shownPhoto(drawer), /^data:image\/png;base64,/);
    await drawer.getByRole('tab', { name: 'Address' }).click();
    await drawer.getByLabel('Street').fill(ADDRESS.street);
    await drawer.getByLabel('City').fill(ADDRESS.city);
    await drawer.getByLabel('State / Province').fill(ADDRESS.state);
    await drawer.getByLabel('Postal Code').fill(ADDRESS.postal_code);
    await drawer.getByLabel('Country').fill(ADDRESS.country);
    await snap('address-tab');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.waitFor({ state: 'hidden' });
    await visible(page.getByTestId('admins-table').getByRole('row', { name: /Lia Lopes/ }));

    const [lia] = (await call('GET', `/orgs/${orgId}/admins?q=${encodeURIComponent(EMAIL)}`)).items;
    liaId = lia.id;
    assert.deepEqual(lia.address, ADDRESS);
    assert.ok(lia.photo_url);
    const served = await context.request.get(server.baseUrl + lia.photo_url);
    assert.equal(served.headers()['content-type'], 'image/png');
    assert.equal(served.headers()['x-content-type-options'], 'nosniff');
    assert.deepEqual(await served.body(), photoPng);
  });

  await step('edit-shows-photo-and-address', async () => {
    await page.getByTestId('admins-table').getByRole('button', { name: 'Edit Lia Lopes' }).click();
    const drawer = page.getByRole('dialog', { name: 'Edit Administrator' });
    await visible(drawer);
    // The photo comes from the server.
    assert.match(await shownPhoto(drawer), new RegExp(`/api/v1/admins/${liaId}/photo\\?v=`));
    await drawer.getByRole('tab', { name: 'Address' }).click();
    assert.equal(await drawer.getByLabel('City').inputValue(), ADDRESS.city);
    assert.equal(await drawer.getByLabel('Postal Code').inputValue(), ADDRESS.postal_code);
    await drawer.getByRole('tab', { name: 'Personal Details' }).click();
  });

  await step('photo-that-is-not-an-image', async () => {
    const drawer = page.getByRole('dialog', { name: 'Edit Administrator' });
    // A text file is turned down by the form itself.
    await drawer
      .getByTestId('photo-input')
      .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await visible(
      drawer.getByTestId('photo-picker').getByRole('alert').filter({ hasText: '"notes.txt" is not a PNG or JPEG image.' }),
    );
    // An SVG named .png claims to be a PNG: the server reads it and refuses it, saying why.
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>');
    await drawer.getByTestId('photo-input').setInputFiles({ name: 'avatar.png', mimeType: 'image/png', buffer: svg });
    await drawer.getByRole('button', { name: 'Save' }).click();
    const notice = drawer.getByRole('alert').filter({ hasText: 'The photo was not saved' });
    await visible(notice);
    assert.match(await notice.innerText(), /not a PNG or JPEG image/);
    assert.match(await notice.innerText(), /Send a PNG or JPEG image of at most 1 MiB/);
    await snap('photo-refused');
    const served = await context.request.get(`${server.baseUrl}/api/v1/admins/${liaId}/photo`);
    assert.deepEqual(await served.body(), photoPng, 'the photo stays what it was');

    await drawer.getByRole('button', { name: 'Remove photo' }).click();
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.waitFor({ state: 'hidden' });
    assert.equal((await call('GET', `/admins/${liaId}`)).photo_url, null);
  });

  await step('api-user-without-external-application', async () => {
    await page.getByRole('button', { name: 'Add API User' }).click();
    const drawer = page.getByRole('dialog', { name: 'Add API User' });
    await visible(drawer);
    await drawer.getByLabel('First Name').fill('Nightly');
    await drawer.getByLabel('Last Name').fill('Export');
    await drawer.getByLabel('Email').fill('nightly@example.com');
    await drawer.getByTestId('external-applications').click();
    await option('HttpApi').click();
    // None replaces what was picked.
    await option('None').click();
    await page.keyboard.press('Escape');
    const chosen = await drawer.getByTestId('external-applications').locator('.ant-select-selection-item').allInnerTexts();
    assert.deepEqual(chosen, ['None']);
    await snap('api-user-none');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.waitFor({ state: 'hidden' });
    const row = page.getByTestId('admins-table').getByRole('row', { name: /Nightly Export/ });
    await visible(row);
    const [apiUser] = (await call('GET', `/orgs/${orgId}/admins?q=nightly`)).items;
    assert.deepEqual(apiUser.external_applications, []);
    await row.getByRole('button', { name: 'Edit Nightly Export' }).click();
    const edit = page.getByRole('dialog').filter({ has: page.getByTestId('external-applications') });
    await visible(edit);
    assert.deepEqual(await edit.getByTestId('external-applications').locator('.ant-select-selection-item').allInnerTexts(), [
      'None',
    ]);
    await page.keyboard.press('Escape');
    await edit.waitFor({ state: 'hidden' });
  });

  await step('my-profile-photo', async () => {
    await page.getByTestId('profile-menu').click();
    await page.locator('.ant-dropdown-menu').getByRole('menuitem', { name: 'Profile' }).click();
    await visible(page.getByRole('heading', { name: 'My Profile' }));
    // A JPEG made by the browser's own encoder.
    const jpeg = Buffer.from(
      await page.evaluate(() => {
        const canvas = document.createElement('canvas');
        canvas.width = 64;
        canvas.height = 48;
        const g = canvas.getContext('2d');
        g.fillStyle = '#c0392b';
        g.fillRect(0, 0, 64, 48);
        return canvas.toDataURL('image/jpeg', 0.8).split(',')[1];
      }),
      'base64',
    );
    await page.getByTestId('photo-input').setInputFiles({ name: 'me.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await page.getByRole('button', { name: 'Save' }).click();
    await visible(page.getByText('Your profile has been saved.'));
    const me = await call('GET', '/auth/me');
    assert.ok(me.admin.photo_url);
    assert.equal(await shownPhoto(page), me.admin.photo_url);
    const served = await context.request.get(server.baseUrl + me.admin.photo_url);
    assert.equal(served.headers()['content-type'], 'image/jpeg');
    assert.deepEqual(await served.body(), jpeg);
    await snap('my-profile-photo');
  });

  assert.deepEqual(problems, []);
});
