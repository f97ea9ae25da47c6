// Shared helpers for the browser tests. The `run` script starts
// `newsbridge serve --demo` and passes where it is through the environment:
//   NB_BASE_URL   the site, e.g. http://127.0.0.1:41234
//   NB_DATA_DIR   its data directory (for `newsbridge comments|source …`)
//   NB_BIN        the newsbridge binary built for this run
//   NB_SCREENSHOTS where screenshots go (default ./screenshots)
//   NB_CHROMIUM   the browser (default /usr/bin/chromium; never downloaded)
//   NB_OUTLET_PORT the loopback port for a test's own outlet, listed in the server's
//                  NEWSBRIDGE_FETCH_ALLOW (0 or unset: any port, which the fetcher refuses)
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const here = path.dirname(fileURLToPath(import.meta.url));

function need(name) {
  const v = process.env[name];
  if (!v) {
    throw new Error(`${name} is not set: run these tests through tests/browser/run`);
  }
  return v;
}

export const baseURL = need('NB_BASE_URL').replace(/\/+$/, '');
export const dataDir = need('NB_DATA_DIR');
export const nbBin = need('NB_BIN');
export const screenshotDir = process.env.NB_SCREENSHOTS || path.join(here, 'screenshots');
export const chromiumPath = process.env.NB_CHROMIUM || '/usr/bin/chromium';

/** url joins a site path to the base URL. */
export function url(p) {
  return baseURL + p;
}

/** launch starts Debian's Chromium headless (never a downloaded browser). */
export async function launch() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage'],
  });
}

/** screenshotPath makes the screenshot directory and names a file in it. */
export function screenshotPath(name) {
  mkdirSync(screenshotDir, { recursive: true });
  return path.join(screenshotDir, name);
}

/** nb runs the newsbridge CLI against the served data dir; resolves stdout. */
export function nb(...args) {
  return new Promise((resolve, reject) => {
    execFile(nbBin, [...args.slice(0, 2), '--data', dataDir, ...args.slice(2)], { timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) {
        reject(new Error(`newsbridge ${args.join(' ')} failed: ${err.message}\n${stderr}`));
        return;
      }
      resolve(stdout);
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * waitFor polls fn until it returns a truthy value or the time is up; the
 * error says what was awaited and the last value or error seen.
 */
export async function waitFor(what, fn, { timeoutMs = 90_000, everyMs = 500 } = {}) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    }
    await sleep(everyMs);
  }
}

/** getText fetches a site path and returns {status, text, headers}. */
export async function getText(p) {
  const res = await fetch(url(p), { redirect: 'follow' });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** bookmarks lists the rel=bookmark hrefs of an HTML page, in order. */
export function bookmarks(html) {
  const out = [];
  const re = /<a\b[^>]*>/g;
  for (const m of html.matchAll(re)) {
    const tag = m[0];
    if (!/\brel="[^"]*\bbookmark\b/.test(tag)) continue;
    const h = /\bhref="([^"]*)"/.exec(tag);
    if (h) out.push(h[1].replace(/&amp;/g, '&'));
  }
  return out;
}

/**
 * firstCategoryPath returns a category list path (/lang/slug/) linked from a
 * language's home page, read from its sections navigation.
 */
export async function firstCategoryPath(lang) {
  const { text } = await getText(`/${lang}/`);
  const nav = /<nav class="sections"[\s\S]*?<\/nav>/.exec(text);
  const re = new RegExp(`href="(/${lang}/[^"/]+/)"`, 'g');
  for (const m of (nav ? nav[0] : text).matchAll(re)) {
    if (!m[1].startsWith(`/${lang}/a/`)) return m[1];
  }
  return null;
}
