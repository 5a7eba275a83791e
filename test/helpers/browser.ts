import * as decoding from 'lib0/decoding';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { MessageType } from '../../shared/protocol/messages.ts';
import { findChromium, NOT_FOUND_MESSAGE } from '../chromium.ts';
import { createReviewOver, repoRoot, startTestServer, type TestServer, type TestUser } from './server.ts';

export const clientDir = join(repoRoot, 'dist/client');

/** The Chromium `npm test` found or installed (test/chromium.ts), headless, with no traffic of its own. */
export async function launchBrowser(): Promise<Browser> {
  const found = findChromium();
  if (!found) throw new Error(NOT_FOUND_MESSAGE);
  if (!existsSync(join(clientDir, 'index.html'))) throw new Error('The client is not built: run npm run build');
  return chromium.launch({
    executablePath: found.path,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

/** A page in a browser context of its own, signed in as `user` through the sign-in form. */
export async function signedInPage(browser: Browser, baseUrl: string, user: TestUser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(baseUrl);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

/**
 * The facilitator picks a criterion from the toolbar's list, as a person does: reaching for the
 * list (focus) fills it, then the option is chosen.
 */
export async function chooseCriterion(page: Page, criterion: string): Promise<void> {
  const picker = page.getByLabel('Current criterion');
  await picker.focus();
  await picker.selectOption(criterion);
  // The list is controlled by the facilitator's criterion: a pick that did not take shows the old one.
  const shown = await picker.inputValue();
  if (shown !== criterion) throw new Error(`Picked ${criterion} from the criterion list, which then showed ${shown}`);
  await scrolledTo(page, criterion);
}

/**
 * Waits until the criterion's row is in view and the page has stopped scrolling. A pick scrolls
 * smoothly (thousands of pixels over most of a second) and the sticky header moves up with the first
 * of them: a click aimed while it moved could land on the grid below, as a person's might.
 */
async function scrolledTo(page: Page, criterion: string): Promise<void> {
  await page.waitForFunction(
    (id) => {
      const box = document.querySelector(`tr[data-criterion="${CSS.escape(id)}"]`)?.getBoundingClientRect();
      const w = window as typeof window & { scrollSeen?: { y: number; frames: number } };
      const seen = w.scrollSeen;
      w.scrollSeen = { y: window.scrollY, frames: seen?.y === window.scrollY ? seen.frames + 1 : 0 };
      return !!box && box.bottom > 0 && box.top < window.innerHeight && w.scrollSeen.frames >= 3;
    },
    criterion,
    { polling: 'raf' },
  );
}

export interface BrowserFixture {
  readonly server: TestServer;
  readonly browser: Browser;
  /** A review page signed in as `user` (the owner by default), once it shows everything saved. */
  openReview(reviewId: string, user?: TestUser): Promise<Page>;
  /** A review of the B&A SEF created by the owner. */
  newReview(title: string): Promise<string>;
}

/** One server serving the built client and one Chromium for a test file, closed after it. */
export function browserFixture(): BrowserFixture {
  let server: TestServer | null = null;
  let browser: Browser | null = null;
  beforeAll(async () => {
    server = await startTestServer({ CLIENT_DIR: clientDir });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const fixture: BrowserFixture = {
    get server() {
      if (!server) throw new Error('the fixture starts in beforeAll');
      return server;
    },
    async openReview(reviewId, user) {
      const who = user ?? fixture.server.owner;
      const page = await signedInPage(fixture.browser, fixture.server.url, who);
      traceMeeting(page, who.name);
      await page.goto(`${fixture.server.url}/reviews/${reviewId}`);
      await page.getByTestId('connection-state').getByText('All changes saved').waitFor();
      return page;
    },
    newReview(title) {
      return createReviewOver(fixture.server.url, fixture.server.owner.token, 'ba-partnership-sef', title);
    },
    get browser() {
      if (!browser) throw new Error('the fixture starts in beforeAll');
      return browser;
    },
  };
  return fixture;
}

/**
 * TEST_BROWSER_TRACE=1: prints the page's console and every meeting message its sockets send and
 * receive (set before the page opens the review, as openReview does), to follow a round a test never saw open.
 */
export function traceMeeting(page: Page, who: string): void {
  if (!process.env.TEST_BROWSER_TRACE) return;
  const meeting = (payload: string | Buffer) => {
    if (typeof payload === 'string') return null;
    const decoder = decoding.createDecoder(payload);
    return decoding.readVarUint(decoder) === MessageType.meeting ? decoding.readVarString(decoder) : null;
  };
  page.on('console', (m) => console.error(`[${who} console] ${m.type()} ${m.text()}`));
  // Where focus goes, what the criterion list is set to and when the grid reloads: what moves a facilitator's criterion.
  void page.addInitScript(() => {
    const stamp = () => `${Math.round(performance.now())} ms`;
    const where = (el: Element) => {
      const row = el.closest('[data-criterion]')?.getAttribute('data-criterion');
      return `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''}${row ? ` in ${row}` : ''}`;
    };
    document.addEventListener(
      'focusin',
      (e) => console.debug(`[trace ${stamp()}] focus ${where(e.target as Element)}`),
      true,
    );
    document.addEventListener(
      'change',
      (e) => {
        const t = e.target as HTMLSelectElement;
        if (t.tagName === 'SELECT') console.debug(`[trace ${stamp()}] ${where(t)} changed to ${t.value}`);
      },
      true,
    );
    const watched = '.loading, .facilitator-toolbar, table.rubric, .meeting-mode, .round-panel';
    new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.addedNodes)
          if (n instanceof HTMLElement && (n.matches(watched) || n.querySelector(watched)))
            console.debug(`[trace ${stamp()}] shown ${where(n)} ${n.getAttribute('data-criterion') ?? ''}`);
    }).observe(document, { childList: true, subtree: true });
  });
  page.on('websocket', (ws) => {
    console.error(`[${who}] socket opened to ${ws.url()}`);
    ws.on('close', () => console.error(`[${who}] socket closed`));
    const print =
      (verb: string) =>
      ({ payload }: { payload: string | Buffer }) => {
        const text = meeting(payload);
        if (text !== null) console.error(`[${who} ${verb}] ${text}`);
      };
    ws.on('framesent', print('sent'));
    ws.on('framereceived', print('got'));
  });
}
