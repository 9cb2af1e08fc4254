#!/usr/bin/env node
// focus.mjs — is the keyboard focus ring visible on every focusable element?
//
//   usage: node focus.mjs [--all] [--json FILE] SITE_DIR
//
// Serves SITE_DIR on 127.0.0.1 and opens one page of each page type (the largest
// file of each: `/plans/x/` and `/plans/y/` are one type, `/plans/` another;
// --all opens every page) in headless Chromium, at 1280 and at 390 px. On each
// page it presses Tab until focus leaves the page or comes back round, and for
// every element that takes focus measures its focus ring (WCAG 2.4.7, 1.4.11):
//   - the ring is the element's computed outline; an element whose outline
//     style is none (or narrower than 1 px) when focused has no ring;
//   - the background is what is painted where the ring is drawn: at the middle
//     of each side of each of the element's boxes, outline-offset + half the
//     outline's width outside it, the colours of every element stacked under
//     that point (document.elementsFromPoint, the focused element and its
//     descendants left out), composited from the page's white canvas up:
//     background-color for HTML elements, fill for SVG shapes. Background
//     images and shadows are not counted;
//   - a point outside the window, or outside the padding box of an ancestor
//     that clips overflow, is not drawn there and is left out; when every
//     point is left out, the ring cannot be seen;
//   - the ring's contrast is the lowest ratio over the points drawn, and must
//     be at least 3:1.
// Prints each failure as `PAGE at WIDTH px: ELEMENT: WHY`, then
//   focus: N pages, E focus stops, F failures
// E counts (page, width, element). Exit 0 when F is 0, 1 on any failure, 2 when
// the check could not run.
import fs from 'node:fs';
import { isLocal, launchChromium, listPages, onePerType, SetupError, startServer, usage } from './lib.mjs';

const WIDTHS = [[1280, 800], [390, 844]];
const MIN_RATIO = 3;
const MAX_STOPS = 3000;

function parseArgs(argv) {
  const o = { all: false, json: null, site: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') { console.log(usage(import.meta.url)); process.exit(0); }
    else if (a === '--all') o.all = true;
    else if (a === '--json') {
      if (i + 1 >= argv.length) throw new SetupError('--json needs a value');
      o.json = argv[++i];
    } else if (a.startsWith('-')) throw new SetupError(`unknown option ${a}`);
    else if (o.site === null) o.site = a;
    else throw new SetupError(`extra argument ${a}`);
  }
  if (o.site === null) throw new SetupError('SITE_DIR missing');
  return o;
}

// Runs in the page after each Tab: describes the focused element and its ring.
async function measureFocus(minRatio) {
  // Two frames: the focus styles (and any transition to them) are applied.
  await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return { done: true };
  window.__focusSeen = window.__focusSeen || new Set();
  if (window.__focusSeen.has(el)) return { done: true };
  window.__focusSeen.add(el);

  const describe = (e) => {
    const parts = [];
    for (let n = e; n && n.nodeType === 1 && parts.length < 3; n = n.parentElement) {
      let s = n.localName;
      if (n.id) { parts.unshift(`${s}#${n.id}`); break; }
      const cls = [...n.classList].slice(0, 2);
      if (cls.length) s += '.' + cls.join('.');
      if (n === e) {
        const href = n.getAttribute('href');
        if (href) s += `[href="${href}"]`;
      }
      parts.unshift(s);
    }
    return parts.join(' > ');
  };
  const parse = (c) => {
    const m = /rgba?\(([^)]+)\)/.exec(c || '');
    if (!m) return null;
    const v = m[1].split(/[,\s/]+/).filter(Boolean).map(Number);
    return { r: v[0], g: v[1], b: v[2], a: v.length > 3 ? v[3] : 1 };
  };
  const over = (top, under) => ({
    r: top.r * top.a + under.r * (1 - top.a),
    g: top.g * top.a + under.g * (1 - top.a),
    b: top.b * top.a + under.b * (1 - top.a),
    a: 1,
  });
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (x, y) => {
    const [a, b] = [lum(x), lum(y)].sort((p, q) => q - p);
    return (a + 0.05) / (b + 0.05);
  };
  const css = (c) => `rgb(${Math.round(c.r)}, ${Math.round(c.g)}, ${Math.round(c.b)})`;
  const clipsAt = (x, y) => {
    for (let n = el.parentElement; n && n !== document.documentElement; n = n.parentElement) {
      const s = getComputedStyle(n);
      const clipX = s.overflowX !== 'visible';
      const clipY = s.overflowY !== 'visible';
      if (!clipX && !clipY) continue;
      const r = n.getBoundingClientRect();
      const left = r.left + n.clientLeft;
      const top = r.top + n.clientTop;
      if (clipX && (x < left || x > left + n.clientWidth)) return true;
      if (clipY && (y < top || y > top + n.clientHeight)) return true;
    }
    return false;
  };
  const backgroundAt = (x, y, inside) => {
    const layers = [];
    for (const n of document.elementsFromPoint(x, y)) {
      if (!inside && (n === el || el.contains(n))) continue;
      const s = getComputedStyle(n);
      let c;
      if (n instanceof SVGGeometryElement) {
        c = parse(s.fill);
        if (c) c.a *= Number(s.fillOpacity || 1);
      } else {
        c = parse(s.backgroundColor);
      }
      if (!c || c.a === 0) continue;
      c.a *= Number(s.opacity || 1);
      layers.push(c);
      if (c.a >= 1) break;
    }
    let bg = { r: 255, g: 255, b: 255, a: 1 };
    for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
    return bg;
  };

  const out = { done: false, element: describe(el) };
  const s = getComputedStyle(el);
  const width = parseFloat(s.outlineWidth) || 0;
  if (s.outlineStyle === 'none' || s.outlineStyle === 'hidden' || width < 1) {
    out.problem = `no focus ring (outline: ${s.outlineStyle} ${s.outlineWidth})`;
    return out;
  }
  const ring = parse(s.outlineColor);
  if (!ring) { out.problem = `outline colour ${s.outlineColor} not understood`; return out; }
  const d = (parseFloat(s.outlineOffset) || 0) + width / 2;
  const boxes = [...el.getClientRects()].filter((r) => r.width > 0 || r.height > 0);
  if (!boxes.length) boxes.push(el.getBoundingClientRect());
  let worst = null;
  let drawn = 0;
  for (const b of boxes) {
    // The middle of the part of each side that is in the window (a box taller than the
    // window shows its sides, not its middle).
    const mid = (lo, hi, max) => (Math.max(lo, 0) + Math.min(hi, max)) / 2;
    const mx = mid(b.left, b.right, window.innerWidth);
    const my = mid(b.top, b.bottom, window.innerHeight);
    const points = [[mx, b.top - d], [mx, b.bottom + d], [b.left - d, my], [b.right + d, my]];
    for (const [x, y] of points) {
      if (x < 0 || y < 0 || x >= window.innerWidth || y >= window.innerHeight) continue;
      if (clipsAt(x, y)) continue;
      drawn++;
      const bg = backgroundAt(x, y, d < 0);
      const seen = ring.a < 1 ? over(ring, bg) : ring;
      const r = ratio(seen, bg);
      if (!worst || r < worst.ratio) worst = { ratio: r, ring: css(seen), background: css(bg) };
    }
  }
  if (!drawn) {
    out.problem = 'focus ring not drawn: clipped by an ancestor or outside the window on every side';
    return out;
  }
  out.ratio = worst.ratio;
  out.ring = worst.ring;
  out.background = worst.background;
  if (worst.ratio < minRatio) {
    out.problem = `ring ${worst.ring} on ${worst.background}: ${worst.ratio.toFixed(2)}:1, under ${minRatio}:1`;
  }
  return out;
}

async function checkPage(context, origin, pageInfo, width) {
  const r = { path: pageInfo.path, width, stops: 0, failures: [], error: null };
  const page = await context.newPage();
  try {
    const resp = await page.goto(origin + pageInfo.path, { waitUntil: 'load', timeout: 15000 });
    if (resp && resp.status() >= 400 && !pageInfo.path.endsWith('404.html')) {
      r.error = `HTTP ${resp.status()}`;
      return r;
    }
    await page.waitForLoadState('networkidle', { timeout: 3000 }).catch(() => {});
    for (let i = 0; i < MAX_STOPS; i++) {
      await page.keyboard.press('Tab');
      const m = await page.evaluate(measureFocus, MIN_RATIO);
      if (m.done) break;
      r.stops++;
      if (m.problem) r.failures.push({ element: m.element, why: m.problem });
    }
  } catch (e) {
    r.error = String(e && e.message ? e.message : e).split('\n')[0];
  } finally {
    await page.close().catch(() => {});
  }
  return r;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(opts.site) || !fs.statSync(opts.site).isDirectory()) throw new SetupError(`not a folder: ${opts.site}`);
  const site = fs.realpathSync(opts.site);
  const all = listPages(site);
  if (all.length === 0) throw new SetupError(`no .html pages under ${site}`);
  const pages = opts.all ? all : onePerType(site, all);
  const server = await startServer(site);
  let browser = null;
  const results = [];
  try {
    browser = await launchChromium();
    console.log(`focus rings in Chromium ${browser.version()}: ${pages.length} of ${all.length} pages`
      + `${opts.all ? '' : ' (one of each type)'} at ${WIDTHS.map((w) => w[0]).join(' and ')} px, at least ${MIN_RATIO}:1`);
    for (const [w, h] of WIDTHS) {
      // Reduced motion: a smooth scroll to the focused element would still be under
      // way when the ring is measured.
      const context = await browser.newContext({ viewport: { width: w, height: h }, serviceWorkers: 'block', reducedMotion: 'reduce' });
      await context.route('**/*', (route) => (isLocal(route.request().url()) ? route.continue() : route.abort('blockedbyclient')));
      for (const p of pages) results.push(await checkPage(context, server.origin, p, w));
      await context.close();
    }
  } finally {
    if (browser) await browser.close().catch(() => {});
    await server.close();
  }
  if (opts.json) fs.writeFileSync(opts.json, JSON.stringify({ site, results }, null, 1));
  let failures = 0;
  let stops = 0;
  for (const r of results) {
    stops += r.stops;
    if (r.error) console.log(`${r.path} at ${r.width} px: not checked: ${r.error}`);
    for (const f of r.failures) {
      failures++;
      console.log(`${r.path} at ${r.width} px: ${f.element}: ${f.why}`);
    }
  }
  const broken = results.filter((r) => r.error).length;
  console.log(`focus: ${pages.length} pages, ${stops} focus stops, ${failures} failures`
    + (broken ? `, ${broken} pages not checked` : ''));
  return failures + broken > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`focus: ${e instanceof SetupError ? e.message : e.stack || e}`);
    console.log('focus: could not run');
    process.exit(2);
  },
);
