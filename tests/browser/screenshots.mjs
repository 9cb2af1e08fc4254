#!/usr/bin/env node
// screenshots.mjs — full-page PNGs of pages of a built site, for people to
// look at (not a CI check).
//
//   usage: node screenshots.mjs SITE_DIR OUT_DIR PATH...
//   e.g.   node screenshots.mjs ../../public /tmp/shots / /plans/ /states/il/
//
// Serves SITE_DIR on 127.0.0.1 and shoots each PATH at 1280 px (desktop) and
// at 390 px (a phone: mobile emulation, so the page's meta viewport counts),
// into OUT_DIR/NAME-1280.png and OUT_DIR/NAME-390.png, where NAME comes from
// the path (`/` -> index, `/states/il/` -> states-il, `/404.html` -> 404).
// Requests that would leave the machine are blocked. Exit 1 if a page failed
// to load (HTTP >= 400 or a navigation error), 2 on usage or set-up errors.
import fs from 'node:fs';
import path from 'node:path';
import { SetupError, isLocal, launchChromium, startServer } from './lib.mjs';

const WIDTHS = [
  { width: 1280, height: 800, isMobile: false },
  { width: 390, height: 844, isMobile: true },
];

function shotName(urlPath, width) {
  const stem = urlPath.split(/[?#]/)[0].replace(/\.html?$/i, '').replace(/\/index$/i, '/')
    .split('/').filter(Boolean).map((s) => decodeURIComponent(s).replace(/[^A-Za-z0-9._-]+/g, '_')).join('-');
  return `${stem || 'index'}-${width}.png`;
}

async function main() {
  const [site, outDir, ...paths] = process.argv.slice(2);
  if (!site || !outDir || paths.length === 0 || site.startsWith('-')) {
    throw new SetupError('usage: node screenshots.mjs SITE_DIR OUT_DIR PATH...');
  }
  if (!fs.existsSync(site) || !fs.statSync(site).isDirectory()) throw new SetupError(`not a folder: ${site}`);
  fs.mkdirSync(outDir, { recursive: true });
  const server = await startServer(site);
  let browser = null;
  let rc = 0;
  try {
    browser = await launchChromium();
    for (const w of WIDTHS) {
      const context = await browser.newContext({
        viewport: { width: w.width, height: w.height }, deviceScaleFactor: 1, isMobile: w.isMobile, hasTouch: w.isMobile,
      });
      await context.route('**/*', (route) => (isLocal(route.request().url()) ? route.continue() : route.abort('blockedbyclient')));
      for (const p of paths) {
        const urlPath = p.startsWith('/') ? p : '/' + p;
        const file = path.join(outDir, shotName(urlPath, w.width));
        const page = await context.newPage();
        const notes = [];
        page.on('pageerror', (e) => notes.push(`uncaught ${e.message}`));
        page.on('response', (r) => { if (r.status() >= 400) notes.push(`HTTP ${r.status()} ${r.url().replace(server.origin, '')}`); });
        try {
          const resp = await page.goto(server.origin + urlPath, { waitUntil: 'load', timeout: 15000 });
          await page.waitForLoadState('networkidle', { timeout: 3000 }).catch(() => {});
          await page.evaluate(() => document.fonts && document.fonts.ready).catch(() => {});
          await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
          const status = resp ? resp.status() : 0;
          if (status >= 400) rc = 1;
          const b = fs.readFileSync(file);
          console.log(`${file}: ${b.readUInt32BE(16)}x${b.readUInt32BE(20)} px of ${urlPath}, HTTP ${status}`
            + (notes.length ? `; ${notes.join('; ')}` : ''));
        } catch (e) {
          rc = 1;
          console.log(`${file}: FAILED ${urlPath}: ${String(e.message || e).split('\n')[0]}`);
        } finally {
          await page.close().catch(() => {});
        }
      }
      await context.close();
    }
  } finally {
    if (browser) await browser.close().catch(() => {});
    await server.close();
  }
  return rc;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`screenshots: ${e instanceof SetupError ? e.message : e.stack || e}`);
    process.exit(2);
  },
);
