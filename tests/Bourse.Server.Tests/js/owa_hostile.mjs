// Outlook on the web against hostile input and an ending session, in Debian's chromium against a real `bourse serve`.
//
// --mode xss: every message in the Inbox carries a stored-XSS payload (in its subject, sender's display name, HTML body
//   or attachment names; each payload would call alert() or set window.__bourseXss). The user opens each message in
//   turn; a dialog, a set marker (in the page or in the reading pane's frame) or a script error is a failure.
// --mode expiry: the server's sessions end after a few idle seconds. The user writes a new message, the session ends,
//   the next action sends the browser to the sign-in form; after signing in again the unsent draft is back.
//
// Usage: node owa_hostile.mjs --mode xss|expiry --url https://127.0.0.1:PORT --user U --password PW --artifacts DIR
//        [--count N (xss: messages expected)] [--idle SECONDS (expiry)]
// Prints "ok: …" per step and "PASS" last; exits 1 on the first failure (with a screenshot).
import path from 'node:path';
import { openBrowser, parseArgs, stepper, submitSignIn } from './owa_browser.mjs';

const args = parseArgs(['mode', 'url', 'user', 'password', 'artifacts']);
const base = args.url.replace(/\/$/, '');
// Script errors and requests leaving the host (a payload's remote image or beacon) are incidents, as is any dialog.
const { browser, page, problems: incidents } = await openBrowser(base);
page.on('dialog', d => { incidents.push(`a ${d.type()} dialog opened: ${d.message()}`); d.dismiss().catch(() => {}); });
const steps = stepper();
const step = steps.step;
const signIn = () => submitSignIn(page, args.user, args.password);

async function markerSet() {
  for (const frame of page.frames()) {
    const set = await frame.evaluate(() => window.__bourseXss !== undefined).catch(() => false);
    if (set) return true;
  }
  return false;
}

try {
  await step('sign in', async () => {
    await page.goto(base + '/owa/');
    await signIn();
    await page.getByRole('treeitem', { name: /inbox/i }).first().waitFor();
  });

  if (args.mode === 'xss') {
    const expected = Number(args.count || 1);
    const rows = page.locator('[role="option"]:not([aria-label="Loading"])');
    await step(`the Inbox lists the ${expected} hostile messages`, async () => {
      await page.waitForFunction(n => document.querySelectorAll('[role="option"]:not([aria-label="Loading"])').length >= n, expected);
    });
    for (let i = 0; i < expected; i++) {
      await step(`open hostile message ${i + 1}`, async () => {
        await rows.nth(i).click();
        await page.frameLocator('iframe[title]').first().locator('body').waitFor();
        // Give any payload the time to fire (image error handlers, timers, meta refresh).
        await page.waitForTimeout(400);
        if (await markerSet()) incidents.push(`message ${i + 1}: a payload ran (window.__bourseXss set)`);
        if (incidents.length) throw new Error(incidents.join(' | '));
      });
    }
    await page.screenshot({ path: path.join(args.artifacts, 'hostile-messages.png') });
    await step('the page still works: another folder, back, no script ran', async () => {
      await page.getByRole('treeitem', { name: /sent items/i }).first().click();
      await page.getByRole('treeitem', { name: /inbox/i }).first().click();
      await rows.first().waitFor();
      if (await markerSet() || incidents.length) throw new Error(incidents.join(' | ') || 'marker set');
    });
  } else if (args.mode === 'expiry') {
    const subject = 'Unsent when the session ended';
    await step('write a new message', async () => {
      await page.getByRole('button', { name: /new mail/i }).click();
      await page.getByRole('combobox', { name: /^to$/i }).or(page.getByRole('textbox', { name: /^to$/i })).first().fill('bob@bourse.test;');
      await page.getByRole('textbox', { name: /subject/i }).fill(subject);
      await page.getByRole('textbox', { name: /message body/i }).click();
      await page.keyboard.type('These words must survive the sign-in.');
    });
    await step('the session ends, the next action goes to the sign-in form', async () => {
      await page.waitForTimeout((Number(args.idle || 3) + 2) * 1000);
      // The draft's auto-save may already have met the ended session (and the page gone to the form); else Send does.
      const signInButton = page.getByRole('button', { name: /sign in/i });
      if (!(await signInButton.isVisible())) {
        await page.getByRole('button', { name: /^send$/i }).click({ timeout: 5000 }).catch(() => {});
      }
      await signInButton.waitFor({ timeout: 20000 });
      await page.screenshot({ path: path.join(args.artifacts, 'session-ended.png') });
    });
    await step('after signing in again the draft is back', async () => {
      await signIn();
      await page.getByRole('textbox', { name: /subject/i }).waitFor();
      const restored = await page.getByRole('textbox', { name: /subject/i }).inputValue();
      if (restored !== subject) throw new Error(`subject after sign-in: "${restored}"`);
      const body = await page.getByRole('textbox', { name: /message body/i }).innerText();
      if (!body.includes('These words must survive the sign-in.')) throw new Error(`body after sign-in: "${body}"`);
      await page.screenshot({ path: path.join(args.artifacts, 'draft-restored.png') });
    });
  } else {
    throw new Error('unknown mode ' + args.mode);
  }
  const real = incidents.filter(i => !/favicon/.test(i));
  if (real.length) throw new Error(real.join(' | '));
  console.log('PASS');
  await browser.close();
} catch (e) {
  console.log(`FAIL: ${steps.current}: ${e && e.message ? e.message.split('\n')[0] : e}`);
  if (incidents.length) console.log('incidents: ' + incidents.join(' | '));
  console.log('at ' + page.url());
  await page.screenshot({ path: path.join(args.artifacts, `failure-${args.mode}.png`) }).catch(() => {});
  await browser.close();
  process.exit(1);
}
