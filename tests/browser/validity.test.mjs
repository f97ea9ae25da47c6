// Every kind of page, in a left-to-right and a right-to-left language, is
// valid HTML for the Nu HTML Checker (vnu-jar, zero errors; warnings are
// printed) and has no axe-core violations in Chromium.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bookmarks, firstCategoryPath, getText, launch, url } from './lib.mjs';

const require = createRequire(import.meta.url);
const vnuJar = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
const axePath = require.resolve('axe-core/axe.min.js');

const LANGS = ['es', 'ar'];
const KINDS = ['home', 'category', 'article', 'author', 'outlet', 'comment pending', 'search', 'not found'];

/**
 * pagesFor picks, for one language, the pages to check: home, a section,
 * an article (with an image when one exists), an author's page, an
 * outlet's page (the first "More from" list's link), a search
 * with results (a word of that article's title) and a page that does not
 * exist.
 */
async function pagesFor(lang) {
  const home = `/${lang}/`;
  const { text } = await getText(home);
  const links = bookmarks(text);
  assert.ok(links.length > 0, `${home} lists no article`);
  let article = links[0];
  for (const href of links.slice(0, 6)) {
    if (/<figure\b/.test((await getText(href)).text)) { article = href; break; }
  }
  // The author's page of the first article that links one.
  let author = null;
  for (const href of links.slice(0, 10)) {
    author = /href="([^"]+)" rel="author"/.exec((await getText(href)).text)?.[1] ?? null;
    if (author) break;
  }
  assert.ok(author, `no article of ${home} links its author`);
  let outlet = null;
  for (const href of links.slice(0, 10)) {
    outlet = /<h2 id="more-outlet-title"><a href="([^"]+)">/.exec((await getText(href)).text)?.[1] ?? null;
    if (outlet) break;
  }
  assert.ok(outlet, `no article of ${home} links its outlet's page`);
  const cat = await firstCategoryPath(lang);
  assert.ok(cat, `${home} links no category`);
  const title = /<h1>([^<]*)<\/h1>/.exec((await getText(article)).text)?.[1] ?? '';
  const word = title.split(/\s+/).filter((w) => w.length >= 5).sort((a, b) => b.length - a.length)[0] || 'agua';
  return [
    ['home', home],
    ['category', cat],
    ['article', article],
    ['author', author],
    ['outlet', outlet],
    ['comment pending', `${article}?comment=pending`],
    ['search', `/${lang}/search?q=${encodeURIComponent(word)}`],
    ['not found', `/${lang}/no-such-section/`],
  ];
}

let pages = []; // {lang, kind, path, file, html}
let dir;
let vnu = {}; // file path → messages
let canary;

function runVnu(files) {
  return new Promise((resolve, reject) => {
    execFile('java', ['-Xss4m', '-jar', vnuJar, '--format', 'json', '--stdout', ...files],
      { maxBuffer: 64 << 20, timeout: 300_000 }, (err, stdout, stderr) => {
        // vnu exits 1 when it found errors; its report is still on stdout.
        let out;
        try {
          out = JSON.parse(stdout);
        } catch {
          reject(new Error(`vnu.jar gave no JSON (${err?.message ?? 'exit 0'}):\n${stderr}\n${stdout.slice(0, 2000)}`));
          return;
        }
        resolve(out.messages || []);
      });
  });
}

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nb-vnu-'));
  for (const lang of LANGS) {
    for (const [kind, p] of await pagesFor(lang)) {
      const { status, text } = await getText(p);
      const file = path.join(dir, `${lang}-${kind.replace(/\s+/g, '-')}.html`);
      writeFileSync(file, text);
      pages.push({ lang, kind, path: p, status, file, html: text });
    }
  }
  // A canary page with a known error proves the checker runs and reports.
  canary = path.join(dir, 'canary.html');
  writeFileSync(canary, '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><img src="x.png"></body></html>');
  for (const m of await runVnu([canary, ...pages.map((pg) => pg.file)])) {
    const key = m.url ? decodeURIComponent(new URL(m.url).pathname) : '(none)';
    (vnu[key] ??= []).push(m);
  }
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function fmtVnu(m, html) {
  const line = m.lastLine ?? m.firstLine;
  const src = line ? html.split('\n')[line - 1] ?? '' : '';
  const where = line ? `line ${line}${m.firstColumn ? `:${m.firstColumn}` : ''}` : '';
  return `  ${m.subType || m.type} ${where}: ${m.message}\n    ${(m.extract || src).replace(/\n/g, '⏎').slice(0, 200)}`;
}

describe('Nu HTML Checker', () => {
  test('checked every page, and catches a known error (canary)', () => {
    assert.ok(pages.length >= 8, `only ${pages.length} pages saved`);
    const c = (vnu[canary] || []).filter((m) => m.type === 'error');
    assert.ok(c.some((m) => /alt/.test(m.message)), `the checker missed the canary's img without alt: ${JSON.stringify(vnu[canary])}`);
    const stray = vnu['(none)'] || [];
    assert.deepEqual(stray.map((m) => m.message), [], 'vnu reported messages about no file');
  });
  for (const lang of LANGS) {
    for (const kind of KINDS) {
      test(`${lang} ${kind}: no errors`, (t) => {
        const pg = pages.find((x) => x.lang === lang && x.kind === kind);
        assert.ok(pg, 'page not fetched');
        const ms = vnu[pg.file] || [];
        const errors = ms.filter((m) => m.type === 'error' || m.type === 'non-document-error');
        const warnings = ms.filter((m) => !errors.includes(m));
        if (warnings.length) t.diagnostic(`${pg.path}: ${warnings.length} warning(s)\n${warnings.map((m) => fmtVnu(m, pg.html)).join('\n')}`);
        assert.equal(errors.length, 0, `${pg.path}: ${errors.length} HTML error(s):\n${errors.map((m) => fmtVnu(m, pg.html)).join('\n')}`);
      });
    }
  }
});

describe('axe-core', () => {
  let browser;
  let context;
  before(async () => {
    browser = await launch();
    // The site's CSP forbids every script; axe has to be injected.
    context = await browser.newContext({ bypassCSP: true });
  });
  after(async () => {
    await browser?.close();
  });

  test('catches a known violation (canary)', async () => {
    const page = await context.newPage();
    try {
      await page.setContent('<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><main><img src="data:,"></main></body></html>');
      await page.addScriptTag({ path: axePath });
      // eslint-disable-next-line no-undef
      const ids = await page.evaluate(async () => (await axe.run()).violations.map((v) => v.id));
      assert.ok(ids.includes('image-alt'), `axe missed the canary's img without alt: ${ids}`);
    } finally {
      await page.close();
    }
  });

  for (const lang of LANGS) {
    for (const kind of KINDS) {
      test(`${lang} ${kind}: no violations`, async (t) => {
        const pg = pages.find((x) => x.lang === lang && x.kind === kind);
        assert.ok(pg, 'page not fetched');
        const page = await context.newPage();
        try {
          await page.goto(url(pg.path), { waitUntil: 'load' });
          await page.addScriptTag({ path: axePath });
          const res = await page.evaluate(async () => {
            // eslint-disable-next-line no-undef
            const r = await axe.run(document, { resultTypes: ['violations', 'incomplete'] });
            const slim = (list) => list.map((v) => ({
              id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
              nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
            }));
            return { violations: slim(r.violations), incomplete: slim(r.incomplete) };
          });
          const fmt = (list) => list.map((v) => `  ${v.id} (${v.impact}): ${v.help} — ${v.helpUrl}\n${v.nodes.slice(0, 8).map((n) => `    at ${n.target}\n      ${n.html.slice(0, 200)}\n      ${(n.summary || '').replace(/\n/g, '\n      ')}`).join('\n')}${v.nodes.length > 8 ? `\n    … and ${v.nodes.length - 8} more` : ''}`).join('\n');
          if (res.incomplete.length) t.diagnostic(`${pg.path}: needs review (axe "incomplete", not failed): ${res.incomplete.map((v) => `${v.id}×${v.nodes.length}`).join(', ')}`);
          assert.equal(res.violations.length, 0, `${pg.path}: ${res.violations.length} axe violation(s):\n${fmt(res.violations)}`);
        } finally {
          await page.close();
        }
      });
    }
  }
});
