// Shared pieces of the browser tests: the browser, numbered screenshots per step, the mail
// spool, and API calls that prepare a scenario faster than clicking through it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';

const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where screenshots and the server log of one test file go. */
export function artifactsDir(name) {
  const root = process.env.LINEPORT_ARTIFACTS || path.join(repoDir, 'test-artifacts/e2e');
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  // Screenshots of an earlier run would mix with this run's.
  for (const file of fs.readdirSync(dir)) if (file.endsWith('.png')) fs.rmSync(path.join(dir, file));
  return dir;
}

/** Debian's chromium through playwright-core (no browser download), English, UTC. */
export async function launchBrowser() {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lineport-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  const close = async () => {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, close };
}

/**
 * Runs named steps as subtests of `t`, in order, a screenshot after each; once one fails the
 * rest are skipped, as they build on it. Page errors (not the expected failed requests) are
 * collected in `problems`.
 */
export function stepper(t, page, dir) {
  let shot = 0;
  let failed = false;
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
  });
  // The viewport only: a full-page screenshot resizes the viewport for a moment, which the side
  // bar's breakpoint sees, and a menu folded at the wrong moment loses the group a test opens next.
  const snap = async (name) => {
    shot += 1;
    await page.screenshot({
      path: path.join(dir, `${String(shot).padStart(2, '0')}-${name}.png`),
      animations: 'disabled',
    });
  };
  const step = async (name, body) => {
    await t.test(name, { skip: failed && 'an earlier step failed' }, async () => {
      failed = true;
      try {
        await body();
        failed = false;
      } finally {
        await snap(name);
      }
    });
  };
  return { step, snap, problems };
}

/** An entry of the portal's main menu, by its exact label. */
export const menuEntry = (page, name) =>
  page
    .getByTestId('main-menu')
    .getByRole('menuitem')
    .filter({ hasText: new RegExp(`^${name}$`) });

/**
 * Opens `entry` of the main menu's `group` (Setup, Reports). Clicking a group toggles it, so it is
 * clicked only while closed, and only once the menu has settled: no group growing or shrinking.
 * A side bar folded on a wide window (something resized the viewport for a moment) is unfolded
 * first, as a user would: folded, the groups open as pop-ups outside the menu. An open group whose
 * entries do not show (a click or an animation lost on a loaded machine) is closed and opened
 * again, a few times at most.
 */
export async function openMenuEntry(page, group, entry) {
  const item = menuEntry(page, entry);
  const title = menuEntry(page, group);
  // Settling is waited for briefly and never required: the clicks below are what must succeed.
  const settled = () =>
    page
      .waitForFunction(() => !document.querySelector('[data-testid="main-menu"] .ant-motion-collapse'), undefined, {
        timeout: 3_000,
      })
      .catch(() => {});
  const expanded = async () => (await title.getAttribute('aria-expanded')) === 'true';
  for (let attempt = 0; attempt < 4; attempt++) {
    await unfoldSideBar(page);
    await settled();
    if (await item.isVisible()) break;
    if (await expanded()) {
      // Open, yet its entries do not show: close it, so that the next click opens it again.
      await title.click();
      for (let waited = 0; (await expanded()) && waited < 3_000; waited += 100) await page.waitForTimeout(100);
      await settled();
    }
    await title.click();
    await item.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => {});
  }
  await settled();
  await item.click();
}

/** Unfolds the side bar when it is folded on a window wide enough for it (992 px and more). */
async function unfoldSideBar(page) {
  const folded = page.locator('.ant-layout-sider-collapsed');
  // The breakpoint may unfold it by itself a moment later.
  for (let waited = 0; (await folded.count()) > 0 && waited < 1_000; waited += 100) await page.waitForTimeout(100);
  if ((await folded.count()) === 0 || (await page.evaluate(() => window.innerWidth)) < 992) return;
  await folded.locator('.ant-layout-sider-trigger').click();
  await page.locator('.ant-layout-sider-collapsed').waitFor({ state: 'detached', timeout: 5_000 });
}

/**
 * Waits until `overlay` (an Ant Design modal, or a popover such as a Popconfirm) shows and its
 * zoom-in animation is over: a click while it still moves can land on nothing, or a checkbox can
 * miss its change (both seen on a loaded machine).
 */
export async function opened(overlay) {
  await overlay.waitFor({ state: 'visible' });
  await overlay.page().waitForFunction((el) => !/\bant-zoom/.test(el.className), await overlay.elementHandle());
}

/**
 * Ticks an Ant Design checkbox. Not Playwright's check(): it reads the box right after the click,
 * and a form-controlled box shows its new state only once React has rendered again, which on a
 * loaded machine comes later ("Clicking the checkbox did not change its state", while the
 * screenshot shows it ticked).
 */
export async function tick(checkbox) {
  if (await checkbox.isChecked()) return;
  await checkbox.click();
  for (let waited = 0; !(await checkbox.isChecked()); waited += 50) {
    if (waited >= 5_000) throw new Error(`${checkbox} was clicked but did not become ticked`);
    await checkbox.page().waitForTimeout(50);
  }
}

/** Headers (lower-cased names, first occurrence) and body of an RFC 5322 message. */
function parseMessage(text) {
  const split = text.search(/\r?\n\r?\n/);
  const head = split < 0 ? text : text.slice(0, split);
  const body = split < 0 ? '' : text.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      const name = line.slice(0, colon).trim().toLowerCase();
      headers[name] ??= line.slice(colon + 1).trim();
    }
  }
  return { headers, body: body.replace(/\r\n/g, '\n') };
}

/**
 * Waits for a message in the spool to `to` with `X-Lineport-Event: event`, not among `seen`
 * (file names), and returns { file, headers, body }.
 */
export async function waitForMail(spoolDir, { to, event, seen = new Set(), timeoutMs = 15_000 }) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const files = fs.existsSync(spoolDir) ? fs.readdirSync(spoolDir).filter((f) => f.endsWith('.eml')) : [];
    for (const file of files) {
      if (seen.has(file)) continue;
      const message = parseMessage(fs.readFileSync(path.join(spoolDir, file), 'utf8'));
      const recipient = message.headers.to ?? '';
      if (message.headers['x-lineport-event'] === event && recipient.toLowerCase().includes(to.toLowerCase())) {
        return { file, ...message };
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no "${event}" mail to ${to} in ${spoolDir} within ${timeoutMs} ms`);
}

/** The value of a secret line such as "Password: …" in a message body. */
export function secretLine(body, label) {
  const value = new RegExp(`^${label}:[ \\t]*(\\S+)[ \\t]*$`, 'm').exec(body)?.[1];
  if (!value) throw new Error(`no "${label}: …" line in:\n${body}`);
  return value;
}

/**
 * Signs in through the API in the browser's context (its cookie jar), changes the generated
 * password when asked, and returns a caller for further API requests with the CSRF token.
 */
export async function apiSession(context, baseUrl, email, password, newPassword) {
  const login = await context.request.post(`${baseUrl}/api/v1/auth/login`, { data: { email, password } });
  if (!login.ok()) throw new Error(`login ${email}: ${login.status()} ${await login.text()}`);
  const { csrf_token: csrf, password_change_required: mustChange } = await login.json();
  const call = async (method, apiPath, data) => {
    const response = await context.request.fetch(`${baseUrl}/api/v1${apiPath}`, {
      method,
      data,
      headers: { 'X-CSRF-Token': csrf },
    });
    if (!response.ok()) throw new Error(`${method} ${apiPath}: ${response.status()} ${await response.text()}`);
    return response.status() === 204 ? undefined : response.json();
  };
  if (mustChange && newPassword) {
    await call('POST', '/auth/password', { current_password: password, new_password: newPassword });
  }
  return call;
}

/**
 * One test file's world: a fresh server (with `demo`, on the demo data; `serveArgs` added to
 * `lineport serve`) and browser started before its tests and stopped after them. `open(t)` gives
 * a test the page, the step runner (screenshots in `artifacts`) and the server's mail spool.
 */
export function scenario(name, { demo = false, serveArgs = [] } = {}) {
  const env = { artifacts: artifactsDir(name), server: undefined, browser: undefined };
  before(async () => {
    env.server = await startServer({ logDir: env.artifacts, demo, serveArgs });
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  env.open = async (t) => {
    const { context } = env.browser;
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
    return { context, page, spool: path.join(env.server.dataDir, 'mail'), ...stepper(t, page, env.artifacts) };
  };
  return env;
}

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real PNG: `width`×`height` pixels of one RGB colour. */
export function pngImage(width, height, [r, g, b]) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per sample
  header[9] = 2; // RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', zlib.deflateSync(pixels)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}
