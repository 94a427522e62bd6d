// Outlook on the web, end to end: Debian's chromium (headless, through playwright-core) against a real `bourse serve`
// on 127.0.0.1. A user signs in, reads a message delivered by `bourse deliver`, replies, moves it to a new folder,
// searches, creates a calendar event, turns on automatic replies and signs out. Screenshots of the main screens go to
// the artifacts folder. Prints "ok: …" per step, one "figures: {json}" line, and "PASS" last; exits 1 on the first
// failure (with a screenshot of the page as it was). Figures: the first sign-in and open (cold server) and a second,
// warm pair, which is what the goals are about; the size of the first screen's script as sent (compressed).
//
// Usage: node owa_e2e.mjs --url https://127.0.0.1:PORT --user alice@bourse.test --password PW --subject SUBJECT
//                         --artifacts DIR [--bourse "dotnet /path/bourse.dll" --data DIR (for the live-update step)]
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { openBrowser, parseArgs, stepper } from './owa_browser.mjs';

const args = parseArgs(['url', 'user', 'password', 'subject', 'artifacts']);
const base = args.url.replace(/\/$/, '');
const figures = {};
const shot = (page, name) => page.screenshot({ path: path.join(args.artifacts, `${name}.png`), fullPage: false });
const { browser, page, problems: pageErrors } = await openBrowser(base);
page.on('console', m => { if (m.type() === 'error') pageErrors.push('console: ' + m.text()); });
const steps = stepper();
const step = steps.step;

try {
  // 1. The sign-in form, then the Inbox with the delivered message. Timed from the click to the rendered list.
  const scripts = [];
  page.on('response', async r => {
    if (r.request().resourceType() === 'script' && r.url().startsWith(base + '/owa/assets/')) {
      const h = await r.allHeaders();
      scripts.push({ url: r.url(), encoded: Number(h['content-length'] || 0), encoding: h['content-encoding'] || 'identity' });
    }
  });
  await step('the sign-in form', async () => {
    await page.goto(base + '/owa/');
    await page.getByLabel(/email address/i).fill(args.user);
    await page.getByLabel(/password/i).fill(args.password);
    await shot(page, '01-sign-in');
  });
  await step('sign-in to the Inbox with the delivered message', async () => {
    const t0 = Date.now();
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.getByText(args.subject, { exact: false }).first().waitFor();
    figures.signInToInboxMs = Date.now() - t0;
    figures.firstScreenScriptBytes = scripts.reduce((s, x) => s + x.encoded, 0);
    figures.firstScreenScripts = scripts.map(s => `${path.basename(s.url)} ${s.encoded} ${s.encoding}`);
    await shot(page, '02-inbox');
  });

  // 1b. Live update: another process delivers while the Inbox is on screen; the message appears without a reload.
  if (args.bourse && args.data) {
    await step('a message delivered meanwhile appears without a reload', async () => {
      const live = 'Live update ' + Date.now();
      const [file, ...rest] = args.bourse.split(' ');
      const mime = `From: Carol <carol@example.com>\r\nTo: ${args.user}\r\nSubject: ${live}\r\nMessage-ID: <${Date.now()}@example.com>\r\n` +
        `Date: ${new Date().toUTCString()}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello.\r\n`;
      const navigations = [];
      page.on('framenavigated', f => { if (f === page.mainFrame()) navigations.push(f.url()); });
      const t0 = Date.now();
      execFileSync(file, [...rest, 'deliver', args.user, '--data', args.data], { input: mime });
      await page.getByText(live).first().waitFor({ timeout: 10000 });
      figures.deliveryToListMs = Date.now() - t0;
      if (navigations.length) throw new Error('the page reloaded: ' + navigations.join(', '));
    });
  }

  // 2. Open the message: the body appears in the reading pane (a sandboxed frame).
  await step('open the message', async () => {
    const t0 = Date.now();
    await page.getByText(args.subject, { exact: false }).first().click();
    const frame = page.frameLocator('iframe[title]').first();
    await frame.getByText('Please reply to this', { exact: false }).waitFor();
    figures.openMessageMs = Date.now() - t0;
    await shot(page, '03-reading-pane');
  });

  // 3. Reply: the draft opens with RE:, a line is typed, Send.
  await step('reply and send', async () => {
    await page.getByRole('button', { name: /^reply$/i }).first().click();
    const editor = page.getByRole('textbox', { name: /message body/i });
    await editor.waitFor();
    // Focus puts the caret where Outlook puts it, above the quoted original (a click would place it where it lands).
    await editor.focus();
    await page.keyboard.type('Replying from the browser.');
    await shot(page, '04-compose');
    await page.getByRole('button', { name: /^send$/i }).click();
    await page.getByRole('button', { name: /^send$/i }).waitFor({ state: 'detached' });
  });

  // 4. A new folder, then the message moved into it.
  await step('create a folder and move the message into it', async () => {
    await page.getByRole('button', { name: /new folder/i }).click();
    await page.getByRole('textbox', { name: /folder name/i }).fill('Projects');
    await page.keyboard.press('Enter');
    await page.getByRole('treeitem', { name: /projects/i }).waitFor();
    await page.getByText(args.subject, { exact: false }).first().click();
    await page.getByRole('button', { name: /^move/i }).first().click();
    await page.getByRole('menuitem', { name: /projects/i }).click();
    await page.getByRole('treeitem', { name: /projects/i }).click();
    await page.getByText(args.subject, { exact: false }).first().waitFor();
  });

  // 5. Search by a word of the subject.
  await step('search', async () => {
    await page.getByRole('treeitem', { name: /inbox/i }).first().click();
    const box = page.getByRole('searchbox').first();
    await box.fill(args.subject.split(' ')[0]);
    await box.press('Enter');
    await page.getByText(args.subject, { exact: false }).first().waitFor();
    await shot(page, '05-search');
  });

  // 6. A calendar event for tomorrow at 10:00.
  await step('create a calendar event', async () => {
    await page.goto(base + '/owa/#/calendar');
    await page.getByRole('button', { name: /new event/i }).click();
    await page.getByLabel(/^(title|subject)/i).fill(args.eventSubject || 'Planning from the browser');
    await page.getByRole('button', { name: /^save$/i }).click();
    await page.getByText(args.eventSubject || 'Planning from the browser').first().waitFor();
    await shot(page, '06-calendar');
  });

  // 7. Automatic replies on.
  await step('turn on automatic replies', async () => {
    await page.goto(base + '/owa/#/settings');
    await page.getByText(/automatic replies/i).first().click();
    await page.getByRole('radio', { name: /^(send automatic replies|on)/i }).first().check();
    await page.getByLabel(/inside your organi[sz]ation|internal/i).first().fill('I am away this week.');
    await page.getByRole('button', { name: /^save$/i }).first().click();
    await page.getByText(/saved/i).first().waitFor();
    await shot(page, '07-settings');
  });

  // 7b. A phone-sized screen: one pane at a time, a way back from the message.
  await step('a phone-sized viewport', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(base + '/owa/');
    // The folder pane is behind a button; the list fills the screen.
    await page.getByRole('button', { name: /^folders$/i }).first().click();
    await page.getByRole('treeitem', { name: /projects/i }).click();
    await page.getByText(args.subject, { exact: false }).first().click();
    await page.frameLocator('iframe[title]').first().getByText('Please reply to this', { exact: false }).waitFor();
    await page.getByRole('button', { name: /^back$/i }).first().waitFor();
    await shot(page, '08-phone-message');
    await page.setViewportSize({ width: 1366, height: 860 });
  });

  // 8. Sign out: back to the sign-in form.
  await step('sign out', async () => {
    await page.goto(base + '/owa/');
    await page.getByRole('button', { name: /account|user|profile/i }).first().click().catch(() => {});
    await page.getByRole('menuitem', { name: /sign out/i }).or(page.getByRole('link', { name: /sign out/i })).first().click();
    await page.getByRole('button', { name: /sign in/i }).waitFor();
  });

  // 9. The figures of a warm server and browser cache, as a user meets them every morning: sign-in to the rendered
  // Inbox, then opening a message (the first run above also paid for the server's JIT and the first download).
  await step('warm sign-in and open, for the figures', async () => {
    await page.getByLabel(/email address/i).fill(args.user);
    await page.getByLabel(/password/i).fill(args.password);
    const t0 = Date.now();
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.getByRole('treeitem', { name: /projects/i }).waitFor();
    figures.warmSignInToInboxMs = Date.now() - t0;
    await page.getByRole('treeitem', { name: /projects/i }).click();
    await page.getByText(args.subject, { exact: false }).first().waitFor();
    // Timed inside the page (the browser's own clock, no automation round trips): from the click on the row to the
    // body's text in the reading pane's frame.
    figures.warmOpenMessageMs = Math.round(await page.evaluate(async subject => {
      const row = [...document.querySelectorAll('[role="option"]')].find(r => r.textContent.includes(subject));
      if (!row) throw new Error('no row for ' + subject);
      if ((document.querySelector('iframe[title]')?.contentDocument?.body?.innerText ?? '').includes('Please reply to this'))
        throw new Error('the message was already open');
      const t0 = performance.now();
      row.click();
      return await new Promise((resolve, reject) => {
        const check = () => {
          const text = document.querySelector('iframe[title]')?.contentDocument?.body?.innerText ?? '';
          if (text.includes('Please reply to this')) resolve(performance.now() - t0);
          else if (performance.now() - t0 > 10000) reject(new Error('the body did not appear'));
          else requestAnimationFrame(check);
        };
        check();
      });
    }, args.subject));
  });

  const errors = pageErrors.filter(e => !/favicon/.test(e));
  if (errors.length) throw new Error('page errors: ' + errors.join(' | '));
  console.log('figures: ' + JSON.stringify(figures));
  console.log('PASS');
  await browser.close();
} catch (e) {
  console.log(`FAIL: ${steps.current}: ${e && e.message ? e.message.split('\n')[0] : e}`);
  if (pageErrors.length) console.log('page errors: ' + pageErrors.join(' | '));
  await shot(page, 'failure').catch(() => {});
  console.log('figures: ' + JSON.stringify(figures));
  await browser.close();
  process.exit(1);
}
