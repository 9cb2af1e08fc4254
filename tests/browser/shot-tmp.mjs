import { launchChromium, startServer } from './lib.mjs';
const [site, out] = process.argv.slice(2);
const server = await startServer(site);
const b = await launchChromium();
for (const [w,h] of [[1280,800],[390,844]]) {
  const ctx = await b.newContext({ viewport: { width: w, height: h } });
  const p = await ctx.newPage();
  await p.goto(server.origin + '/plans/');
  const shots = { 1: 'skip', 3: 'search-input', 4: 'search-button', 6: 'nav-states' };
  for (let i = 1; i <= 6; i++) {
    await p.keyboard.press('Tab');
    await p.waitForTimeout(100);
    if (shots[i]) await p.screenshot({ path: `${out}/${w}-${shots[i]}.png`, clip: { x: 0, y: 0, width: w, height: 180 } });
  }
  await p.focus('#plans-table_q'); await p.keyboard.press('Shift+Tab'); await p.keyboard.press('Tab');
  await p.waitForTimeout(100);
  const r = await p.evaluate(() => { const x = document.activeElement.getBoundingClientRect(); return x.top + scrollY; });
  await p.screenshot({ path: `${out}/${w}-filter.png`, clip: { x: 0, y: Math.max(0, r - 60 + 0), width: w, height: 200 }, fullPage: true });
  await ctx.close();
}
await b.close(); await server.close();
