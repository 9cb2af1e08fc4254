// Helpers shared by the browser checks (a11y.mjs, focus.mjs, print.mjs, ...): a small static HTTP server
// over a built site (node:http, 127.0.0.1, a port the OS picks), the list of a
// site's pages (all, or one of each type), and Debian's Chromium launched through playwright-core.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Debian's chromium package; playwright-core drives it (its own browser
// download is not used: `npx playwright install` cannot work here).
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// Playwright adds --headless and a fresh --user-data-dir itself. As root the
// sandbox cannot start; the network flags keep Chromium from calling home.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export const HERE = path.dirname(fileURLToPath(import.meta.url));

/** A message for a check that could not run (exit code 2), not a finding. */
export class SetupError extends Error {}

// The opening `//` comment of the script at `scriptUrl` (its import.meta.url): its usage.
export function usage(scriptUrl) {
  const lines = fs.readFileSync(new URL(scriptUrl), 'utf8').split('\n').slice(1);
  const out = [];
  for (const l of lines) { if (!l.startsWith('//')) break; out.push(l.replace(/^\/\/ ?/, '')); }
  return out.join('\n');
}

export async function launchChromium() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new SetupError(`${CHROMIUM} not found: apt-get install chromium (or run .ci/site-checks.sh)`);
  }
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    throw new SetupError(`playwright-core is not installed: run npm ci --ignore-scripts in ${HERE} (${e.message})`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pdf': 'application/pdf',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentType(file) {
  return TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

/**
 * Serve `siteDir` on 127.0.0.1 (OS-assigned port) as a static host does:
 * `/dir/` serves dir/index.html, `/dir` redirects to `/dir/`, a miss answers
 * 404 with the site's 404.html. Nothing outside siteDir is ever served.
 * Returns {origin, close()}.
 */
export async function startServer(siteDir) {
  const root = fs.realpathSync(siteDir);
  const inside = (p) => p === root || p.startsWith(root + path.sep);
  const fileAt = (urlPath) => {
    // Returns {file} for a file, {redirect} for a folder without its slash, or null.
    let rel;
    try { rel = decodeURIComponent(urlPath); } catch { return null; }
    if (rel.includes('\0')) return null;
    const full = path.resolve(root, '.' + path.posix.normalize('/' + rel));
    if (!inside(full)) return null;
    let st;
    try { st = fs.statSync(full); } catch { return null; }
    let real;
    try { real = fs.realpathSync(full); } catch { return null; }
    if (!inside(real)) return null;
    if (st.isDirectory()) {
      if (!urlPath.endsWith('/')) return { redirect: urlPath + '/' };
      const index = path.join(real, 'index.html');
      return fs.existsSync(index) ? { file: index } : null;
    }
    return st.isFile() ? { file: real } : null;
  };
  const server = http.createServer((req, res) => {
    const send = (status, headers, body) => {
      res.writeHead(status, { 'Cache-Control': 'no-store', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }, 'method not allowed\n');
      return;
    }
    const url = new URL(req.url, 'http://127.0.0.1');
    const hit = fileAt(url.pathname);
    if (hit && hit.redirect) {
      send(301, { Location: hit.redirect + url.search }, '');
      return;
    }
    if (hit) {
      fs.readFile(hit.file, (err, body) => {
        if (err) send(500, { 'Content-Type': 'text/plain' }, 'read error\n');
        else send(200, { 'Content-Type': contentType(hit.file), 'Content-Length': body.length }, body);
      });
      return;
    }
    const notFound = path.join(root, '404.html');
    fs.readFile(notFound, (err, body) => {
      if (err) send(404, { 'Content-Type': 'text/plain; charset=utf-8' }, 'not found\n');
      else send(404, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length }, body);
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/**
 * Every .html page under siteDir (dot-folders skipped), as the URL path a
 * reader uses: `plans/x/index.html` -> `/plans/x/`, `404.html` -> `/404.html`.
 * Sorted: shallow pages first, then by name.
 */
export function listPages(siteDir) {
  const out = [];
  const walk = (dir, rel) => {
    for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
      if (ent.name.startsWith('.')) continue;
      const r = rel + ent.name;
      if (ent.isDirectory()) walk(path.join(dir, ent.name), r + '/');
      else if (ent.isFile() && /\.html?$/i.test(ent.name)) out.push(r);
    }
  };
  walk(siteDir, '');
  const depth = (p) => p.split('/').length;
  out.sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0));
  return out.map((file) => ({
    file,
    path: '/' + file.replace(/(^|\/)index\.html$/i, '$1').split('/').map(encodeURIComponent).join('/'),
  }));
}

/** True for URLs that stay on this machine. */
export function isLocal(u) {
  let url;
  try { url = new URL(u); } catch { return false; }
  if (['data:', 'blob:', 'about:', 'file:'].includes(url.protocol)) return true;
  return /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(url.hostname);
}

/**
 * The type of a page: its path with the second segment (a slug, a code, a page
 * number) and any later number made a wildcard: `/plans/x/` and `/plans/y/` are
 * `/plans/*\/`, `/plans/` is itself.
 */
export function pageType(urlPath) {
  const segs = urlPath.split('/');
  return segs.map((s, i) => ((i === 2 && segs.length > 3) || (i > 2 && /^\d+$/.test(s)) ? '*' : s)).join('/');
}

/** Of `pages` (from listPages), one of each type: the largest file (the most kinds of element). */
export function onePerType(siteDir, pages) {
  const best = new Map();
  for (const p of pages) {
    const type = pageType(p.path);
    const size = fs.statSync(path.join(siteDir, p.file)).size;
    const cur = best.get(type);
    if (!cur || size > cur.size) best.set(type, { path: p.path, size });
  }
  return pages.filter((p) => best.get(pageType(p.path)).path === p.path);
}
