// A reader's path through the site in a real browser: home, an article,
// the same article in another language, and an Arabic page laid out
// right to left. Screenshots of an LTR and an RTL article are kept.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { bookmarks, getText, launch, screenshotPath, url } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// slugOf returns the {slug} of an article path /{lang}/a/{slug}, and the
// article's id, which every slug starts with.
function slugOf(u) {
  const m = /^\/([^/]+)\/a\/(([0-9]+)[^/?#]*)/.exec(new URL(u, 'http://x').pathname);
  assert.ok(m, `not an article URL: ${u}`);
  return { lang: m[1], slug: m[2], id: m[3] };
}

// visibleText asserts that the first element matching sel is visible and
// not blank, and returns its text.
async function visibleText(page, sel) {
  const el = page.locator(sel).first();
  assert.ok(await el.isVisible(), `${sel} is not visible on ${page.url()}`);
  const t = (await el.innerText()).trim();
  assert.ok(t.length > 0, `${sel} is empty on ${page.url()}`);
  return t;
}

// figureShown scrolls the article's first figure into view and asserts
// the image is visible and actually decoded (not a broken image).
async function figureShown(page) {
  const fig = page.locator('article.story figure').first();
  await fig.scrollIntoViewIfNeeded();
  assert.ok(await fig.isVisible(), `no visible figure on ${page.url()}`);
  const img = fig.locator('img');
  await img.evaluate((el) => (el.complete ? null : new Promise((r) => { el.onload = r; el.onerror = r; })));
  const w = await img.evaluate((el) => el.naturalWidth);
  assert.ok(w > 0, `figure image did not load on ${page.url()}: ${await img.getAttribute('src')}`);
  const alt = await img.getAttribute('alt');
  assert.ok(alt !== null, 'figure image has no alt attribute');
}

// loadLazyImages scrolls through the page so loading="lazy" images are
// fetched, and waits for them: a full-page screenshot shows them all.
async function loadLazyImages(page) {
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 500) {
      window.scrollTo(0, y);
      await new Promise((r) => setTimeout(r, 30));
    }
    window.scrollTo(0, 0);
    await Promise.all([...document.images].map((im) => (im.complete ? null
      : new Promise((r) => { im.onload = r; im.onerror = r; setTimeout(r, 5000); }))));
  });
}

test('home → article → same article in another language', async () => {
  const page = await browser.newPage();
  try {
    const res = await page.goto(url('/'));
    assert.equal(res.status(), 200);
    const home = new URL(page.url());
    assert.match(home.pathname, /^\/[a-z]{2,3}(-[A-Za-z0-9]+)?\/$/, `/ did not redirect to a language home: ${page.url()}`);
    const lang = home.pathname.split('/')[1];

    // Follow the first permalink whose article has a figure (checked over
    // HTTP first, so the browser clicks the link a reader would).
    const links = bookmarks(await page.content());
    assert.ok(links.length >= 12, `home lists ${links.length} permalinks, want 12+`);
    let target = null;
    for (const href of links) {
      const { text } = await getText(href);
      const src = /<figure\b[^>]*>\s*<img\b[^>]*\bsrc="([^"]+)"/.exec(text)?.[1]?.replace(/&amp;/g, '&');
      if (!src) continue;
      // Another test may have added an outlet that is gone by now: pick
      // an article whose image can still be fetched.
      const ok = await fetch(new URL(src, url('/'))).then((r) => r.ok, () => false);
      if (ok) { target = href; break; }
    }
    assert.ok(target, 'no article on the home page has a figure whose image loads');
    await Promise.all([
      page.waitForURL((u) => u.pathname === new URL(target, home).pathname),
      page.locator(`a[rel~="bookmark"][href="${target}"]`).first().click(),
    ]);
    const { slug, id } = slugOf(page.url());

    const title = await visibleText(page, 'article.story h1');
    await visibleText(page, 'article.story .lead');
    await figureShown(page);
    assert.equal(await page.locator('html').getAttribute('lang'), lang);
    assert.equal(await page.locator('html').getAttribute('dir'), 'ltr');
    assert.ok((await page.title()).includes(title), `<title> "${await page.title()}" lacks the headline "${title}"`);

    // Keyboard readers: the first Tab shows the skip link, which leads to main.
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => {
      const el = document.activeElement;
      const r = el.getBoundingClientRect();
      return { href: el.getAttribute('href'), visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight };
    });
    assert.deepEqual(skip, { href: '#main', visible: true }, 'the first Tab does not show a skip link to #main');
    await page.keyboard.press('Enter');
    assert.equal(new URL(page.url()).hash, '#main');

    await loadLazyImages(page);
    const ltrShot = screenshotPath(`article-${lang}-ltr.png`);
    await page.screenshot({ path: ltrShot, fullPage: true });
    console.log(`screenshot (LTR article): ${ltrShot}`);

    // Switch language: any other language the switcher offers for this
    // article must land on the same article, translated, under a slug of
    // its own language.
    const others = await page.locator('nav.langs a[hreflang]:not([aria-current])').evaluateAll(
      (as) => as.map((a) => ({ lang: a.getAttribute('hreflang'), href: a.getAttribute('href') })));
    const other = others.find((o) => o.href.includes('/a/'));
    assert.ok(other, `the language switcher offers no other language for this article: ${JSON.stringify(others)}`);
    await Promise.all([
      page.waitForURL((u) => u.pathname.startsWith(`/${other.lang}/`)),
      page.locator(`nav.langs a[hreflang="${other.lang}"]`).click(),
    ]);
    const moved = slugOf(page.url());
    assert.equal(moved.lang, other.lang);
    assert.equal(moved.id, id, 'the language switcher changed the article');
    assert.equal(new URL(page.url()).pathname, new URL(other.href, home).pathname, 'the switcher\'s link was redirected');
    assert.equal(await page.locator('html').getAttribute('lang'), other.lang);
    const title2 = await visibleText(page, 'article.story h1');
    await visibleText(page, 'article.story .lead');
    await figureShown(page);
    assert.notEqual(title2, '', 'translated title is empty');
    // The switcher on the new page marks the current language and links back.
    assert.equal(await page.locator(`nav.langs a[hreflang="${other.lang}"]`).getAttribute('aria-current'), 'page');
    const back = await page.locator(`nav.langs a[hreflang="${lang}"]`).getAttribute('href');
    assert.equal(back, `/${lang}/a/${slug}`);
    // The first language's slug under the second language's prefix (an
    // old URL, when the slug was the same everywhere) redirects to the
    // second language's own.
    const old = await fetch(url(`/${other.lang}/a/${slug}`), { redirect: 'manual' });
    if (moved.slug !== slug) {
      assert.equal(old.status, 301, `/${other.lang}/a/${slug} does not redirect`);
      assert.equal(new URL(old.headers.get('location'), home).pathname, `/${other.lang}/a/${moved.slug}`);
    }
  } finally {
    await page.close();
  }
});

test('Arabic pages read right to left', async () => {
  const page = await browser.newPage();
  try {
    const res = await page.goto(url('/ar/'));
    assert.equal(res.status(), 200);
    for (const sel of ['html', 'body', 'main']) {
      const dir = await page.locator(sel).first().evaluate((el) => getComputedStyle(el).direction);
      assert.equal(dir, 'rtl', `computed direction of <${sel}> on /ar/`);
    }
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    assert.equal(await page.locator('html').getAttribute('lang'), 'ar');

    const first = page.locator('a[rel~="bookmark"]').first();
    assert.ok(await first.isVisible(), '/ar/ lists no articles');
    const href = await first.getAttribute('href');
    await Promise.all([page.waitForURL((u) => u.pathname === href), first.click()]);
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    const dir = await page.locator('article.story').evaluate((el) => getComputedStyle(el).direction);
    assert.equal(dir, 'rtl', 'computed direction of the Arabic article');
    const h1 = await visibleText(page, 'article.story h1');
    assert.match(h1, /[\u0600-\u06FF]/, 'the Arabic headline has no Arabic letters');
    // Right to left means the headline's text starts at the right edge.
    const align = await page.locator('article.story h1').evaluate((el) => {
      const r = el.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(el);
      const t = range.getClientRects()[0];
      return { right: r.right - t.right, left: t.left - r.left };
    });
    assert.ok(align.right <= align.left + 1, `Arabic headline is not right-aligned: ${JSON.stringify(align)}`);

    await loadLazyImages(page);
    const rtlShot = screenshotPath('article-ar-rtl.png');
    await page.screenshot({ path: rtlShot, fullPage: true });
    console.log(`screenshot (RTL article): ${rtlShot}`);
  } finally {
    await page.close();
  }
});

// Every picture a reader's browser loads comes from our origin: on list
// pages (teaser thumbnails) and article pages, LTR and RTL, each <img>
// has a srcset, and the URL the browser chose (currentSrc) is ours and
// decodes. A screenshot of the list with its pictures is kept.
test('pictures come from our origin only, lists show teaser pictures', async () => {
  const page = await browser.newPage();
  const origin = new URL(url('/')).origin;
  const foreign = [];
  page.on('request', (req) => {
    if (req.resourceType() === 'image' && new URL(req.url()).origin !== origin) foreign.push(req.url());
  });
  try {
    const pages = ['/es/', '/ca/', '/ar/'];
    const { text } = await getText('/es/');
    pages.push(...bookmarks(text).slice(0, 3));
    for (const p of pages) {
      const res = await page.goto(url(p));
      assert.equal(res.status(), 200, p);
      await loadLazyImages(page);
      const imgs = await page.evaluate(() => [...document.images].map((im) => ({
        src: im.currentSrc, srcset: im.getAttribute('srcset'), w: im.naturalWidth,
      })));
      // The Arabic outlet has a few articles; the Spanish one many.
      const want = { '/es/': 6, '/ca/': 6, '/ar/': 1 }[p] || 0;
      assert.ok(imgs.length >= want, `${p} shows ${imgs.length} teaser pictures, want ${want}+`);
      for (const im of imgs) {
        assert.equal(new URL(im.src).origin, origin, `${p}: picture from ${im.src}`);
        assert.match(new URL(im.src).pathname, /^\/media\/[0-9a-f]{32}-\d+\.(jpg|png)$/, `${p}: ${im.src}`);
        assert.ok(im.srcset, `${p}: ${im.src} has no srcset`);
        assert.ok(im.w > 0, `${p}: ${im.src} did not load`);
      }
      if (p === '/es/') await page.screenshot({ path: screenshotPath('list-es-pictures.png'), fullPage: true });
      if (p === '/ar/') await page.screenshot({ path: screenshotPath('list-ar-pictures.png'), fullPage: true });
    }
    assert.deepEqual(foreign, [], 'the browser fetched pictures from another origin');
  } finally {
    await page.close();
  }
});
// An article links its author and lists more by them and from its outlet;
// the author's page lists the article, in an LTR and an RTL language.
for (const lang of ['es', 'ar']) {
  test(`${lang}: article → its author's page, and the lists beside it`, async () => {
    const { text } = await getText(`/${lang}/`);
    const page = await browser.newPage();
    try {
      let found = false;
      for (const href of bookmarks(text).slice(0, 10)) {
        await page.goto(url(href), { waitUntil: 'load' });
        const by = page.locator('.byline a[rel="author"]').first();
        if (!(await by.count()) || !(await page.locator('#more-outlet-title').count())) continue;
        found = true;
        const title = await visibleText(page, 'h1');
        await visibleText(page, '#more-outlet-title');
        const outlet = await page.locator('#more-outlet-title a').getAttribute('href');
        assert.match(outlet ?? '', new RegExp(`^/${lang}/outlet/\\d+(-[^/]+)?/$`), `"More from" links ${outlet}`);
        const name = (await by.innerText()).trim();
        await by.click();
        await page.waitForLoadState('load');
        assert.match(new URL(page.url()).pathname, new RegExp(`^/${lang}/author/[^/]+/$`));
        const h1 = await visibleText(page, 'h1');
        assert.ok(h1.includes(name), `author page heading ${h1} lacks ${name}`);
        const titles = await page.locator('a[rel="bookmark"]').allInnerTexts();
        assert.ok(titles.map((t) => t.trim()).includes(title), `the author's page does not list ${title}: ${titles}`);
        if (lang === 'ar') {
          assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
        }
        await page.screenshot({ path: screenshotPath(`author-${lang}.png`), fullPage: true });
        break;
      }
      assert.ok(found, `no ${lang} article with an author link and an outlet list among the first ten`);
    } finally {
      await page.close();
    }
  });
}
