// The editors' workspace in a real browser: an admin (added with
// `newsbridge user add`) creates an editor on the users screen, pauses and
// resumes a source and reads what removing one would delete; the editor
// signs in, opens the review queue, fixes a flagged sentence with the
// keyboard only, sees the fix on the public page and in a second article
// that shares the sentence, approves; previews and saves a glossary
// change; moderates a reader's comment; cannot open the admin screens. A
// cross-origin POST is refused; an expired session sends to the sign-in
// page. Every screen is checked with the Nu HTML Checker (0 errors) and
// axe-core (0 violations), and screenshotted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { dataDir, launch, nb, screenshotPath, url, waitFor } from './lib.mjs';

const require = createRequire(import.meta.url);
const vnuJar = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
const axePath = require.resolve('axe-core/axe.min.js');

const ADMIN = 'ed-admin';
const EDITOR = 'ed-marta';
const PASSWORD = 'a long enough secret';

let browser;
let dir;
const screens = []; // {name, file, html}

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nb-editor-'));
  const pw = path.join(dir, 'pw');
  writeFileSync(pw, `${PASSWORD}\n`);
  await nb('user', 'add', '--role', 'admin', '--password-file', pw, ADMIN);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// newSession opens a browser context for one person; axe is injected
// past the workspace's CSP (script-src 'self').
async function newSession() {
  const ctx = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  return { ctx, page: await ctx.newPage() };
}

async function signIn(page, name) {
  await page.goto(url('/editor/'));
  assert.match(new URL(page.url()).pathname, /^\/editor\/login$/, 'no session: not sent to the sign-in page');
  await page.fill('#name', name);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  assert.equal(new URL(page.url()).pathname, '/editor/', `sign-in of ${name} did not open the queue`);
}

// check records a screen for vnu, runs axe on it and screenshots it.
async function check(page, name) {
  const html = await page.evaluate(() => '<!DOCTYPE html>\n' + document.documentElement.outerHTML);
  const file = path.join(dir, `${name}.html`);
  writeFileSync(file, html);
  screens.push({ name, file, html });
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document);
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${n.html.slice(0, 160)}`).join('\n')}`);
  });
  assert.deepEqual(violations, [], `${name}: axe violations:\n${violations.join('\n')}`);
  await page.screenshot({ path: screenshotPath(`editor-${name}.png`), fullPage: true });
}

test('an admin creates an editor on the users screen', async () => {
  const { ctx, page } = await newSession();
  try {
    await page.goto(url('/editor/login'));
    await check(page, 'login');
    await page.fill('#name', ADMIN);
    await page.fill('#password', 'wrong password!');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    assert.match(await page.locator('.error').innerText(), /wrong name or password/);
    await check(page, 'login-wrong');
    await signIn(page, ADMIN);
    await page.goto(url('/editor/users'));
    await page.fill('#u-name', EDITOR);
    await page.selectOption('#u-role', 'editor');
    await page.fill('#u-pass', PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('form.card button[type=submit]')]);
    assert.match(await page.locator('.notice').innerText(), new RegExp(`Added ${EDITOR}`));
    assert.match(await page.locator('.token').innerText(), /nb_[0-9a-f]+/);
    await check(page, 'users');
    await page.goto(url('/editor/sources'));
    await check(page, 'sources');
    // Pause the first source: shown paused, with Resume instead of Poll now.
    const first = page.locator('table tbody tr').first();
    await Promise.all([page.waitForNavigation(), first.locator('button', { hasText: 'Pause' }).click()]);
    assert.match(await page.locator('.notice').innerText(), /Paused .*: it is not polled until resumed/);
    assert.match(await first.locator('td').nth(1).innerText(), /^paused$/);
    assert.equal(await first.locator('button', { hasText: 'Poll now' }).count(), 0, 'a paused source offers Poll now');
    await check(page, 'sources-paused');
    await Promise.all([page.waitForNavigation(), first.locator('button', { hasText: 'Resume' }).click()]);
    assert.match(await page.locator('.notice').innerText(), /Resumed .*: it is polled at the next scheduling round/);
    assert.notEqual(await first.locator('td').nth(1).innerText(), 'paused');
    await Promise.all([page.waitForNavigation(), page.locator('table a', { hasText: 'Remove' }).first().click()]);
    assert.match(await page.locator('main').innerText(), /[1-9]\d* article\(s\) and their \d+ translation\(s\);\s+[1-9]\d* published page\(s\), which leave the site/);
    await check(page, 'source-remove');
    await Promise.all([page.waitForNavigation(), page.locator('main a', { hasText: 'Keep it' }).click()]);
    assert.equal(new URL(page.url()).pathname, '/editor/sources');
    // The mapping of a source's categories to sections: saved as it is
    // (the demo's configured one), nothing moves.
    await Promise.all([page.waitForNavigation(), page.locator('table a', { hasText: 'Sections' }).first().click()]);
    assert.match(new URL(page.url()).pathname, /^\/editor\/sources\/\d+\/sections$/);
    await check(page, 'source-sections');
    await Promise.all([page.waitForNavigation(), page.click('form.card button[type=submit]')]);
    assert.match(await page.locator('.notice').innerText(), /Mapping saved; 0 article\(s\) moved/);
    await check(page, 'source-sections-saved');
    await page.goto(url('/editor/audit'));
    assert.match(await page.content(), /user\.add/);
    await check(page, 'audit');
    const csv = await page.evaluate(async () => (await fetch('/editor/audit.csv')).text());
    assert.match(csv, /^id,at,actor,action,object,before,after\n/);
    assert.match(csv, new RegExp(`user/${EDITOR}`));
  } finally {
    await ctx.close();
  }
});

let publicURL;
let fixed;

// The demo's two articles that share this sentence, which the engine
// does not fully know (flagged): the beach clean-up and the seagrass.
const SHARED = 'Los voluntarios recogieron colillas, toallitas y bastoncillos en la escollera del puerto.';

test('the editor fixes a flagged sentence with the keyboard, sees it in both articles that share it, approves', async () => {
  const { ctx, page } = await newSession();
  try {
    await signIn(page, EDITOR);
    assert.match(await page.locator('.counts').innerText(), /\d/);
    await check(page, 'queue');
    // The queue filtered to Catalan; open the beach clean-up article.
    await page.selectOption('#f-lang', 'ca');
    await Promise.all([page.waitForNavigation(), page.click('.filters button')]);
    assert.match(page.url(), /lang=ca/);
    const row = page.locator('table.queue tbody tr', { hasText: '700' });
    assert.equal(await row.count(), 1, 'the beach clean-up article is not in the Catalan queue');
    await Promise.all([page.waitForNavigation(), row.locator('a').first().click()]);
    assert.match(new URL(page.url()).pathname, /^\/editor\/articles\/\d+\/ca$/);
    await check(page, 'article');
    publicURL = await page.locator('.meta a', { hasText: 'public page' }).getAttribute('href');
    assert.ok(publicURL, 'the article editor links no public page');

    // j moves between segments: go to the flagged shared sentence.
    const onText = async () => page.evaluate((shared) => {
      const s = document.activeElement;
      return !!s && s.classList.contains('seg') && s.classList.contains('flagged')
        && s.querySelector('.src').textContent.includes(shared);
    }, SHARED);
    let found = false;
    for (let i = 0; i < 300 && !found; i++) {
      await page.keyboard.press('j');
      found = await onText();
    }
    assert.ok(found, 'the flagged shared sentence was not reached with j');
    const segID = await page.evaluate(() => document.activeElement.id);
    const [away, back] = segID === 'seg-0' ? ['j', 'k'] : ['k', 'j'];
    await page.keyboard.press(away);
    assert.notEqual(await page.evaluate(() => document.activeElement.id), segID, `${away} did not move`);
    await page.keyboard.press(back);
    assert.equal(await page.evaluate(() => document.activeElement.id), segID, `${away} then ${back} does not come back`);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'TEXTAREA', 'Enter does not edit');
    const before = await page.locator(`#${segID} textarea`).inputValue();
    fixed = `${before.replace(/[.\s]+$/, '')}, revisat per la redacció.`;
    await page.keyboard.press('Control+A');
    await page.keyboard.type(fixed);
    await page.keyboard.press('Control+Enter');
    await waitFor('the save to be confirmed', async () => /saved/i.test(await page.locator('#live').innerText()), { timeoutMs: 15_000, everyMs: 200 });
    assert.match(await page.locator('#live').innerText(), /applied to 1 other article/, 'the fix was not applied to the other article');
    assert.equal(await page.evaluate(() => document.activeElement.id), segID, 'Ctrl+Enter did not return to the segment');
    assert.equal(await page.locator(`#${segID}.flagged`).count(), 0, 'the saved segment is still flagged');
    await page.keyboard.press('Escape');
    await page.screenshot({ path: screenshotPath('editor-article-saved.png') });

    // Reload: the fix is stored, by this editor.
    await page.reload();
    assert.equal(await page.locator(`#${segID} textarea`).inputValue(), fixed);
    assert.match(await page.locator(`#${segID} .prov`).innerText(), new RegExp(`by ${EDITOR}`));

    // The public page shows it within seconds (republished, reindexed).
    const reader = await ctx.newPage();
    const shown = (s) => s.replace(/\s+/g, ' ');
    const t0 = Date.now();
    await waitFor(`the fix on ${publicURL}`, async () => {
      await reader.goto(url(publicURL));
      return shown(await reader.locator('main').innerText()).includes(shown(fixed.replace(/<[^>]*>/g, '')));
    }, { timeoutMs: 30_000, everyMs: 250 });
    // The page says editors corrected the machine's translation.
    assert.match(await reader.locator('.notice').innerText(), /Traducció automàtica amb correccions de la redacció/);
    // The second article that shares the sentence, found on its section page.
    await reader.goto(url('/ca/ciencia/'));
    const other = await reader.locator('a[rel=bookmark]', { hasText: /posid/i }).first().getAttribute('href');
    assert.ok(other && other !== publicURL, 'the seagrass article is not on the Catalan science page');
    await waitFor(`the fix on ${other}`, async () => {
      await reader.goto(url(other));
      return shown(await reader.locator('main').innerText()).includes(shown(fixed));
    }, { timeoutMs: 30_000, everyMs: 250 });
    console.log(`# the fix was on both public pages ${Date.now() - t0} ms after saving`);
    await reader.getByText('revisat per la redacció').first().scrollIntoViewIfNeeded();
    await reader.screenshot({ path: screenshotPath('editor-fix-second-article.png'), fullPage: false });

    await Promise.all([page.waitForNavigation(), page.click('.actions form[action$="/approve"] button')]);
    assert.match(await page.locator('.meta').innerText(), /state: approved/);
    assert.match(await page.locator('.notice').innerText(), /Approved/);
    // Approving republishes: the notice says reviewed.
    // (Read past the browser's cache: pages may be kept a minute.)
    await waitFor('the reviewed notice', async () => {
      const r = await fetch(url(publicURL));
      return (await r.text()).includes('Traducció automàtica revisada per la redacció');
    }, { timeoutMs: 30_000, everyMs: 250 });
    await reader.close();
  } finally {
    await ctx.close();
  }
});

test('a glossary change, comment moderation, and no admin screens for an editor', async () => {
  const { ctx, page } = await newSession();
  try {
    await signIn(page, EDITOR);
    await page.goto(url('/editor/glossary'));
    await page.fill('#g-lang', 'es');
    await page.fill('#g-term', 'trainera');
    await page.selectOption('#g-kind', 'term');
    await page.fill('#g-rend', 'ca = trainera\ngl = traiñeira\nen = trainera (rowing boat)\nar = قارب التجديف');
    // The change is previewed first: the articles it will re-translate.
    await Promise.all([page.waitForNavigation(), page.click('#term-form button[type=submit]')]);
    assert.equal(new URL(page.url()).pathname, '/editor/glossary/preview');
    const impact = await page.locator('.impact').innerText();
    const m = impact.match(/re-translates (\d+) translation\(s\) of (\d+) article\(s\)/);
    assert.ok(m && +m[1] > 0 && +m[2] > 0, `preview: ${impact}`);
    assert.equal(await page.locator('table tbody tr').count(), +m[2], 'the preview does not list every article');
    assert.match(await page.locator('table').innerText(), /remo|Remo|traineras/i);
    assert.equal(await page.locator('.compare span[lang=ar]').getAttribute('dir'), 'rtl');
    await check(page, 'glossary-preview');
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    assert.match(await page.locator('.notice').innerText(), new RegExp(`Saved “trainera”: ${m[1]} translation\\(s\\) queued`));
    // Its where-used count, and the confirmation a removal asks for.
    const uses = page.locator('table tbody tr', { hasText: 'trainera' }).locator('a[href^="/editor/glossary/uses"]');
    assert.match(await uses.innerText(), new RegExp(`^${m[2]} article\\(s\\)`));
    await Promise.all([page.waitForNavigation(), uses.click()]);
    await check(page, 'glossary-uses');
    await Promise.all([page.waitForNavigation(), page.click('main a[href^="/editor/glossary/remove"]')]);
    assert.match(await page.locator('main button.danger').innerText(), /Remove and re-translate \d+/);
    await check(page, 'glossary-remove');
    await page.goto(url('/editor/glossary'));
    await page.fill('#q', 'traiñeira');
    await Promise.all([page.waitForNavigation(), page.click('.filters button')]);
    assert.match(await page.locator('table').innerText(), /traiñeira/);
    await check(page, 'glossary');

    // A reader comments on the public page; the editor moderates it.
    const reader = await ctx.newPage();
    await reader.goto(url(publicURL));
    const marker = `editor-test-${Date.now()}`;
    await reader.fill('#c-name', 'Lectora');
    await reader.fill('#c-body', `Molt bon article ${marker} <b>no markup</b>`);
    await Promise.all([reader.waitForNavigation(), reader.click('.comment-form button[type=submit]')]);
    await reader.close();
    await page.goto(url('/editor/comments'));
    const row = page.locator('tbody tr', { hasText: marker });
    assert.equal(await row.count(), 1, 'the reader\'s comment is not in the pending queue');
    assert.match(await row.innerText(), /<b>no markup<\/b>/, 'typed markup is not shown as text');
    await check(page, 'comments');
    await row.locator('input[type=checkbox]').check();
    await Promise.all([page.waitForNavigation(), page.click('button[name=action][value=approve]')]);
    assert.match(await page.locator('.notice').innerText(), /1 comment\(s\) marked approved/);
    await waitFor('the approved comment on the public page', async () => {
      const r = await fetch(url(publicURL));
      return (await r.text()).includes(marker);
    }, { timeoutMs: 30_000 });

    // Admin screens answer 403 to an editor and are not in the navigation.
    for (const p of ['/editor/users', '/editor/sources', '/editor/audit.csv']) {
      const res = await page.goto(url(p));
      assert.equal(res.status(), 403, `editor opened ${p}`);
    }
    await check(page, 'forbidden');
    assert.equal(await page.locator('nav a[href="/editor/users"]').count(), 0);
    await page.goto(url('/editor/audit'));
    await check(page, 'audit-editor');

    // A POST from another origin is refused, even with the session.
    const cookies = await ctx.cookies(url('/editor/'));
    const sid = cookies.find((c) => c.name === 'nb_session');
    assert.ok(sid && sid.httpOnly && sid.sameSite === 'Lax', `session cookie: ${JSON.stringify(sid)}`);
    const res = await fetch(url('/editor/glossary/remove'), {
      method: 'POST', redirect: 'manual',
      headers: { Origin: 'https://evil.example', Cookie: `nb_session=${sid.value}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'source_lang=es&term=trainera',
    });
    assert.equal(res.status, 403, 'a cross-origin POST was not refused');

    await Promise.all([page.waitForNavigation(), page.click('.who button')]);
    assert.match(await page.locator('.notice').innerText(), /signed out/);
    await page.goto(url('/editor/'));
    assert.equal(new URL(page.url()).pathname, '/editor/login', 'signed out, the queue still opened');

    // A session that expired sends to the sign-in page with a message:
    // sign in again and make the session's end time pass in the database.
    await signIn(page, EDITOR);
    const live = (await ctx.cookies(url('/editor/'))).find((c) => c.name === 'nb_session');
    const hash = createHash('sha256').update(live.value).digest('hex');
    await new Promise((resolve, reject) => execFile('sqlite3', ['-cmd', '.timeout 10000', path.join(dataDir, 'newsbridge.db'),
      `UPDATE sessions SET expires_at = 1 WHERE id_hash = '${hash}';`], (err, _o, stderr) => (err ? reject(new Error(`sqlite3: ${stderr}`)) : resolve())));
    await page.goto(url('/editor/comments'));
    assert.equal(new URL(page.url()).pathname, '/editor/login', 'an expired session still opened a screen');
    assert.match(await page.locator('.error').innerText(), /Your session has ended/);

    // A session the server does not know (forged, or its user removed)
    // does the same.
    await ctx.addCookies([{ name: 'nb_session', value: 'no-such-session', url: url('/editor/') }]);
    await page.goto(url('/editor/glossary'));
    assert.equal(new URL(page.url()).pathname, '/editor/login');
    assert.match(await page.locator('.error').innerText(), /Your session has ended/);
    await check(page, 'login-expired');
  } finally {
    await ctx.close();
  }
});

test('an Arabic translation no engine reaches is typed by an editor, right to left, and published when complete', async () => {
  // The demo's site has Arabic, and no engine translates its Spanish and
  // Vietnamese articles into it: they wait in the list "to translate by
  // hand", and the article editor opens with empty targets.
  const { ctx, page } = await newSession();
  try {
    await signIn(page, EDITOR);
    await page.goto(url('/editor/?lang=ar&state=to_translate'));
    const link = page.locator('table.queue tbody tr:first-child a');
    assert.ok(await link.count() > 0, 'no Arabic article waits for a translation by hand');
    await Promise.all([page.waitForNavigation(), link.click()]);
    const editorPath = new URL(page.url()).pathname;
    assert.equal(await page.locator('main').getAttribute('dir'), 'rtl');
    assert.match(await page.locator('.manual').innerText(), /No engine translates .* into العربية/);
    const boxes = page.locator('form.tgt textarea');
    const n = await boxes.count();
    assert.ok(n >= 3, `only ${n} segments`);
    assert.equal(await boxes.nth(0).getAttribute('dir'), 'rtl');
    for (let i = 0; i < n; i++) assert.equal(await boxes.nth(i).inputValue(), '', `segment ${i + 1} is not empty`);
    await check(page, 'article-ar');

    // The first segment with the keyboard; the rest as the script saves
    // them. The translation is not published until the last is saved.
    await boxes.nth(0).focus();
    await page.keyboard.type('عنوان تجريبي');
    await page.keyboard.press('Control+Enter');
    await waitFor('the first segment to be saved', async () => (await page.locator('#live').innerText()).includes('saved'));
    const save = (i, text) => page.evaluate(async ([action, text]) => {
      const body = new URLSearchParams({ target: text, base: '' });
      const res = await fetch(action, { method: 'POST', body, credentials: 'same-origin', headers: { Accept: 'application/json' } });
      return res.status;
    }, [`${editorPath}/segments/${i}`, text]);
    for (let i = 1; i < n - 1; i++) assert.equal(await save(i, `جملة رقم ${i}.`), 200);
    await page.reload();
    assert.match(await page.locator('p.meta').innerText(), /not published in العربية/);
    assert.equal(await save(n - 1, 'الجملة الأخيرة.'), 200);
    let publicURL = '';
    await waitFor('the completed Arabic translation to be published', async () => {
      await page.reload();
      publicURL = await page.locator('p.meta a').getAttribute('href', { timeout: 1000 }).catch(() => '');
      return !!publicURL;
    }, { timeoutMs: 30_000 });
    await check(page, 'article-ar-done');
    const pub = await ctx.newPage();
    await pub.goto(url(publicURL));
    assert.equal(await pub.locator('html').getAttribute('dir'), 'rtl');
    assert.match(await pub.locator('h1').first().innerText(), /عنوان تجريبي/);
    // Typed by the editors: the notice does not say machine-translated.
    const notice = await pub.locator('.notice').innerText();
    assert.match(notice, /ترجمها محررونا من/);
    assert.doesNotMatch(notice, /آلية/);
    await pub.screenshot({ path: screenshotPath('editor-article-ar-public.png'), fullPage: false });
  } finally {
    await ctx.close();
  }
});

test('vnu: 0 errors on every editor screen', async () => {
  assert.ok(screens.length >= 8, `only ${screens.length} screens recorded`);
  const out = await new Promise((resolve, reject) => {
    execFile('java', ['-Xss4m', '-jar', vnuJar, '--format', 'json', '--stdout', ...screens.map((s) => s.file)],
      { maxBuffer: 64 << 20, timeout: 300_000 }, (err, stdout, stderr) => {
        try {
          resolve(JSON.parse(stdout).messages || []);
        } catch {
          reject(new Error(`vnu.jar gave no JSON (${err?.message}):\n${stderr}`));
        }
      });
  });
  const errors = out.filter((m) => m.type === 'error');
  const fmt = (m) => `${decodeURIComponent(new URL(m.url || 'file:///none').pathname).split('/').pop()} line ${m.lastLine}: ${m.message}\n    ${(m.extract || '').replace(/\n/g, '⏎').slice(0, 200)}`;
  assert.deepEqual(errors.map(fmt), [], 'vnu errors');
});
