// A site built with `relative_urls: true`, opened from its folder (file://) in headless
// Chromium, as a reader does with a site sent as a zip: each page's stylesheet applies
// and its scripts run, nothing it loads fails, a click on a link opens the next page
// styled, and search says plainly that it needs a web server.
//
//   usage: node file_url.mjs SITE_DIR
//
// SITE_DIR is the built site (public/). Prints one closing line
// `file-url: N pages, F failures`; exit 0, 1, or 2 when the check could not run.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SetupError, launchChromium } from './lib.mjs';

const [siteDir] = process.argv.slice(2);
if (!siteDir || !fs.existsSync(path.join(siteDir, 'index.html'))) {
  console.error('usage: node file_url.mjs SITE_DIR (a built site with relative_urls: true)');
  process.exit(2);
}
const site = path.resolve(siteDir);
const fileUrl = (rel) => pathToFileURL(path.join(site, rel)).href;

// The first plan page, whatever the site's plans are called.
const planDir = fs.readdirSync(path.join(site, 'plans'), { withFileTypes: true })
  .find((e) => e.isDirectory() && e.name !== 'page');
const PAGES = ['index.html', 'plans/index.html', 'states/index.html', 'search/index.html', '404.html'];
if (planDir) PAGES.push(`plans/${planDir.name}/index.html`);

const failures = [];
const fail = (page, what) => failures.push(`${page}: ${what}`);

/** Whether style.css applies: it takes the skip link out of the flow. */
function styled(page) {
  return page.evaluate(() => {
    const skip = document.querySelector('.skip-link');
    return !!skip && getComputedStyle(skip).position === 'absolute';
  });
}

async function checkPage(browser, rel) {
  const page = await browser.newPage();
  const failed = [];
  page.on('requestfailed', (r) => failed.push(r.url()));
  try {
    await page.goto(fileUrl(rel), { waitUntil: 'load' });
    if (!(await styled(page))) fail(rel, 'style.css did not apply');
    // The search page's index cannot load from a folder: that is the next check.
    const unexpected = failed.filter((u) => !(rel.startsWith('search/') && u.includes('/search/')));
    for (const u of unexpected) fail(rel, `failed to load ${u}`);
  } finally {
    await page.close();
  }
}

async function checkNavigation(browser) {
  const page = await browser.newPage();
  try {
    await page.goto(fileUrl('index.html'), { waitUntil: 'load' });
    const link = page.locator('nav a', { hasText: /^Plans$/ }).first();
    const href = await link.getAttribute('href', { timeout: 5000 }).catch(() => null);
    if (href !== 'plans/index.html') {
      fail('index.html', `the Plans link goes to ${href}, not plans/index.html`);
      return;
    }
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), link.click()]);
    if (page.url() !== fileUrl('plans/index.html')) fail('index.html', `the Plans link opened ${page.url()}`);
    if (!(await styled(page))) fail('index.html', 'the page the Plans link opened is not styled');
    const sortable = await page.locator('table[data-sortable] th button').count();
    if (!sortable) fail('plans/index.html', 'site.js did not run: no sort buttons');
  } finally {
    await page.close();
  }
}

async function checkSearch(browser) {
  const page = await browser.newPage();
  try {
    await page.goto(fileUrl('search/index.html'), { waitUntil: 'load' });
    await page.fill('form[data-search-index] input[name=q]', 'plan');
    await page.press('form[data-search-index] input[name=q]', 'Enter');
    // Without search.js the form is submitted, and the page left: nothing is said.
    const said = () => {
      const status = document.getElementById('search-status');
      return status ? status.textContent : '';
    };
    await page.waitForFunction(said, null, { timeout: 10000 }).catch(() => {});
    const status = await page.evaluate(said);
    if (!/needs the site to be on a web server/.test(status)) fail('search/index.html', `search said: ${status}`);
    const browse = await page.evaluate(() => {
      const a = document.querySelector('#search-status a');
      return a && a.getAttribute('href');
    });
    if (browse !== '../plans/index.html') fail('search/index.html', `browse link is ${browse}`);
  } finally {
    await page.close();
  }
}

let browser;
try {
  browser = await launchChromium();
  for (const rel of PAGES) await checkPage(browser, rel);
  await checkNavigation(browser);
  await checkSearch(browser);
} catch (e) {
  console.error(e instanceof SetupError ? e.message : e.stack || String(e));
  process.exit(2);
} finally {
  if (browser) await browser.close();
}
for (const f of failures) console.log(`file-url: ${f}`);
console.log(`file-url: ${PAGES.length} pages, ${failures.length} failures`);
process.exit(failures.length ? 1 : 0);
