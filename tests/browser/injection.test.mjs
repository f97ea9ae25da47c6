// Nothing a reader or a source outlet writes may run as script in a
// reader's browser. Script-injection payloads go in through every door the
// site has — comments (approved through the CLI so they are rendered),
// search queries, the URL path and query, and the text of a source article
// followed from an outlet started here on loopback — and each resulting page
// is loaded in Chromium.
//
// Pages are loaded with the site's Content-Security-Policy bypassed: the
// CSP (script-src 'none') is a second line of defence, and these tests check
// the first one, escaping and sanitizing. A canary test proves the detector
// sees a payload that does execute.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { bookmarks, getText, launch, nb, url, waitFor } from './lib.mjs';

const JS = 'window.__pwned=1;alert(1)';

/** The payloads, each named; every one would run if printed unescaped. */
const PAYLOADS = {
  script: `<script>${JS}</script>`,
  imgOnerror: `<img src=x onerror="${JS}">`,
  svgOnload: `"><svg onload=${JS}>`,
  attrBreak: `" autofocus onfocus="${JS}" x="`,
  singleQuote: `' autofocus onfocus='${JS}' x='`,
  jsLink: `javascript:${JS}`,
  anchor: `<a href="javascript:${JS}">pulse aquí</a>`,
  textarea: `</textarea><script>${JS}</script>`,
  jsonLD: `</script><script>${JS}</script>`,
  title: `</title><script>${JS}</script>`,
  style: `</style><img src=x onerror=${JS}>`,
  iframe: `<iframe src="javascript:${JS}"></iframe>`,
};

let browser;
let context;
before(async () => {
  browser = await launch();
  context = await browser.newContext({ bypassCSP: true });
});
after(async () => {
  await browser?.close();
});

/**
 * visit loads path in a fresh page and reports what ran or was injected:
 * dialogs opened, window.__pwned, event-handler attributes, javascript:
 * URLs, scripts other than one well-formed JSON-LD block, and elements the
 * site never emits (svg, iframe, object, embed).
 */
async function visit(path, { waitMs = 400 } = {}) {
  const page = await context.newPage();
  const dialogs = [];
  page.on('dialog', async (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss().catch(() => {});
  });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  try {
    const res = await page.goto(url(path), { waitUntil: 'load' });
    await page.waitForTimeout(waitMs); // let onerror/onload/onfocus fire
    // Hover and focus everything focusable once: handlers that need a
    // reader's gesture get it.
    await page.evaluate(() => {
      for (const el of document.querySelectorAll('a, input, textarea, button, select, [tabindex]')) {
        el.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
        if (typeof el.focus === 'function') el.focus();
      }
    });
    await page.waitForTimeout(100);
    const found = await page.evaluate(() => {
      const bad = [];
      const urlAttrs = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc', 'poster', 'background']);
      for (const el of document.querySelectorAll('*')) {
        for (const a of el.attributes) {
          const n = a.name.toLowerCase();
          if (n.startsWith('on')) bad.push(`<${el.localName} ${a.name}="${a.value}">`);
          if (urlAttrs.has(n) && /^\s*(javascript|vbscript|data:text\/html)/i.test(a.value.replace(/[\s\u0000-\u001f]/g, ''))) {
            bad.push(`<${el.localName} ${a.name}="${a.value}">`);
          }
        }
      }
      for (const el of document.querySelectorAll('svg, iframe, object, embed, frame, base, meta[http-equiv="refresh" i]')) {
        bad.push(`unexpected element <${el.localName}> ${el.outerHTML.slice(0, 120)}`);
      }
      const scripts = [...document.querySelectorAll('script')];
      for (const s of scripts) {
        if (s.type !== 'application/ld+json') {
          bad.push(`<script${s.type ? ` type=${s.type}` : ''}>${s.textContent.slice(0, 80)}`);
          continue;
        }
        try {
          JSON.parse(s.textContent);
        } catch (e) {
          bad.push(`JSON-LD no longer parses (${e.message}): ${s.textContent.slice(0, 120)}`);
        }
      }
      if (scripts.filter((s) => s.type === 'application/ld+json').length > 1) bad.push('more than one JSON-LD block');
      return { bad, pwned: window.__pwned ?? null, text: document.body ? document.body.innerText : '' };
    });
    return { status: res.status(), dialogs, pageErrors, page, ...found };
  } catch (e) {
    await page.close();
    throw e;
  }
}

/** assertClean fails with everything visit found on the page. */
function assertClean(r, where) {
  assert.deepEqual(r.dialogs, [], `${where}: a dialog opened`);
  assert.equal(r.pwned, null, `${where}: injected script ran (window.__pwned is set)`);
  assert.deepEqual(r.bad, [], `${where}: injected markup is live in the DOM`);
}

const norm = (s) => s.replace(/\s+/g, ' ').trim();

/** post sends a form from a given loopback address (the site rate-limits per IP). */
function postForm(path, fields, localAddress) {
  const body = new URLSearchParams(fields).toString();
  return new Promise((resolve, reject) => {
    const req = http.request(url(path), {
      method: 'POST', localAddress,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, location: res.headers.location }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('the detector sees a payload that runs (canary)', async () => {
  // Serve the real home page with one payload spliced in, through the
  // browser's request interception: if this is not caught, no test here
  // can be trusted.
  const { text } = await getText('/es/');
  await context.route('**/es/?canary=1', (route) => route.fulfill({
    status: 200, contentType: 'text/html; charset=utf-8',
    headers: { 'Content-Security-Policy': "script-src 'none'" },
    body: text.replace('</main>', `${PAYLOADS.imgOnerror}</main>`),
  }));
  const r = await visit('/es/?canary=1');
  await r.page.close();
  await context.unroute('**/es/?canary=1');
  assert.equal(r.pwned, 1, 'the canary payload did not run: is CSP really bypassed?');
  assert.equal(r.dialogs.length, 1);
  assert.ok(r.bad.some((b) => b.includes('onerror')), `the canary was not seen in the DOM: ${JSON.stringify(r.bad)}`);
});

describe('comments', () => {
  const marker = `cmt${randomBytes(4).toString('hex')}`;

  test('payloads in approved comments are shown as text', async () => {
    // One article in a left-to-right language and one right to left.
    const targets = [];
    for (const lang of ['es', 'ar']) {
      const { text } = await getText(`/${lang}/`);
      const href = bookmarks(text)[0];
      assert.ok(href, `/${lang}/ lists no article`);
      targets.push({ lang, href });
    }
    let ip = 10;
    const posted = [];
    for (const { lang, href } of targets) {
      for (const [name, p] of Object.entries(PAYLOADS)) {
        const body = `${marker} ${name} ${p}`;
        const author = `${p} ${name}`.slice(0, 100);
        const res = await postForm(`${href}/comments`, { name: author, body, website: '' }, `127.0.0.${ip++}`);
        assert.equal(res.status, 303, `comment ${name} on ${href}: status ${res.status}`);
        posted.push({ lang, href, name, body, author });
      }
    }

    // Approve them through the CLI, as a moderator would.
    const list = await nb('comments', 'list');
    const ids = list.split('\n').filter((l) => l.includes(marker)).map((l) => l.trim().split(/\s+/)[0]);
    assert.equal(ids.length, posted.length, `comments list shows ${ids.length} of our ${posted.length} comments:\n${list}`);
    for (const id of ids) await nb('comments', 'approve', id);

    for (const { lang, href } of targets) {
      const mine = posted.filter((c) => c.href === href);
      await waitFor(`${mine.length} approved comments on ${href}`, async () => {
        const { text } = await getText(href);
        return text.split(marker).length - 1 >= mine.length;
      }, { timeoutMs: 30_000 });
      const r = await visit(href);
      try {
        assertClean(r, `${lang} article with comments`);
        const shown = norm(await r.page.locator('#comments').innerText());
        for (const c of mine) {
          assert.ok(shown.includes(norm(c.body)), `comment ${c.name} is not shown verbatim as text on ${href}; want ${JSON.stringify(c.body)}`);
          assert.ok(shown.includes(norm(c.author)), `author ${c.name} is not shown verbatim as text on ${href}`);
        }
        // The comment form's textarea must still be empty: a </textarea>
        // in a comment must not have closed or filled it.
        assert.equal(await r.page.locator('textarea').first().inputValue(), '');
      } finally {
        await r.page.close();
      }
    }
  });
});

describe('search queries', () => {
  for (const lang of ['es', 'ar']) {
    // Every payload in one language; the ones that break out of an
    // attribute or element in the other.
    const names = lang === 'es' ? Object.keys(PAYLOADS) : ['script', 'attrBreak', 'svgOnload', 'jsonLD'];
    for (const [name, p] of Object.entries(PAYLOADS).filter(([n]) => names.includes(n))) {
      test(`${lang}: q=${name}`, async () => {
        const r = await visit(`/${lang}/search?q=${encodeURIComponent(p)}`, { waitMs: 150 });
        try {
          assertClean(r, `/${lang}/search?q=${name}`);
          assert.ok(r.status === 200 || r.status === 400 || r.status === 404, `status ${r.status}`);
          if (r.status === 200) {
            // The query is echoed back into the search box, as its value.
            assert.equal(await r.page.locator('main input[name="q"]').first().inputValue(), p);
          }
        } finally {
          await r.page.close();
        }
      });
    }
  }

  test('es: payloads in the other search fields', async () => {
    const q = new URLSearchParams({ q: 'agua', category: PAYLOADS.svgOnload, from: PAYLOADS.attrBreak, to: PAYLOADS.script, page: PAYLOADS.imgOnerror });
    const r = await visit(`/es/search?${q}`);
    try {
      assertClean(r, '/es/search with payloads in category/from/to/page');
    } finally {
      await r.page.close();
    }
  });
});

describe('URL path and query', () => {
  const paths = [];
  // Percent-encoded in a path, payloads differ only in the characters they
  // use: a few kinds cover them.
  for (const name of ['script', 'imgOnerror', 'attrBreak', 'singleQuote', 'jsonLD']) {
    const p = PAYLOADS[name];
    const e = encodeURIComponent(p);
    paths.push([`${name} as language`, `/${e}/`]);
    paths.push([`${name} as category`, `/es/${e}/`]);
    paths.push([`${name} as slug`, `/es/a/${e}`]);
    paths.push([`${name} in an Arabic slug`, `/ar/a/${e}`]);
    paths.push([`${name} as feed`, `/es/${e}/${e}`]);
    paths.push([`${name} as ?page`, `/es/?page=${e}`]);
    paths.push([`${name} as ?comment`, `/es/?comment=${e}#comment-status`]);
  }
  test('no payload in a URL runs or is live', async () => {
    for (const [name, p] of paths) {
      const r = await visit(p, { waitMs: 100 });
      try {
        assertClean(r, `${name} (${p})`);
        assert.ok(r.status < 500, `${name} (${p}): status ${r.status}`);
      } finally {
        await r.page.close();
      }
    }
  });
});

// A source outlet whose article is full of payloads: as escaped text (the
// text itself reads like markup) and as real markup (handlers, javascript:
// links, scripts) that extraction must drop.
describe('source article text', () => {
  const marker = `Zarzaleda${randomBytes(3).toString('hex')}`;
  let outlet;
  let outletURL;

  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const title = `El pleno de ${marker} aprueba el presupuesto ${PAYLOADS.script} con ${PAYLOADS.svgOnload}`;
  const lead = `La corporación municipal de ${marker} dio el visto bueno a las cuentas de 2026 ${PAYLOADS.imgOnerror} tras un debate de cuatro horas ${PAYLOADS.jsonLD}.`;
  const paras = [
    `El Ayuntamiento de ${marker} aprobó el jueves por la noche el presupuesto municipal para 2026, que asciende a 48,6 millones de euros, un 4,2 por ciento más que el del año pasado. La votación salió adelante con los votos del equipo de gobierno y la abstención de dos concejales de la oposición. ${PAYLOADS.textarea}`,
    `La alcaldesa, Lucía Ferrándiz, defendió que las cuentas dedican casi la mitad del gasto a servicios sociales, vivienda y transporte público. Según explicó, el consistorio contratará a doce educadores sociales y ampliará el horario de las bibliotecas durante los meses de exámenes. ${PAYLOADS.attrBreak}`,
    `La oposición criticó que la partida para el mantenimiento de las calles del casco antiguo baje por segundo año consecutivo. El portavoz del grupo mayoritario de la oposición, Andrés Peñalver, pidió que el dinero de las multas de tráfico se destine a reparar aceras y a instalar rampas. ${PAYLOADS.title}`,
    `El presupuesto incluye también una inversión de 3,1 millones para renovar la red de agua potable de los barrios del norte, donde las averías se repiten cada invierno. Las obras empezarán en marzo y durarán unos catorce meses, según el calendario que presentó el concejal de Urbanismo. ${PAYLOADS.style}`,
    `Los vecinos podrán consultar el documento completo en la sede electrónica del Ayuntamiento a partir del lunes y presentar alegaciones durante quince días hábiles. Después, el pleno deberá votar de nuevo para aprobarlo de forma definitiva antes de que termine el año. ${PAYLOADS.singleQuote} ${PAYLOADS.jsLink}`,
  ];
  const alt = `Concejales de ${marker} votan en el pleno ${PAYLOADS.svgOnload}`;
  const caption = `Votación del presupuesto en el salón de plenos ${PAYLOADS.imgOnerror} ${PAYLOADS.jsonLD}`;

  function articleHTML(base) {
    return `<!DOCTYPE html>
<html lang="es">
<head>
<meta charset="utf-8">
<title>${esc(title)} | Crónica de Prueba</title>
<meta name="description" content="${esc(lead)}">
<meta property="og:title" content="${esc(title)}">
<meta property="og:description" content="${esc(lead)}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2026-11-20T09:30:00Z">
<meta property="article:section" content="Sociedad">
<meta name="author" content="Marta Solís ${esc(PAYLOADS.imgOnerror)}">
<link rel="canonical" href="${base}/noticias/presupuesto-${marker}.html">
<script>window.__pwned=1</script>
</head>
<body onload="window.__pwned=1">
<header><nav><a href="/">Portada</a> <a href="/sociedad/">Sociedad</a></nav></header>
<main>
<article>
<h1>${esc(title)}</h1>
<p class="lead">${esc(lead)}</p>
<p class="byline">Por Marta Solís ${esc(PAYLOADS.imgOnerror)}</p>
<time datetime="2026-11-20T09:30:00Z">20 de noviembre de 2026</time>
<p>${esc(paras[0])}</p>
<figure><img src="${base}/img/pleno.png" alt="${esc(alt)}" width="640" height="400" onerror="window.__pwned=1"><figcaption>${esc(caption)}</figcaption></figure>
<p>${esc(paras[1])} Más información en <a href="javascript:window.__pwned=1">${esc(PAYLOADS.jsLink)}</a> y en <a href="${base}/noticias/otra.html" onclick="window.__pwned=1" onmouseover="window.__pwned=1">la crónica anterior ${esc(PAYLOADS.anchor)}</a>.</p>
<script>window.__pwned=1</script>
<h2>Las inversiones ${esc(PAYLOADS.script)}</h2>
<p>${esc(paras[2])} <img src="x" onerror="window.__pwned=1" alt=""></p>
<p>${esc(paras[3])} <svg onload="window.__pwned=1"><circle r="1"/></svg></p>
<blockquote><p>Son unas cuentas pensadas para la gente que vive aquí todo el año ${esc(PAYLOADS.iframe)}, dijo la alcaldesa.</p></blockquote>
<p>${esc(paras[4])} <iframe src="javascript:window.__pwned=1"></iframe> <a href="jAvAsCrIpT&colon;window.__pwned=1">enlace</a></p>
</article>
</main>
<footer><p>Crónica de Prueba — todos los derechos reservados</p></footer>
</body>
</html>`;
  }

  // A 640×400 grey PNG, built here (no fixture files, no network).
  function png() {
    const w = 640, h = 400;
    const raw = Buffer.alloc((w * 3 + 1) * h, 0x99);
    for (let y = 0; y < h; y++) raw[y * (w * 3 + 1)] = 0;
    const crcTable = Array.from({ length: 256 }, (_, n) => {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      return c >>> 0;
    });
    const crc = (buf) => {
      let c = 0xffffffff;
      for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
      return (c ^ 0xffffffff) >>> 0;
    };
    const chunk = (type, data) => {
      const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
      const td = Buffer.concat([Buffer.from(type), data]);
      const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
      return Buffer.concat([len, td, c]);
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2;
    return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
  }

  function feedXML(base) {
    return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Crónica de Prueba ${esc(PAYLOADS.script)}</title>
<link>${base}/</link>
<description>Noticias de ${marker}</description>
<language>es</language>
<item>
<title>${esc(title)}</title>
<link>${base}/noticias/presupuesto-${marker}.html</link>
<guid>${base}/noticias/presupuesto-${marker}.html</guid>
<pubDate>Fri, 20 Nov 2026 09:30:00 GMT</pubDate>
<description>${esc(lead)}</description>
</item>
</channel></rss>`;
  }

  before(async () => {
    const image = png();
    outlet = http.createServer((req, res) => {
      const base = `http://${req.headers.host}`;
      const send = (type, body) => { res.writeHead(200, { 'Content-Type': type }); res.end(body); };
      if (req.url === '/feed.xml') return send('application/rss+xml; charset=utf-8', feedXML(base));
      if (req.url === `/noticias/presupuesto-${marker}.html`) return send('text/html; charset=utf-8', articleHTML(base));
      if (req.url === '/img/pleno.png') return send('image/png', image);
      if (req.url === '/robots.txt') return send('text/plain', 'User-agent: *\nAllow: /\n');
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
    });
    // run reserves this port and lists it in the server's NEWSBRIDGE_FETCH_ALLOW:
    // the fetcher connects to no other loopback port.
    await new Promise((r) => outlet.listen(Number(process.env.NB_OUTLET_PORT || 0), '127.0.0.1', r));
    outletURL = `http://127.0.0.1:${outlet.address().port}`;
  });
  after(async () => {
    await new Promise((r) => outlet?.close(r) ?? r());
  });

  test('an article full of payloads is published as text, in its language and translated', async () => {
    const out = await nb('source', 'add', '--language', 'es', '--interval', '1m',
      '--name', `Crónica ${PAYLOADS.imgOnerror}`, `${outletURL}/feed.xml`);
    console.log(`source added: ${out.trim()}`);
    const href = await waitFor(`/es/ to list the article titled …${marker}…`, async () => {
      const { text } = await getText('/es/');
      if (!text.includes(marker)) return null;
      return bookmarks(text).find((h) => text.split(h)[1]?.slice(0, 400).includes(marker)) || null;
    }, { timeoutMs: 180_000, everyMs: 1000 });
    const slug = href.split('/a/')[1];

    const r = await visit(href);
    try {
      assertClean(r, `source article ${href}`);
      const h1 = norm(await r.page.locator('article.story h1').innerText());
      assert.equal(h1, norm(title), 'the title is not shown verbatim as text');
      const lead2 = norm(await r.page.locator('article.story .lead').innerText());
      assert.equal(lead2, norm(lead), 'the lead is not shown verbatim as text');
      const body = norm(await r.page.locator('article.story .body').innerText());
      for (const p of paras) assert.ok(body.includes(norm(p)), `paragraph not shown verbatim: ${p.slice(0, 60)}…`);
      const img = r.page.locator('article.story figure img').first();
      if (await img.count()) {
        assert.equal(norm(await img.getAttribute('alt')), norm(alt), 'image alt changed');
      }
      const caps = norm((await r.page.locator('article.story figcaption').allInnerTexts()).join(' '));
      assert.ok(caps.includes(norm(caption)), `caption not shown verbatim: ${caps}`);
      // The attribution names the outlet with a payload in its name.
      const src = norm(await r.page.locator('article.story footer.source').innerText());
      assert.ok(src.includes(norm(`Crónica ${PAYLOADS.imgOnerror}`)), `attribution: ${src}`);
    } finally {
      await r.page.close();
    }

    // The list pages that show it, its feed-like search page, and its
    // machine translations.
    for (const p of ['/es/', '/es/sociedad/']) {
      const lr = await visit(p);
      try {
        assertClean(lr, p);
      } finally {
        await lr.page.close();
      }
    }
    // Search highlights the words found inside the title and snippet: the
    // highlighting must not unescape what is around it. Words of the
    // payloads themselves are searched too.
    for (const q of [marker, 'script', 'onerror', 'textarea', 'svg']) {
      const p = `/es/search?q=${encodeURIComponent(q)}`;
      await waitFor(`${p} to find the article (or search to be off)`, async () => {
        const { text } = await getText(p);
        return text.includes(href) || !text.includes('role="status"');
      }, { timeoutMs: 60_000, everyMs: 1000 });
      const sr = await visit(p);
      try {
        assertClean(sr, p);
        const hit = sr.page.locator(`main a[rel~="bookmark"][href="${href}"]`);
        if (await hit.count()) {
          assert.equal(norm(await hit.first().innerText()), norm(title), `${p}: the title in the results is not shown verbatim`);
        } else {
          console.log(`note: ${p} lists no results (search is off): escaping of highlighted results not checked`);
        }
      } finally {
        await sr.page.close();
      }
    }
    // The source slug under another language redirects to the page under
    // that language's own slug, made from the translated title.
    for (const lang of ['ca', 'en', 'gl']) {
      const p = `/${lang}/a/${slug}`;
      await waitFor(`${p} to be published`, async () => (await getText(p)).status === 200, { timeoutMs: 120_000, everyMs: 1000 });
      const tr = await visit(p);
      try {
        assertClean(tr, `translated source article ${p}`);
        const id = slug.split('-')[0];
        assert.ok(new URL(tr.page.url()).pathname.startsWith(`/${lang}/a/${id}`), `${p} landed on ${tr.page.url()}`);
        assert.ok((await tr.page.locator('article.story h1').innerText()).includes(marker), `${p}: the name ${marker} did not survive translation`);
      } finally {
        await tr.page.close();
      }
    }
  });
});
