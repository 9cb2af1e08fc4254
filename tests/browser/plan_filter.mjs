// The filter of the plan listing, seen in a real browser: on one page of a paged listing it
// says that it covers that page, and offers a search of every plan for the same words,
// which finds a plan that is on another page; on a listing of one page it filters every
// plan; with JavaScript off the filter stays hidden and the pages still list every plan.
//
//   usage: node plan_filter.mjs PLANPRESS_BINARY
//
// Builds two small sites with PLANPRESS_BINARY in a temporary folder (25 plans; 10 and 100
// to a page), serves each on 127.0.0.1 and opens /plans/ in headless Chromium. Prints each
// check as `ok` or `FAILED`, then `plan-filter: N passed, M failed`; exit 0, 1, or 2 when
// the check could not run.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SetupError, isLocal, launchChromium, startServer } from './lib.mjs';

const NAMES = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf', 'Hotel', 'India', 'Juliett',
  'Kilo', 'Lima', 'Mike', 'November', 'Oscar', 'Papa', 'Quebec', 'Romeo', 'Sierra', 'Tango', 'Uniform',
  'Victor', 'Whiskey', 'Xray', 'Yankee'];
const TYPES = ['work-plan', 'action-plan'];

function makeSite(dir, binary, perPage) {
  fs.mkdirSync(path.join(dir, 'content', 'il'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'planpress.yaml'), `title: Filter test\nper_page: ${perPage}\n`);
  NAMES.forEach((name, i) => {
    fs.writeFileSync(path.join(dir, 'content', 'il', `${name.toLowerCase()}.md`),
      `---\ntitle: ${name} readiness plan\nstate: IL\ntype: ${TYPES[i % 2]}\nstatus: final\n---\nNarrative of ${name}.\n`);
  });
  const out = path.join(dir, 'public');
  try {
    execFileSync(binary, ['build', '--root', dir, '--output', out, '--as-of', '2026-11-22'], { stdio: 'pipe' });
  } catch (e) {
    throw new Error(`${e.message}\n${e.stderr || ''}`);
  }
  return out;
}

const results = [];
function check(name, ok, detail) {
  results.push(ok);
  console.log(`${ok ? 'ok     ' : 'FAILED '} ${name}${ok || !detail ? '' : `: ${detail}`}`);
}

async function filterFor(page, words) {
  await page.fill('#plans-table_q', words);
  // site.js waits 200 ms after typing, then announces after 50 ms.
  await page.waitForFunction((w) => {
    const c = document.querySelector('[data-filter-count]');
    return c && c.textContent !== '' && document.querySelector('#plans-table_q').value === w;
  }, words, { timeout: 5000 });
  await page.waitForTimeout(100);
  return page.evaluate(() => ({
    count: document.querySelector('[data-filter-count]').textContent,
    shown: [...document.querySelectorAll('#plans-table tbody tr')].filter((r) => !r.hidden).length,
    more: (() => {
      const a = document.querySelector('a[data-filter-search]');
      return a && !a.closest('[data-filter-more]').hidden && a.offsetParent !== null
        ? { text: a.textContent, href: a.getAttribute('href') } : null;
    })(),
  }));
}

async function main() {
  const binary = process.argv[2];
  if (!binary) throw new SetupError('usage: node plan_filter.mjs PLANPRESS_BINARY');
  if (!fs.existsSync(binary)) throw new SetupError(`no such binary: ${binary}`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'planpress-filter-'));
  let browser = null;
  const servers = [];
  try {
    let paged, single;
    try {
      paged = makeSite(path.join(work, 'paged'), binary, 10);
      single = makeSite(path.join(work, 'single'), binary, 100);
    } catch (e) {
      throw new SetupError(`the test sites did not build: ${e.message}`);
    }
    browser = await launchChromium();
    const open = async (site, js = true) => {
      const server = await startServer(site);
      servers.push(server);
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: js });
      await context.route('**/*', (route) => (isLocal(route.request().url()) ? route.continue() : route.abort('blockedbyclient')));
      const page = await context.newPage();
      await page.goto(`${server.origin}/plans/`, { waitUntil: 'load' });
      return { page, origin: server.origin };
    };

    // A paged listing: page 1 of 3.
    const { page, origin } = await open(paged);
    const onPage = await page.$$eval('#plans-table tbody th a', (as) => as.map((a) => a.textContent));
    const elsewhere = NAMES.find((n) => !onPage.some((t) => t.startsWith(n)));
    const here = NAMES.find((n) => onPage.some((t) => t.startsWith(n)));
    check('page 1 lists 10 of the 25 plans', onPage.length === 10 && elsewhere && here, onPage.join(', '));
    const label = await page.textContent('label[for="plans-table_q"]');
    const hint = await page.textContent('.filters__hint');
    check('the filter says it covers this page', /this page/.test(label) && /this page only/.test(hint) && /all 25 plans/.test(hint),
      `label "${label}", hint "${hint}"`);

    const missing = await filterFor(page, elsewhere);
    check(`filtering for a plan on another page ("${elsewhere}") says the count is of this page`,
      missing.shown === 0 && missing.count === 'Showing 0 of the 10 plans on this page.', JSON.stringify(missing));
    check('and offers a search of every plan for the same words',
      missing.more && missing.more.text === `Search all 25 plans for “${elsewhere}”`
        && missing.more.href === `/search/?q=${encodeURIComponent(elsewhere)}`, JSON.stringify(missing.more));
    if (missing.more) {
      await page.click('a[data-filter-search]');
      await page.waitForFunction(() => /match/.test(document.getElementById('search-status')?.textContent || ''), null, { timeout: 10000 });
      const found = await page.$$eval('#search-results .result__title', (as) => as.map((a) => a.textContent));
      check('the search finds that plan', page.url() === `${origin}/search/?q=${encodeURIComponent(elsewhere)}`
        && found.length === 1 && found[0] === `${elsewhere} readiness plan`, `${page.url()} ${JSON.stringify(found)}`);
    } else {
      check('the search finds that plan', false, 'no link to follow');
    }

    await page.goto(`${origin}/plans/`, { waitUntil: 'load' });
    const present = await filterFor(page, here.toLowerCase());
    check(`filtering for a plan on this page ("${here.toLowerCase()}") shows it`,
      present.shown === 1 && present.count === 'Showing 1 of the 10 plans on this page.' && present.more !== null, JSON.stringify(present));
    await page.fill('#plans-table_q', '');
    await page.waitForFunction(() => document.querySelector('[data-filter-count]').textContent === '', null, { timeout: 5000 });
    const cleared = await page.evaluate(() => document.querySelector('[data-filter-more]')?.hidden === true);
    check('clearing the words hides the search link', cleared);

    // One page: the filter covers every plan and offers no search.
    const one = (await open(single)).page;
    const all = await filterFor(one, elsewhere);
    const oneHint = await one.textContent('.filters__hint');
    check('a listing of one page filters every plan',
      all.shown === 1 && all.count === 'Showing 1 of 25 plans.' && all.more === null && !/this page/.test(oneHint), JSON.stringify(all));

    // Without JavaScript: no filter, and the pages still reach every plan.
    const nojs = (await open(paged, false)).page;
    const hidden = await nojs.evaluate(() => document.querySelector('.filters').hidden && getComputedStyle(document.querySelector('.filters')).display === 'none');
    const pagerLinks = await nojs.$$eval('.pager a', (as) => as.map((a) => a.getAttribute('href')));
    check('without JavaScript the filter is hidden and the pager links every page',
      hidden && pagerLinks.includes('/plans/page/2/') && pagerLinks.includes('/plans/page/3/'), JSON.stringify(pagerLinks));
  } finally {
    if (browser) await browser.close().catch(() => {});
    for (const s of servers) await s.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
  const failed = results.filter((ok) => !ok).length;
  console.log(`plan-filter: ${results.length - failed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`plan-filter: ${e instanceof SetupError ? e.message : e.stack || e}`);
    console.log('plan-filter: could not run');
    process.exit(2);
  },
);
