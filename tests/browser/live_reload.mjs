// The dev server's live reload, seen in a real browser: start `planpress serve` on a copy
// of a site, open a plan page in headless Chromium, edit the plan's file, and wait for the
// page to show the new text by itself (no navigation from this script).
//
//   usage: node live_reload.mjs PLANPRESS_BINARY SITE_DIR
//
// SITE_DIR is copied first, so the original is never edited. Prints one closing line
// `live-reload: 1 passed, 0 failed` (or `0 passed, 1 failed`); exit 0, 1, or 2 when the
// check could not run.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SetupError, launchChromium } from './lib.mjs';

const [binary, siteDir] = process.argv.slice(2);
if (!binary || !siteDir) {
  console.error('usage: node live_reload.mjs PLANPRESS_BINARY SITE_DIR');
  process.exit(2);
}
const PLAN = 'content/illinois/csdwg-work-plan.md';
const PAGE = '/plans/csdwg-work-plan/';
const DEADLINE_MS = 20000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitFor(what, test) {
  const start = Date.now();
  while (Date.now() - start < DEADLINE_MS) {
    if (await test()) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'planpress-live-'));
const site = path.join(work, 'site');
// Only what the site is made of: a repository's build folders (target/ holds gigabytes)
// and its output are left behind. Judged by the first segment relative to the site, so
// `.` as SITE_DIR is filtered too.
const source = path.resolve(siteDir);
const SKIPPED = new Set(['public', 'target', 'node_modules', '.git', 'tests', 'bench']);
fs.cpSync(source, site, {
  recursive: true,
  filter: (p) => !SKIPPED.has(path.relative(source, p).split(path.sep)[0]),
});
const port = await freePort();
const server = spawn(binary, ['serve', '--root', site, '--port', String(port), '--output', path.join(work, 'out'), '--as-of', '2026-11-22'], { stdio: ['ignore', 'ignore', 'pipe'] });
let log = '';
server.stderr.on('data', (d) => { log += d; });
let browser;
let code = 1;
try {
  await waitFor('the server to start', () => log.includes('serving'));
  browser = await launchChromium();
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}${PAGE}`);
  const h1 = () => page.textContent('h1').catch(() => '');
  if (!(await h1()).includes('Community Systems')) throw new Error(`unexpected page: ${await h1()}`);
  // Give the page's event stream a moment to connect, as a reader's would have.
  await new Promise((r) => setTimeout(r, 500));
  const file = path.join(site, PLAN);
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, text.replace('title: ', 'title: Live edited '));
  const ms = await waitFor('the page to show the edit', async () => (await h1()).includes('Live edited'));
  console.log(`the page showed the edit ${ms} ms after the save`);
  code = 0;
} catch (e) {
  console.error(`live-reload: ${e instanceof SetupError ? 'could not run: ' : ''}${e.message}`);
  console.error(log);
  code = e instanceof SetupError ? 2 : 1;
} finally {
  if (browser) await browser.close();
  server.kill();
  fs.rmSync(work, { recursive: true, force: true });
}
console.log(`live-reload: ${code === 0 ? 1 : 0} passed, ${code === 0 ? 0 : 1} failed`);
process.exit(code);
