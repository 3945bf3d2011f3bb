// The admin dashboard in a real browser (Debian's Chromium driven by playwright-core), against a running server
// with tasks in flight. DashboardIT starts the server, makes the tasks and runs this with:
//   DD_URL            the API's base URL
//   DD_ADMIN_KEY      the admin key
//   DD_RUNNING_TASK   a task that runs for a while and reports progress
//   DD_FAILED_TASK    a task that failed with DD_FAILED_ERROR (which holds HTML that must stay text)
//   CHROMIUM          the browser (default /usr/bin/chromium); DD_SCREENSHOT: where to save a screenshot
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(name + ' is not set');
  return value;
};
const base = env('DD_URL');
const adminKey = env('DD_ADMIN_KEY');
const running = env('DD_RUNNING_TASK');
const failed = env('DD_FAILED_TASK');
const failedError = env('DD_FAILED_ERROR');
const step = (what) => console.log('ok - ' + what);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  // why: this machine's network is closed; Chromium's background services would keep trying to reach Google
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  const requested = [];
  page.on('request', (r) => requested.push(r.url()));
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));

  await page.goto(base + '/dashboard');
  assert.equal(new URL(page.url()).pathname, '/dashboard/');
  await page.getByLabel('Admin key').waitFor();
  step('the page asks for the admin key');

  await page.getByLabel('Admin key').fill('not-the-admin-key-' + 'x'.repeat(32));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#sign-in-error').filter({ hasText: 'refused (403)' }).waitFor();
  assert.equal(await page.locator('#board').isHidden(), true);
  step('a wrong key is refused and the board stays hidden');

  await page.getByLabel('Admin key').fill(adminKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const runningRow = page.locator(`#tasks tr[data-task-id="${running}"]`);
  await runningRow.waitFor();
  assert.equal(await page.getByLabel('Admin key').inputValue(), '', 'the key is cleared from the form');
  step('signed in: the running task is listed');

  const progress = runningRow.locator('td.progress');
  await progress.locator('progress').waitFor();
  const first = Number(await progress.getAttribute('data-step'));
  await page.waitForFunction(([id, before]) => {
    const cell = document.querySelector(`#tasks tr[data-task-id="${id}"] td.progress`);
    return cell && Number(cell.dataset.step) > before;
  }, [running, first], { timeout: 20000 });
  const later = Number(await progress.getAttribute('data-step'));
  assert.ok(later > first, `progress moved: ${first} -> ${later}`);
  assert.equal(await runningRow.locator('td.status').textContent(), 'STARTED');
  step(`progress moves on the page (${first} -> ${later} of ${await progress.getAttribute('data-total')})`);

  const failure = page.locator(`#failures li[data-task-id="${failed}"]`);
  await failure.waitFor();
  assert.equal(await failure.locator('.error').textContent(), 'Task failed with error: ' + failedError);
  assert.equal(await page.locator('#failures img, #tasks img').count(), 0, 'no markup from a task reaches the DOM');
  assert.equal(await page.evaluate(() => window.pwned), undefined, 'no script from a task ran');
  step('the failure is shown with its error, as text');

  await page.locator('#queues tr[data-queue="gpu"]').waitFor();
  assert.ok(Number(await page.locator('#queues tr[data-queue="gpu"] td.waiting').textContent()) >= 0);
  await page.locator('#workers tbody tr').first().waitFor();
  await page.locator('#models tr[data-model="images/sd-xl"]').waitFor();
  step('queues, live workers and models are listed');

  page.once('dialog', (dialog) => dialog.accept());
  await runningRow.getByRole('button', { name: 'Cancel' }).click();
  await page.waitForFunction((id) => {
    const cell = document.querySelector(`#tasks tr[data-task-id="${id}"] td.status`);
    return cell && cell.textContent === 'REVOKED';
  }, running, { timeout: 20000 });
  assert.equal(await runningRow.getByRole('button', { name: 'Cancel' }).count(), 0);
  step('cancelling from the page revokes the task');

  await page.reload();
  await runningRow.waitFor();
  step('the key survives a reload of the tab');

  if (process.env.DD_SCREENSHOT) await page.screenshot({ path: process.env.DD_SCREENSHOT, fullPage: true });

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Admin key').waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  assert.equal(requested.filter((u) => u.includes(adminKey)).length, 0, 'the key is in no URL');
  assert.deepEqual(pageErrors, []);
  step('signing out forgets the key; the key never appeared in a URL; no script errors');
} finally {
  await browser.close();
}
