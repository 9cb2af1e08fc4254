#!/usr/bin/env node
// print.mjs — do printed tables read as tables?
//
//   usage: node print.mjs [--all] [--keep DIR] SITE_DIR
//
// Serves SITE_DIR on 127.0.0.1 and prints every plan page and one page of each
// other type (--all: every page) to PDF in headless Chromium, on US Letter and
// on A4, after the page's scripts ran (as a reader prints it). Reads each
// sheet's text back with pdftotext (poppler-utils) and checks every table of
// the page that print shows:
//   - its header row is printed (a header whose words are hidden on paper
//     leaves columns without names);
//   - no sheet ends with a table's caption or header row and none of its
//     rows: they would sit alone at the foot of the sheet, their first row
//     on the next.
// --keep DIR keeps the PDFs there. Prints each failure as
// `PAGE on PAPER: TABLE: WHY`, then
//   print: N pages, S sheets, F failures
// Exit 0 when F is 0, 1 on any failure, 2 when the check could not run.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SetupError, isLocal, launchChromium, listPages, onePerType, pageType, startServer } from './lib.mjs';

const PAPERS = ['Letter', 'A4'];

function parseArgs(argv) {
  const o = { all: false, keep: null, site: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--all') o.all = true;
    else if (a === '--keep') {
      if (i + 1 >= argv.length) throw new SetupError('--keep needs a value');
      o.keep = argv[++i];
    } else if (a.startsWith('-')) throw new SetupError(`unknown option ${a}`);
    else if (o.site === null) o.site = a;
    else throw new SetupError(`extra argument ${a}`);
  }
  if (o.site === null) throw new SetupError('usage: node print.mjs [--all] [--keep DIR] SITE_DIR');
  return o;
}

const norm = (s) => s.replace(/\s+/g, ' ').trim();

// Runs in the page, with print media: the caption and header-row words of every
// table print shows (what a reader should find on paper; visually hidden text left out).
function tablesInPrint() {
  const words = (el) => {
    if (!el) return '';
    const copy = el.cloneNode(true);
    copy.querySelectorAll('.visually-hidden, [aria-hidden="true"]').forEach((n) => n.remove());
    return copy.textContent.replace(/\s+/g, ' ').trim();
  };
  return [...document.querySelectorAll('table')]
    .filter((t) => t.getClientRects().length > 0 && t.tBodies.length && t.tBodies[0].rows.length)
    .map((t, i) => {
      const head = t.tHead && t.tHead.rows[0];
      return {
        name: t.id ? `table#${t.id}` : `table ${i + 1}`,
        caption: words(t.caption),
        header: head ? [...head.cells].map(words).join(' ') : '',
      };
    });
}

/** Failures of one printed page: `raw` and `laidOut` are the text of each sheet in the
    order it was drawn (pdftotext -raw: a table's cells in turn) and as laid out
    (pdftotext -layout: lines from the top of the sheet to its foot). */
function judge(tables, raw, laidOut) {
  const failures = [];
  const all = norm(raw.join(' '));
  for (const t of tables) {
    if (t.header && !all.includes(t.header)) failures.push(`${t.name}: header row “${t.header}” not printed`);
  }
  // Lines that belong to a caption or a header row.
  const heads = tables.flatMap((t) => [t.caption, t.header]).filter(Boolean);
  laidOut.forEach((text, i) => {
    const lines = text.split('\n').map(norm).filter(Boolean);
    const tail = [];
    while (lines.length && heads.some((h) => h.includes(lines[lines.length - 1]))) tail.unshift(lines.pop());
    if (!tail.length) return;
    const joined = tail.join(' ');
    for (const t of tables) {
      const parts = [t.caption, t.header].filter(Boolean);
      if (parts.length && parts.some((p) => joined.includes(p))) {
        const what = [t.caption, t.header].filter((x) => x && joined.includes(x)).map((x) => (x === t.caption ? 'caption' : 'header row'));
        failures.push(`${t.name}: sheet ${i + 1} of ${laidOut.length} ends with its ${what.join(' and ')}, its first row is on the next`);
        return;
      }
    }
  });
  return failures;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
  } catch {
    throw new SetupError('pdftotext not found: apt-get install poppler-utils (or run .ci/site-checks.sh)');
  }
  if (!fs.existsSync(opts.site) || !fs.statSync(opts.site).isDirectory()) throw new SetupError(`not a folder: ${opts.site}`);
  const site = fs.realpathSync(opts.site);
  const all = listPages(site);
  if (all.length === 0) throw new SetupError(`no .html pages under ${site}`);
  const planType = pageType('/plans/x/');
  const chosen = new Set(onePerType(site, all).map((p) => p.path));
  const pages = opts.all ? all : all.filter((p) => chosen.has(p.path) || pageType(p.path) === planType);
  const dir = opts.keep || fs.mkdtempSync(path.join(os.tmpdir(), 'planpress-print-'));
  fs.mkdirSync(dir, { recursive: true });
  const server = await startServer(site);
  let browser = null;
  let sheets = 0;
  let failures = 0;
  let broken = 0;
  try {
    browser = await launchChromium();
    console.log(`print in Chromium ${browser.version()}: ${pages.length} of ${all.length} pages on ${PAPERS.join(' and ')}`);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.route('**/*', (route) => (isLocal(route.request().url()) ? route.continue() : route.abort('blockedbyclient')));
    const page = await context.newPage();
    for (const p of pages) {
      try {
        await page.goto(server.origin + p.path, { waitUntil: 'load', timeout: 15000 });
        await page.waitForLoadState('networkidle', { timeout: 3000 }).catch(() => {});
        await page.emulateMedia({ media: 'print' });
        const tables = await page.evaluate(tablesInPrint);
        for (const paper of PAPERS) {
          const pdf = path.join(dir, `${p.path.replace(/[^A-Za-z0-9._-]+/g, '_') || 'index'}-${paper}.pdf`);
          await page.pdf({ path: pdf, format: paper, preferCSSPageSize: true });
          const text = (mode) => {
            const t = execFileSync('pdftotext', [mode, '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).split('\f');
            if (t.length > 1 && !norm(t[t.length - 1])) t.pop();
            return t;
          };
          const laidOut = text('-layout');
          sheets += laidOut.length;
          for (const f of judge(tables, text('-raw'), laidOut)) {
            failures++;
            console.log(`${p.path} on ${paper}: ${f}`);
          }
        }
        await page.emulateMedia({ media: null });
      } catch (e) {
        broken++;
        console.log(`${p.path}: not checked: ${String(e && e.message ? e.message : e).split('\n')[0]}`);
      }
    }
    await context.close();
  } finally {
    if (browser) await browser.close().catch(() => {});
    await server.close();
    if (!opts.keep) fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`print: ${pages.length} pages, ${sheets} sheets, ${failures} failures` + (broken ? `, ${broken} pages not checked` : ''));
  return failures + broken > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`print: ${e instanceof SetupError ? e.message : e.stack || e}`);
    console.log('print: could not run');
    process.exit(2);
  },
);
