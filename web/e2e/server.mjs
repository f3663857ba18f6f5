// Starts the real Lineport server on a fresh SQLite database for one browser test run.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A port the kernel just handed out, free again for the server to take. */
async function freePort() {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

/** Runs a command to its end; resolves with its stdout, rejects with its output on failure. */
function run(bin, args, { timeoutMs = 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${bin} ${args.join(' ')} exited ${code ?? signal}\n${stdout}${stderr}`));
    });
  });
}

async function waitUntilReady(baseUrl, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`lineport serve exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${baseUrl}/readyz`);
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${baseUrl}/readyz did not answer 200 within ${timeoutMs} ms`);
}

/**
 * `lineport init` (generated password), or with `demo` `lineport demo` (the ABC Banking example
 * with its usage), then `lineport serve` on a free port, with `serveArgs` added to its arguments
 * (`--webhooks-allow-private`, say).
 * Resolves with { baseUrl, email, password, dataDir, logFile, stop }.
 */
export async function startServer({ logDir, demo = false, serveArgs = [] } = {}) {
  const bin = path.resolve(webDir, process.env.LINEPORT_BIN ?? '../build/lineport');
  const webRoot = path.join(webDir, 'dist');
  if (!fs.existsSync(bin)) throw new Error(`no server binary at ${bin} (set LINEPORT_BIN)`);
  if (!fs.existsSync(path.join(webRoot, 'index.html'))) {
    throw new Error(`no ${webRoot}/index.html: run \`npm run build\` in web/ first`);
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lineport-e2e-'));
  const db = `sqlite://${path.join(tmp, 'lineport.db')}`;
  const initOut = demo
    ? await run(bin, ['demo', '--db', db], { timeoutMs: 300_000 })
    : await run(bin, ['init', '--db', db, '--root-org', 'Carrier', '--admin-email', 'root@example.com']);
  const email = demo ? /^\s*Sign in as:\s*(\S+)\s*$/m.exec(initOut)?.[1] : 'root@example.com';
  const password = /^\s*Password:\s*(\S+)\s*$/m.exec(initOut)?.[1];
  if (!email || !password) throw new Error(`no "Password: …" line in the output of ${demo ? 'demo' : 'init'}:\n${initOut}`);

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const logFile = path.join(logDir ?? tmp, 'server.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.createWriteStream(logFile);
  const child = spawn(
    bin,
    [
      'serve',
      '--db',
      db,
      '--listen',
      `127.0.0.1:${port}`,
      '--mail-spool',
      path.join(tmp, 'mail'),
      '--web-root',
      webRoot,
      ...serveArgs,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout.pipe(log);
  child.stderr.pipe(log);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await once(child, 'exit');
      clearTimeout(killer);
    }
    log.end();
    fs.rmSync(tmp, { recursive: true, force: true });
  };

  try {
    await waitUntilReady(baseUrl, child, 30_000);
  } catch (e) {
    await stop();
    throw new Error(`${e.message}; server log: ${logFile}`);
  }
  return { baseUrl, email, password, dataDir: tmp, logFile, stop };
}
