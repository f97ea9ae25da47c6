// Used by ./run (node only: a fresh Debian may have no curl). Waits until
// the server at BASE answers /healthz, then until the demo's articles are
// published: 12+ permalinks (rel=bookmark) on /es/ and /ca/, some on /ar/,
// then until their pictures are processed (teasers from /media/).
// Gives up when the server process PID exits or a phase runs out of time.
//   node wait-ready.mjs BASE PID
const [base, pidArg] = process.argv.slice(2);
const pid = Number(pidArg);
if (!base || !pid) {
  console.error('usage: node wait-ready.mjs BASE PID');
  process.exit(2);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function alive() {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function get(path) {
  const res = await fetch(base + path, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, text: await res.text() };
}

async function until(what, seconds, check) {
  const end = Date.now() + seconds * 1000;
  let last = '';
  for (;;) {
    if (!alive()) throw new Error(`the server exited while waiting for ${what}`);
    try {
      const r = await check();
      if (r === true) return;
      last = r || '';
    } catch (e) {
      last = e.cause?.code || e.message;
    }
    if (Date.now() > end) throw new Error(`timed out after ${seconds}s waiting for ${what} (${last})`);
    await sleep(500);
  }
}

const count = (html) => (html.match(/rel="bookmark"/g) || []).length;

try {
  await until('/healthz', 120, async () => (await get('/healthz')).status === 200 || 'not 200');
  console.error('browser tests: healthy; waiting for the demo articles to be published');
  const t0 = Date.now();
  await until('12+ articles on /es/ and /ca/ and some on /ar/', 240, async () => {
    const n = {};
    for (const [lang, want] of [['es', 12], ['ca', 12], ['ar', 1]]) {
      n[lang] = count((await get(`/${lang}/`)).text);
      if (n[lang] < want) return JSON.stringify(n);
    }
    return true;
  });
  console.error(`browser tests: content published after ${Math.round((Date.now() - t0) / 1000)}s`);
  // Pictures are processed by jobs of their own, after publication: wait
  // until the lists show teaser pictures from our origin.
  const t1 = Date.now();
  const pictures = (html) => (html.match(/<img src="\/media\//g) || []).length;
  await until('6+ teaser pictures from /media/ on /es/ and /ca/', 180, async () => {
    const n = {};
    for (const lang of ['es', 'ca']) {
      n[lang] = pictures((await get(`/${lang}/`)).text);
      if (n[lang] < 6) return JSON.stringify(n);
    }
    return true;
  });
  console.error(`browser tests: pictures ready after ${Math.round((Date.now() - t1) / 1000)}s`);
} catch (e) {
  console.error(`browser tests: ${e.message}`);
  process.exit(1);
}
