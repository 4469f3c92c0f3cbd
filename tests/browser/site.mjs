// The site in a real browser: Debian's Chromium, headless, driven by playwright-core.
// Usage: node tests/browser/site.mjs SITE_DIR SHOTS_DIR PROGRAM
// Prints PASS/FAIL lines; screenshots go to SHOTS_DIR.
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';
import { mkdirSync, readdirSync, readFileSync, existsSync } from 'node:fs';
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

  // the index by letter: a letter page, leading underscores ignored
  const kinds = ['func', 'struct', 'union', 'enum', 'tracepoint', 'lsm', 'kfunc', 'syscall'];
  const letterPages = kinds.flatMap((k) => existsSync(path.join(site, k))
    ? readdirSync(path.join(site, k)).filter((f) => f.startsWith('letter-')).map((f) => `${k}/${f}`) : []);
  const fletters = letterPages.filter((f) => f.startsWith('func/letter-'));
  const big = fletters.includes('func/letter-s.html') ? 'func/letter-s.html' : fletters[0];
  await page.goto(url(big));
  const names = await page.locator('table.index tbody tr td:first-child').allInnerTexts();
  const head = await page.locator('table.index thead th').allInnerTexts();
  const letter = big.match(/letter-(.)/)[1];
  const under = names.filter((n) => n.startsWith('_'));
  check(`${big}: ${names.length} rows, columns ${head.join(', ')}, every name's first letter past its underscores is ${letter} (${under.length} with underscores, e.g. ${under[0]})`,
        names.length > 0 && names.length <= 1000 && head[0] === 'name' && head.includes('Regular') &&
        names.every((n) => n.replace(/^_+/, '').charAt(0).toLowerCase() === letter) && under.length > 0);
  await page.screenshot({ path: path.join(shots, 'index.png') });
  // the filter: only names with an issue
  const visible = async () => page.locator('table.index tbody tr:visible').count();
  const before = await visible();
  const marked = await page.locator('table.index tbody tr:not(.clean)').count();
  await page.check('#issues-only');
  const after = await visible();
  const shownClean = await page.locator('table.index tbody tr.clean:visible').count();
  check(`the filter "only names with an issue": ${before} rows, ${after} after a click (${marked} marked)`,
        after === marked && after < before && shownClean === 0);
  // a marked cell names its images, visibly and in its tooltip
  const cell = page.locator('table.index tbody td[title]').first();
  const tip = await cell.getAttribute('title'), shown = await cell.innerText();
  check(`a marked cell names its images: "${shown}", tooltip "${tip.slice(0, 80)}"`,
        /[∅ΔSFDCT] \S/.test(shown) && /^(absent|changed|selectively inlined|fully inlined|duplicate|collision|transformed): /.test(tip));
  // the legend on every index page (the files, all of them; two in the browser)
  const indexPages = kinds.filter((k) => existsSync(path.join(site, k, 'index.html'))).map((k) => `${k}/index.html`)
    .concat(letterPages);
  const noLegend = indexPages.filter((f) => !readFileSync(path.join(site, f), 'utf8').includes('<p class="legend">'));
  await page.goto(url('struct/index.html'));
  const legendShown = await page.locator('p.legend').isVisible();
  const letterLinks = await page.locator('table.letters a').count();
  check(`the legend on all ${indexPages.length} index pages (${noLegend.slice(0, 3).join(', ')}), struct/index.html: ${letterLinks} letter links`,
        noLegend.length === 0 && legendShown && letterLinks > 3);

  // search for mempool: mempool_alloc listed, its link opens its page
  await page.goto(url('search.html'));
  await page.fill('#q', 'mempool');
  const hit = page.locator('#results a', { hasText: /^mempool_alloc$/ });
  check(`search "mempool": ${await page.locator('#results li').count()} results, mempool_alloc among them`,
        (await hit.count()) === 1);
  await page.screenshot({ path: path.join(shots, 'search.png') });
  await hit.first().click();
  await page.waitForLoadState();
  check('the search result opens func/me/mempool_alloc.html', page.url().endsWith('/func/me/mempool_alloc.html'));

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
  await page.goto(url('func/me/mempool_alloc.html') + '#' + encodeURIComponent(ids[0]));
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
        /\/func\/[^/]+\/[^/]+\.html$/.test(page.url()) && page.url().endsWith(`/${callerName}.html`) &&
        (await page.locator('h1').innerText()) === `Function: ${callerName}`);
  await page.goto(url('func/vf/vfs_read.html'));
  await page.locator('ul.status details').first().evaluate((d) => { d.open = true; });
  const typeLink = page.locator('ul.status details').first().locator('pre a[href$="/struct/fi/file.html"]').first();
  await typeLink.click();
  await page.waitForLoadState();
  check('vfs_read: the parameter type struct file opens the struct page',
        page.url().endsWith('/struct/fi/file.html') && (await page.locator('h1').innerText()) === 'Struct: file');
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

  // search beyond names: a member and an enum value, their links open
  const real = existsSync(path.join(site, 'struct', 'ta', 'task_struct.html'));
  const probes = real
    ? [['task_struct::pid', /^task_struct::pid$/, '/struct/ta/task_struct.html'],
       ['TASK_COMM_LEN', /^TASK_COMM_LEN$/, '/enum/_2/-28anon-20TASK_COMM_LEN-29.html']]
    : [['shapes::argv', /^shapes::argv$/, '/struct/sh/shapes.html'],
       ['SMALL_A', /^SMALL_A$/, '/enum/sm/small_enum.html']];
  for (const [q, re, want] of probes) {
    await page.goto(url('search.html'));
    await page.fill('#q', q);
    const h = page.locator('#results a', { hasText: re });
    await h.first().waitFor({ timeout: 5000 }).catch(() => {});
    const n = await h.count();
    const kind = n ? await h.first().locator('xpath=..').locator('.kind').innerText() : '';
    if (n) { await h.first().click(); await page.waitForLoadState(); }
    const opened = n > 0 && page.url().endsWith(want) && (await page.locator('h1').count()) > 0;
    check(`search "${q}": ${n} result (${kind.trim()}), its link opens ${want}`, n === 1 && opened);
  }

  // phone width: no horizontal scroll of the page, tables scroll in their box
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
  for (const rel of ['index.html', big, 'func/me/mempool_alloc.html', 'struct/ta/task_struct.html', 'struct/index.html']) {
    if (!existsSync(path.join(site, rel))) continue;
    await phone.goto(url(rel));
    const w = await phone.evaluate(() => document.documentElement.scrollWidth);
    check(`phone width 390 px: ${rel} is ${w} px wide`, w <= 390);
    if (rel === 'index.html') await phone.screenshot({ path: path.join(shots, 'phone-front.png') });
  }
  await phone.close();

  // the SVG figures, readable without JavaScript: labels and values as text,
  // every text inside the viewBox
  const js = await browser.newContext({ javaScriptEnabled: false });
  const svg = await js.newPage();
  for (const fig of ['inline', 'suffixes', 'changes']) {
    await svg.goto(url(`figures/${fig}.svg`));
    const bars = await svg.locator('rect').count();
    const texts = await svg.locator('text').allTextContents();
    const out = await svg.evaluate(() => {
      const root = document.documentElement, vb = root.viewBox.baseVal, bad = [];
      for (const t of root.querySelectorAll('text')) {
        const b = t.getBBox();
        if (b.x < 0 || b.y < 0 || b.x + b.width > vb.width || b.y + b.height > vb.height) bad.push(t.textContent);
      }
      return bad;
    });
    const values = texts.filter((t) => /^[\d.]+%?( \/ [\d.]+%?)*$/.test(t));
    let ok = bars > 3 && out.length === 0 && values.length > 0;
    if (fig === 'inline') ok = ok && texts.some((t) => t.includes('Inline shares')) && values.every((v) => v.includes('%'));
    if (fig === 'changes') {
      const heads = texts.filter((t) => t.includes(' → '));
      ok = ok && heads.length > 0 && new Set(heads).size === heads.length &&
        values.every((v) => v.split(' / ').length === 3);
    }
    check(`figure ${fig}.svg without JavaScript: ${bars} shapes, ${texts.length} texts (${texts.slice(1, 3).join(' | ')}; values ${values.slice(0, 2).join(' | ')}), ${out.length} outside the viewBox ${out.slice(0, 2).join(' | ')}`, ok);
    await svg.screenshot({ path: path.join(shots, `figure-${fig}.png`) });
  }
  await js.close();
} catch (e) {
  check(`the browser run: ${e.message.split('\n')[0]}`, false);
}
check(`no console errors (${errors.slice(0, 3).join(' | ')})`, errors.length === 0);
await browser.close();
process.exit(failed ? 1 : 0);
