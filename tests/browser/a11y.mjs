#!/usr/bin/env node
// a11y.mjs — accessibility and browser check of a built planpress site.
//
//   usage: node a11y.mjs [--jobs N] [--page-timeout MS] [--json FILE] SITE_DIR
//
// Serves SITE_DIR on 127.0.0.1 (a server of its own, port from the OS), opens
// EVERY .html page in Debian's headless Chromium (playwright-core) at 1280 px,
// N pages at a time (default 3), and for each page:
//   - runs axe-core with the WCAG 2.1 A and AA rules
//     (tags wcag2a, wcag2aa, wcag21a, wcag21aa);
//   - records console errors and uncaught exceptions;
//   - records failed requests: HTTP status >= 400 (a 404 for the page's own
//     stylesheet, script or image), network failures, and any request that
//     would leave the machine (blocked: a published site must not need one);
//   - checks for horizontal overflow of the document at 1280 px and, after a
//     resize, at 390 px (document.documentElement.scrollWidth >
//     window.innerWidth + 1), and that the page has a meta viewport with
//     width=device-width (without it a phone lays the page out 980 px wide).
// Prints the violations grouped by rule with pages and target selectors, then
//   a11y: N pages, V violations, C console errors, F failed requests, O overflows
// V counts (page, rule) pairs. Exit 0 when all are 0, 1 on any finding, 2 when
// the check could not run.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { HERE, isLocal, launchChromium, listPages, SetupError, startServer, usage } from './lib.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const WIDTHS = { desktop: [1280, 800], phone: [390, 844] };

function parseArgs(argv) {
  const o = { jobs: 3, pageTimeout: 15000, json: null, site: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new SetupError(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '-h' || a === '--help') { console.log(usage(import.meta.url)); process.exit(0); }
    else if (a === '--jobs') o.jobs = Math.max(1, Math.min(8, Number(value()) || 1));
    else if (a === '--page-timeout') o.pageTimeout = Math.max(1000, Number(value()) || 15000);
    else if (a === '--json') o.json = value();
    else if (a.startsWith('-')) throw new SetupError(`unknown option ${a}`);
    else if (o.site === null) o.site = a;
    else throw new SetupError(`extra argument ${a}`);
  }
  if (o.site === null) throw new SetupError('SITE_DIR missing');
  return o;
}

// Runs in the page: is the document wider than the window, and which
// outermost elements stick out past its right edge?
function measureOverflow() {
  const de = document.documentElement;
  const vw = window.innerWidth;
  const sw = de.scrollWidth;
  const meta = document.querySelector('meta[name="viewport" i]');
  const viewportMeta = meta ? meta.getAttribute('content') || '' : null;
  if (sw <= vw + 1) return { overflow: false, scrollWidth: sw, innerWidth: vw, viewportMeta, culprits: [] };
  const describe = (el) => {
    const parts = [];
    for (let e = el; e && e.nodeType === 1 && parts.length < 4; e = e.parentElement) {
      let s = e.localName;
      if (e.id) { parts.unshift(`${s}#${e.id}`); break; }
      const cls = [...e.classList].slice(0, 2);
      if (cls.length) s += '.' + cls.join('.');
      parts.unshift(s);
      if (e === document.body) break;
    }
    return parts.join(' > ');
  };
  const clips = (el) => {
    const ox = getComputedStyle(el).overflowX;
    return ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip';
  };
  const culprits = [];
  const walk = (el) => {
    for (const child of el.children) {
      const r = child.getBoundingClientRect();
      if (r.right > vw + 1 && r.width > 0) {
        // Report the deepest element that still sticks out, unless a child of it
        // is the one that does.
        const before = culprits.length;
        if (!clips(child)) walk(child);
        if (culprits.length === before) culprits.push(`${describe(child)} (right edge ${Math.round(r.right + window.scrollX)} px)`);
      } else if (!clips(child) && child.scrollWidth > child.clientWidth + 1) {
        walk(child); // absolutely positioned or overflowing descendants
      }
      if (culprits.length >= 3) return;
    }
  };
  walk(document.body);
  return { overflow: true, scrollWidth: sw, innerWidth: vw, viewportMeta, culprits };
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms); }),
  ]);
}

async function checkPage(context, origin, pageInfo, axeSource, opts) {
  const url = origin + pageInfo.path;
  const t0 = Date.now();
  const r = {
    path: pageInfo.path, file: pageInfo.file, status: null, error: null,
    violations: [], consoleErrors: [], failedRequests: [], overflows: [],
  };
  let recording = true;
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (!recording || msg.type() !== 'error') return;
    const text = msg.text();
    // Chromium also logs each failed load; those are counted, with their URL,
    // as failed requests.
    if (/^Failed to load resource:/.test(text)) return;
    const loc = msg.location();
    r.consoleErrors.push(loc && loc.url ? `${text} (${loc.url.replace(origin, '')}:${loc.lineNumber + 1})` : text);
  });
  page.on('pageerror', (err) => { if (recording) r.consoleErrors.push(`uncaught ${err.name || 'Error'}: ${err.message}`); });
  page.on('response', (res) => {
    if (recording && res.status() >= 400) r.failedRequests.push({ url: res.url(), why: `HTTP ${res.status()}` });
  });
  page.on('requestfailed', (req) => {
    if (!recording) return;
    const why = req.failure()?.errorText || 'failed';
    if (!isLocal(req.url())) r.failedRequests.push({ url: req.url(), why: 'external request (blocked)' });
    else r.failedRequests.push({ url: req.url(), why });
  });
  let inflight = 0;
  let lastChange = Date.now();
  page.on('request', () => { inflight++; lastChange = Date.now(); });
  const settle = () => { inflight = Math.max(0, inflight - 1); lastChange = Date.now(); };
  page.on('requestfinished', settle);
  page.on('requestfailed', settle);

  const work = async () => {
    const resp = await page.goto(url, { waitUntil: 'load', timeout: opts.pageTimeout });
    r.status = resp ? resp.status() : null;
    // Let late requests (scripts fetching an index, say) finish: quiet for 150 ms, 2 s at most.
    const deadline = Date.now() + 2000;
    while (Date.now() < deadline && (inflight > 0 || Date.now() - lastChange < 150)) {
      await new Promise((res) => setTimeout(res, 25));
    }
    const desktop = await page.evaluate(measureOverflow);
    if (desktop.overflow) r.overflows.push({ width: WIDTHS.desktop[0], ...desktop });
    if (desktop.viewportMeta === null || !/width\s*=\s*device-width/i.test(desktop.viewportMeta)) {
      r.overflows.push({
        width: WIDTHS.phone[0], noViewportMeta: true,
        culprits: [desktop.viewportMeta === null ? 'no <meta name="viewport">'
          : `<meta name="viewport" content="${desktop.viewportMeta}"> lacks width=device-width`],
      });
    }
    try {
      await page.addScriptTag({ content: axeSource });
    } catch {
      await page.evaluate(axeSource); // a Content-Security-Policy that refuses inline scripts
    }
    r.violations = await page.evaluate(async (tags) => {
      // eslint-disable-next-line no-undef
      const res = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return res.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), html: n.html.slice(0, 200), summary: n.failureSummary })),
      }));
    }, TAGS);
    await page.setViewportSize({ width: WIDTHS.phone[0], height: WIDTHS.phone[1] });
    await page.evaluate(() => new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res))));
    const phone = await page.evaluate(measureOverflow);
    if (phone.overflow) r.overflows.push({ width: WIDTHS.phone[0], ...phone });
  };
  try {
    await withTimeout(work(), opts.pageTimeout + 10000, pageInfo.path);
  } catch (e) {
    r.error = String(e && e.message ? e.message : e).split('\n')[0];
  } finally {
    recording = false;
    await page.close().catch(() => {});
    r.ms = Date.now() - t0;
  }
  // A 404 stylesheet is also reported as an aborted request: count each URL once.
  const byStatus = new Set(r.failedRequests.filter((f) => f.why.startsWith('HTTP')).map((f) => f.url));
  const seen = new Set();
  r.failedRequests = r.failedRequests.filter((f) => {
    const key = `${f.why} ${f.url}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return f.why.startsWith('HTTP') || !byStatus.has(f.url);
  });
  return r;
}

function listSome(items, n = 6) {
  return items.length <= n ? items.join(', ') : `${items.slice(0, n).join(', ')} and ${items.length - n} more`;
}

function report(results, origin) {
  const rank = { critical: 0, serious: 1, moderate: 2, minor: 3 };
  const rules = new Map();
  for (const r of results) {
    for (const v of r.violations) {
      const e = rules.get(v.id) || { ...v, nodes: 0, pages: [], examples: [] };
      e.nodes += v.nodes.length;
      e.pages.push(r.path);
      for (const n of v.nodes) {
        if (e.examples.length < 3 && !e.examples.some((x) => x.target === n.target)) e.examples.push({ page: r.path, ...n });
      }
      rules.set(v.id, e);
    }
  }
  const sorted = [...rules.values()].sort((a, b) => (rank[a.impact] ?? 9) - (rank[b.impact] ?? 9) || b.pages.length - a.pages.length);
  if (sorted.length) {
    console.log('\naxe violations by rule:');
    for (const e of sorted) {
      console.log(`  [${e.impact}] ${e.id}: ${e.help} — ${e.nodes} node(s) on ${e.pages.length} page(s)`);
      console.log(`      ${e.helpUrl}`);
      console.log(`      pages: ${listSome(e.pages)}`);
      for (const x of e.examples) {
        console.log(`      e.g. ${x.page}  ${x.target}`);
        console.log(`           ${x.html.replace(/\s+/g, ' ')}`);
        const why = (x.summary || '').split('\n').map((s) => s.trim()).filter(Boolean).slice(1, 2).join(' ');
        if (why) console.log(`           ${why.slice(0, 240)}`);
      }
    }
  }
  const group = (key) => {
    const m = new Map();
    for (const r of results) for (const item of key(r)) {
      const pages = m.get(item) || [];
      if (!pages.includes(r.path)) pages.push(r.path);
      m.set(item, pages);
    }
    return m;
  };
  const consoleGroups = group((r) => r.consoleErrors);
  if (consoleGroups.size) {
    console.log('\nconsole errors:');
    for (const [msg, pages] of consoleGroups) console.log(`  ${msg}\n      on ${listSome(pages)}`);
  }
  const failedGroups = group((r) => r.failedRequests.map((f) => `${f.why}: ${f.url.replace(origin, '')}`));
  if (failedGroups.size) {
    console.log('\nfailed requests:');
    for (const [what, pages] of failedGroups) console.log(`  ${what}\n      from ${listSome(pages)}`);
  }
  const overflowPages = results.filter((r) => r.overflows.length);
  if (overflowPages.length) {
    console.log('\nhorizontal overflow:');
    for (const r of overflowPages) {
      for (const o of r.overflows) {
        if (o.noViewportMeta) console.log(`  ${r.path} at ${o.width} px: ${o.culprits[0]}`);
        else console.log(`  ${r.path} at ${o.width} px: document ${o.scrollWidth} px wide in a ${o.innerWidth} px window; `
          + `sticking out: ${o.culprits.join('; ') || '?'}`);
      }
    }
  }
  const broken = results.filter((r) => r.error || (r.status !== null && r.status >= 400));
  if (broken.length) {
    console.log('\npages not checked:');
    for (const r of broken) console.log(`  ${r.path}: ${r.error || `HTTP ${r.status}`}`);
  }
  const slow = [...results].sort((a, b) => b.ms - a.ms).slice(0, 3);
  console.log(`\nslowest pages: ${slow.map((r) => `${r.path} ${(r.ms / 1000).toFixed(1)} s`).join(', ')}`);
  const V = results.reduce((n, r) => n + r.violations.length, 0);
  const C = results.reduce((n, r) => n + r.consoleErrors.length, 0);
  const F = results.reduce((n, r) => n + r.failedRequests.length, 0);
  const O = results.reduce((n, r) => n + r.overflows.length, 0);
  console.log(`\na11y: ${results.length} pages, ${V} violations, ${C} console errors, ${F} failed requests, ${O} overflows`
    + (broken.length ? `, ${broken.length} pages not checked` : ''));
  return V + C + F + O + broken.length > 0 ? 1 : 0;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(opts.site) || !fs.statSync(opts.site).isDirectory()) throw new SetupError(`not a folder: ${opts.site}`);
  const site = fs.realpathSync(opts.site);
  const pages = listPages(site);
  if (pages.length === 0) throw new SetupError(`no .html pages under ${site}`);
  const require = createRequire(path.join(HERE, 'package.json'));
  let axeSource, axeVersion;
  try {
    axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    axeVersion = require('axe-core/package.json').version;
  } catch (e) {
    throw new SetupError(`axe-core is not installed: run npm ci --ignore-scripts in ${HERE} (${e.message})`);
  }

  const started = Date.now();
  const server = await startServer(site);
  let browser = null;
  const results = [];
  try {
    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: { width: WIDTHS.desktop[0], height: WIDTHS.desktop[1] },
      serviceWorkers: 'block',
    });
    await context.route('**/*', (route) => (isLocal(route.request().url()) ? route.continue() : route.abort('blockedbyclient')));
    console.log(`axe-core ${axeVersion} [${TAGS.join(', ')}] in Chromium ${browser.version()}, ${opts.jobs} pages at a time; `
      + `${pages.length} pages of ${site} served at ${server.origin}`);
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < pages.length) {
        const p = pages[next++];
        results.push(await checkPage(context, server.origin, p, axeSource, opts));
        done++;
        if (done % 25 === 0 || done === pages.length) {
          console.log(`  checked ${done}/${pages.length} pages (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        }
      }
    };
    await Promise.all(Array.from({ length: opts.jobs }, worker));
    await context.close();
  } finally {
    if (browser) await browser.close().catch(() => {});
    await server.close();
  }
  const order = new Map(pages.map((p, i) => [p.path, i]));
  results.sort((a, b) => order.get(a.path) - order.get(b.path));
  if (opts.json) fs.writeFileSync(opts.json, JSON.stringify({ axeVersion, tags: TAGS, site, results }, null, 1));
  return report(results, server.origin);
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`a11y: ${e instanceof SetupError ? e.message : e.stack || e}`);
    console.log('a11y: could not run');
    process.exit(2);
  },
);
