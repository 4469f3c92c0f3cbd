// The site in a real browser: Debian's Chromium, headless, driven by playwright-core.
// Usage: node tests/browser/site.mjs SITE_DIR SHOTS_DIR PROGRAM
// Prints PASS/FAIL lines; screenshots go to SHOTS_DIR.
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const [site, shots, program] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
let failed = 0;
const check = (desc, ok) => {
  console.log((ok ? 'PASS: ' : 'FAIL: ') + 'browser: ' + desc);
  if (!ok) failed++;
};
const url = (rel) => pathToFileURL(path.resolve(site, rel)).href;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const errors = [];
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
page.on('pageerror', (e) => errors.push(String(e)));
try {
  // the front page: the images and the statistics
  await page.goto(url('index.html'));
  const images = await page.locator('table.images tbody tr').count();
  const stats = await page.locator('table.stats').count();
  check(`front page: ${images} images, ${stats} statistics tables, the heading`,
        images >= 6 && stats >= 7 && (await page.locator('h1').innerText()).includes('Kernel dependency surface'));
  await page.screenshot({ path: path.join(shots, 'front.png') });

  // an index page: rows with marks, links to the pages
  await page.goto(url('struct/page-1.html'));
  const rows = await page.locator('table.index tbody tr').count();
  const head = await page.locator('table.index thead th').allInnerTexts();
  check(`struct index page 1: ${rows} rows, columns ${head.join(', ')}`,
        rows === 1000 && head[0] === 'name' && head.includes('Regular'));
  await page.screenshot({ path: path.join(shots, 'index.png') });

  // search for mempool: mempool_alloc listed, its link opens its page
  await page.goto(url('search.html'));
  await page.fill('#q', 'mempool');
  const hit = page.locator('#results a', { hasText: /^mempool_alloc$/ });
  check(`search "mempool": ${await page.locator('#results li').count()} results, mempool_alloc among them`,
        (await hit.count()) === 1);
  await page.screenshot({ path: path.join(shots, 'search.png') });
  await hit.first().click();
  await page.waitForLoadState();
  check('the search result opens func/mempool_alloc.html', page.url().endsWith('/func/mempool_alloc.html'));

  // the mempool_alloc page: Status items expand on click
  const details = page.locator('details').first();
  const closed = !(await details.evaluate((d) => d.open));
  const codeHidden = !(await details.locator('pre').first().isVisible());
  await details.locator('summary').first().click();
  const opened = await details.evaluate((d) => d.open);
  const codeShown = await details.locator('pre').first().isVisible();
  check('mempool_alloc: a Status item closed, its prototype hidden; a click opens it and shows the prototype',
        closed && codeHidden && opened && codeShown &&
        (await details.locator('pre').first().innerText()).includes('mempool_alloc('));
  check('mempool_alloc: the Regular group and its images', (await page.locator('main').innerText()).includes('Regular'));

  // the dependency pages: summary, status words, image names, anchors, links
  const summary = await page.locator('p.summary').innerText();
  check(`mempool_alloc: the summary line "${summary}" (present; renamed where absent)`,
        /^present \S/.test(summary) &&
        (!/absent/.test(summary) || summary.includes('renamed mempool_alloc_noprof')));
  const statusText = await page.locator('ul.status').first().innerText();
  const imageName = page.locator('ul.status .image').first();
  check('mempool_alloc: the status in words, the full image name visible',
        statusText.includes('present') && (!summary.includes('absent') || statusText.includes('absent')) &&
        (await imageName.isVisible()) && /^\(\S+\)$/.test(await imageName.innerText()));
  const ids = await page.locator('ul.status > li').evaluateAll((ls) => ls.map((l) => l.id));
  await page.goto(url('func/mempool_alloc.html') + '#' + encodeURIComponent(ids[0]));
  const target = await page.evaluate(() => document.querySelector(':target')?.id);
  check(`mempool_alloc: an anchor per Status item (${ids.join(', ')}), #${ids[0]} targets its item`,
        ids.length > 0 && ids.every((i) => i) && new Set(ids).size === ids.length && target === ids[0]);
  const src = await page.locator('a.src').first().getAttribute('href');
  check(`mempool_alloc: a source link at the image's version (${src})`,
        /^https:\/\/elixir\.bootlin\.com\/linux\/(v\d+\.\d+(\.\d+)?(-rc\d+)?|latest)\/source\/mm\/mempool\.c#L\d+$/.test(src));
  await page.locator('ul.status details').first().evaluate((d) => { d.open = true; });
  const caller = page.locator('ul.status details').first().locator('pre a[href*="/func/"]').first();
  const callerName = await caller.innerText();
  await caller.click();
  await page.waitForLoadState();
  check(`mempool_alloc: the caller link ${callerName} opens that function's page`,
        page.url().endsWith(`/func/${callerName}.html`) &&
        (await page.locator('h1').innerText()) === `Function: ${callerName}`);
  await page.goto(url('func/vfs_read.html'));
  await page.locator('ul.status details').first().evaluate((d) => { d.open = true; });
  const typeLink = page.locator('ul.status details').first().locator('pre a[href$="/struct/file.html"]').first();
  await typeLink.click();
  await page.waitForLoadState();
  check('vfs_read: the parameter type struct file opens the struct page',
        page.url().endsWith('/struct/file.html') && (await page.locator('h1').innerText()) === 'Struct: file');
  await page.locator('ul.status details').first().evaluate((d) => { d.open = true; });
  const layout = await page.locator('pre.layout').first().innerText();
  check('struct file: its layout with offsets and sizes', /\/\*\s+\d+\s+\d+ \*\//.test(layout) && layout.includes('/* size: '));
  await page.screenshot({ path: path.join(shots, 'struct-file.png') });
  await page.screenshot({ path: path.join(shots, 'mempool_alloc.png'), fullPage: false });

  // a program page: the matrix coloured by consequence, a verdict row
  await page.goto(url(`programs/${program}.html`));
  const deps = await page.locator('table.matrix tbody tr').count();
  const verdicts = await page.locator('table.matrix tr.verdict td').allInnerTexts();
  const colour = await page.locator('table.matrix tr.verdict td').first()
    .evaluate((td) => getComputedStyle(td).backgroundColor);
  check(`program ${program}: ${deps - 1} dependencies, verdicts ${verdicts.join(', ')}, coloured (${colour})`,
        deps > 5 && verdicts.length >= 6 && verdicts.every((v) => /^(ok|degraded|wrong-data|misses|fails)$/.test(v)) &&
        colour !== 'rgba(0, 0, 0, 0)');
  const link = page.locator('table.matrix a').first();
  check('program: its dependencies link to their pages', (await link.getAttribute('href')).startsWith('../'));
  await page.screenshot({ path: path.join(shots, 'program.png'), fullPage: false });

  // an SVG figure, readable without JavaScript
  const js = await browser.newContext({ javaScriptEnabled: false });
  const svg = await js.newPage();
  await svg.goto(url('figures/inline.svg'));
  const bars = await svg.locator('rect').count();
  const text = await svg.locator('text').allTextContents();
  check(`figure inline.svg without JavaScript: ${bars} shapes, labels ${text.slice(0, 2).join(', ')}`,
        bars > 18 && text.some((t) => t.includes('Inline shares')));
  await svg.screenshot({ path: path.join(shots, 'figure-inline.png') });
  await js.close();
} catch (e) {
  check(`the browser run: ${e.message.split('\n')[0]}`, false);
}
check(`no console errors (${errors.slice(0, 3).join(' | ')})`, errors.length === 0);
await browser.close();
process.exit(failed ? 1 : 0);
