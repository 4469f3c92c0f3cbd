// A site built from a dataset with hostile names (tests/hostile_names.py --site-only),
// in a real browser: every page opens, no script of a name runs (no dialog, no
// element the names carry), and the names read as text.
// Usage: node tests/browser/hostile.mjs SITE_DIR.  Prints PASS/FAIL lines.
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const [site] = process.argv.slice(2);
let failed = 0;
const check = (desc, ok) => {
  console.log((ok ? 'PASS: ' : 'FAIL: ') + 'browser, hostile names: ' + desc);
  if (!ok) failed++;
};
const pages = [];
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.html')) pages.push(p);
  }
};
walk(site);

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
const dialogs = [];
page.on('dialog', async (d) => { dialogs.push(`${page.url()}: ${d.message()}`); await d.dismiss(); });
try {
  let injected = [];
  for (const p of pages) {
    await page.goto(pathToFileURL(p).href);
    // an element a name would have carried in
    const n = await page.locator('img[src="x"], svg[onload], script:not([src])').count();
    if (n) injected.push(path.relative(site, p));
  }
  check(`${pages.length} pages opened: no dialog (${dialogs.slice(0, 3).join('; ') || 'none'})`,
        pages.length > 20 && dialogs.length === 0);
  check(`no element from a name in any page (${injected.slice(0, 3).join(', ') || 'none'})`,
        injected.length === 0);
  const fn = pages.find((p) => path.basename(p).startsWith('cold_fn-3Cimg'));
  check(`the <img> function's page is there (${fn ? path.basename(fn) : 'none'})`, !!fn);
  if (!fn) throw new Error('no page for the <img> function');
  await page.goto(pathToFileURL(fn).href);
  const h1 = await page.locator('h1').innerText();
  check(`the function page's heading reads the name as text: ${JSON.stringify(h1)}`,
        h1.includes('cold_fn<img src=x onerror=alert(1)>'));
  // struct/XY/FILE.html: the page in its shard directory
  const st = pages.find((p) => path.basename(path.dirname(path.dirname(p))) === 'struct' &&
                                path.basename(p).startsWith('big-3Cscript'));
  check(`the <script> struct's page is there (${st ? path.basename(st) : 'none'})`, !!st);
  if (!st) throw new Error('no page for the <script> struct');
  await page.goto(pathToFileURL(st).href);
  const code = await page.locator('pre code').first().textContent();
  check('the struct page keeps the member with a code fence inside its code block',
        code.includes('</code></pre><script>alert(3)</script>') && (await page.locator('pre').count()) >= 1);
} catch (e) {
  check(`the run: ${e}`, false);
}
await browser.close();
process.exit(failed ? 1 : 0);
