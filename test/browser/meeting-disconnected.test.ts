import type { Browser } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseCriterion, clientDir, launchBrowser, signedInPage } from '../helpers/browser.ts';
import { createReviewOver, startTestServer, type TestServer } from '../helpers/server.ts';

let browser: Browser | null = null;
let server: TestServer | null = null;
afterEach(async () => {
  await browser?.close();
  await server?.close();
  browser = server = null;
});

describe('a silent round while the server is out of reach', () => {
  it('tells the facilitator the round did not open, beside the toolbar, instead of doing nothing', async () => {
    server = await startTestServer({ CLIENT_DIR: clientDir });
    browser = await launchBrowser();
    const reviewId = await createReviewOver(server.url, server.owner.token, 'ba-partnership-sef', 'Out of reach');
    const page = await signedInPage(browser, server.url, server.owner);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${server.url}/reviews/${reviewId}`);
    await page.getByTestId('connection-state').getByText('All changes saved').waitFor();
    await chooseCriterion(page, '1.1');

    // The server stops (every socket closed); the page keeps trying to reconnect.
    const stopped = server;
    server = null;
    await stopped.close();
    await page.getByTestId('connection-state').getByText('Reconnecting…').waitFor();
    await page.getByRole('button', { name: 'Silent round on 1.1' }).click();
    const alert = page.locator('.meeting-bar').getByRole('alert');
    expect(await alert.textContent()).toBe(
      'Not connected to the server, so that was not done: the round did not open. Open it again once reconnected.',
    );
    expect(await page.getByRole('heading', { name: /Silent rating/ }).count()).toBe(0);
  });
});
