// Outlook on the web, second scenario, in Debian's chromium against a real `bourse serve`: Outlook's keyboard in the
// message list (Ctrl+R replies, Delete deletes), a contact created in People, the directory searched, the phone that
// synced over ActiveSync wiped from Settings → Mobile devices, and the password changed, then used to sign in again.
//
// Usage: node owa_people_settings.mjs --url https://127.0.0.1:PORT --user U --password PW --new-password PW2
//        --subject SUBJECT --device-type TYPE --directory-name NAME --artifacts DIR
// Prints "ok: …" per step and "PASS" last; exits 1 on the first failure (with a screenshot).
import path from 'node:path';
import { openBrowser, parseArgs, stepper, submitSignIn } from './owa_browser.mjs';

const args = parseArgs(['url', 'user', 'password', 'new-password', 'subject', 'device-type', 'directory-name', 'artifacts']);
const base = args.url.replace(/\/$/, '');
const { browser, page, problems: errors } = await openBrowser(base);
const steps = stepper();
const step = steps.step;
async function signIn(password) {
  await submitSignIn(page, args.user, password);
  await page.getByRole('treeitem', { name: /inbox/i }).first().waitFor();
}

try {
  await step('sign in', async () => {
    await page.goto(base + '/owa/');
    await signIn(args.password);
  });

  await step('Ctrl+R on the focused list replies; Discard', async () => {
    await page.getByText(args.subject).first().click();
    await page.getByRole('listbox').first().focus();
    await page.keyboard.press('Control+r');
    const subject = page.getByRole('textbox', { name: /^subject$/i });
    await subject.waitFor();
    const value = await subject.inputValue();
    if (!/^RE: /i.test(value) || !value.includes(args.subject)) throw new Error('reply subject: ' + value);
    await page.getByRole('button', { name: /^discard$/i }).click();
    // A confirmation, if the client asks for one, is a dialog of its own.
    const confirm = page.getByRole('alertdialog').or(page.getByRole('dialog')).getByRole('button', { name: /^(discard|yes|ok)/i });
    if (await confirm.count()) await confirm.first().click();
    await subject.waitFor({ state: 'detached' });
  });

  await step('Delete on the focused list moves the message to Deleted Items', async () => {
    await page.getByText(args.subject).first().click();
    await page.getByRole('listbox').first().focus();
    await page.keyboard.press('Delete');
    await page.getByText(args.subject).first().waitFor({ state: 'detached' });
    await page.getByRole('treeitem', { name: /deleted items/i }).first().click();
    await page.getByText(args.subject).first().waitFor();
  });

  await step('create a contact in People', async () => {
    await page.goto(base + '/owa/#/people');
    await page.getByRole('button', { name: /^new contact$/i }).click();
    await page.getByLabel(/^first name$/i).fill('Dana');
    await page.getByLabel(/^last name$/i).fill('Scully');
    await page.getByLabel(/^email 1$/i).fill('dana.scully@example.org');
    await page.getByLabel(/^company$/i).fill('Bureau');
    await page.getByRole('button', { name: /^save$/i }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByText('Dana Scully').first().waitFor();
    await page.screenshot({ path: path.join(args.artifacts, '09-people.png') });
  });

  await step('search the directory', async () => {
    await page.getByRole('tab', { name: /^directory$/i }).click();
    await page.getByRole('searchbox', { name: /search the directory/i }).or(page.getByLabel(/search the directory/i)).first().fill(args['directory-name'].split(' ')[0]);
    await page.getByText(args['directory-name']).first().waitFor();
  });

  await step('wipe the phone from Settings → Mobile devices', async () => {
    await page.goto(base + '/owa/#/settings/devices');
    await page.getByText(args['device-type']).first().waitFor();
    await page.getByRole('button', { name: /^wipe device$/i }).first().click();
    await page.getByRole('alertdialog').or(page.getByRole('dialog')).getByRole('button', { name: /^wipe device$/i }).click();
    await page.getByText(/wipe (pending|requested)|pending/i).first().waitFor();
    await page.screenshot({ path: path.join(args.artifacts, '10-mobile-devices.png') });
  });

  await step('change the password, sign out, sign in with the new one', async () => {
    await page.goto(base + '/owa/#/settings/password');
    await page.getByLabel(/^current password/i).fill(args.password);
    await page.getByLabel(/^new password/i).fill(args['new-password']);
    await page.getByLabel(/^confirm new password/i).fill(args['new-password']);
    await page.getByRole('button', { name: /^change password$/i }).click();
    await page.getByText(/password (was |has been )?changed/i).first().waitFor();
    await page.goto(base + '/owa/logoff.owa');
    await page.getByRole('button', { name: /sign in/i }).waitFor();
    await signIn(args['new-password']);
  });

  const real = errors.filter(e => !/favicon/.test(e));
  if (real.length) throw new Error(real.join(' | '));
  console.log('PASS');
  await browser.close();
} catch (e) {
  console.log(`FAIL: ${steps.current}: ${e && e.message ? e.message.split('\n')[0] : e}`);
  if (errors.length) console.log('page errors: ' + errors.join(' | '));
  await page.screenshot({ path: path.join(args.artifacts, 'failure-people-settings.png') }).catch(() => {});
  await browser.close();
  process.exit(1);
}
