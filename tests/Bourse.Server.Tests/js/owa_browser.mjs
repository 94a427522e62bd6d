// What the Outlook on the web browser scripts share: their --name value arguments, Debian's chromium launched headless
// with no traffic of its own, a context that refuses every request leaving the server under test, and "ok: …" steps.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

/** Parses `--name value` pairs; exits 2 naming the first required one that is missing. */
export function parseArgs(required) {
  const args = Object.fromEntries(process.argv.slice(2).reduce((acc, v, i, all) => (i % 2 === 0 ? [...acc, [v.replace(/^--/, ''), all[i + 1]]] : acc), []));
  for (const k of required) {
    if (!args[k]) { console.log(`FAIL: missing --${k}`); process.exit(2); }
  }
  if (args.artifacts) mkdirSync(args.artifacts, { recursive: true });
  return args;
}

/**
 * Chromium on a page of its own. Requests that leave `base` are aborted and recorded in `problems` (remote fonts,
 * trackers, a payload's beacon), as are script errors.
 */
export async function openBrowser(base) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // Nothing but the server under test: no component updates, sync, safe-browsing or other background traffic.
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
      '--disable-default-apps', '--disable-features=Translate,OptimizationHints,MediaRouter', '--proxy-server=direct://', '--proxy-bypass-list=*'],
  });
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1366, height: 860 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const problems = [];
  page.on('pageerror', e => problems.push('script error: ' + String(e)));
  await context.route(u => !u.href.startsWith(base) && !u.href.startsWith('data:') && !u.href.startsWith('blob:') && !u.href.startsWith('about:'),
    r => { problems.push('request off the host: ' + r.request().url()); return r.abort(); });
  return { browser, context, page, problems };
}

/** Runs named steps, printing "ok: NAME" after each; `current` names the one that failed. */
export function stepper() {
  const s = {
    current: 'start',
    async step(name, fn) {
      s.current = name;
      await fn();
      console.log('ok: ' + name);
    },
  };
  return s;
}

/** Fills the sign-in form and submits it. */
export async function submitSignIn(page, user, password) {
  await page.getByLabel(/email address/i).fill(user);
  await page.getByLabel(/password/i).fill(password);
  await page.getByRole('button', { name: /sign in/i }).click();
}
