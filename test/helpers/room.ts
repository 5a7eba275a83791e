import type { Browser, Page } from 'playwright-core';
import { signedInPage } from './browser.ts';
import type { TestUser } from './server.ts';

/** Uncaught errors and console errors of a page, collected from the moment this is called. */
export function pageErrors(page: Page): { uncaught: string[]; console: string[] } {
  const errors = { uncaught: [] as string[], console: [] as string[] };
  page.on('pageerror', (e) => errors.uncaught.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.console.push(m.text());
  });
  return errors;
}

/**
 * A signed-in review page whose websocket runs through a relay that can hold back what the
 * server sends, so a change can be made before the page has heard of the change that forbids it.
 */
export async function reviewPageWithRelay(
  browser: Browser,
  baseUrl: string,
  user: TestUser,
  reviewId: string,
): Promise<{ page: Page; hold: (on: boolean) => void }> {
  const page = await signedInPage(browser, baseUrl, user);
  let holding = false;
  await page.routeWebSocket(/\/collab\//, (ws) => {
    const server = ws.connectToServer();
    server.onMessage((message) => {
      if (!holding) ws.send(message);
    });
    server.onClose((code, reason) => void ws.close({ code, reason }));
  });
  await page.goto(`${baseUrl}/reviews/${reviewId}`);
  await page.getByTestId('connection-state').getByText('All changes saved').waitFor();
  return { page, hold: (on) => (holding = on) };
}

/** POST /api/reviews/:id/invites as a facilitator; resolves with the invite link. */
export async function createInviteLink(
  baseUrl: string,
  token: string,
  reviewId: string,
  role: 'editor' | 'observer' | 'facilitator',
): Promise<string> {
  const res = await fetch(`${baseUrl}/api/reviews/${reviewId}/invites`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ role, expiresInDays: 7 }),
  });
  if (res.status !== 201) throw new Error(`creating an invite failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { url: string }).url;
}
