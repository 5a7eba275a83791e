import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readFrameworkFile } from '../../server/frameworks/files.ts';
import { ReviewDoc } from '../../shared/review/accessors.ts';
import { browserFixture, signedInPage } from '../helpers/browser.ts';
import { connectClient, synced, until } from '../helpers/clients.ts';
import { waitFor } from '../helpers/deadline.ts';
import { repoRoot } from '../helpers/server.ts';

const fixture = browserFixture();
const framework = await readFrameworkFile(`${repoRoot}frameworks/ba-partnership-sef.yaml`);

/** Counts, in the page, every IndexedDB write that has completed, so a test can wait for the next one. */
const countWrites = () => {
  const w = window as unknown as { __idbWrites?: { done: number; waiting: (() => void)[] } };
  if (w.__idbWrites) return;
  const writes = (w.__idbWrites = { done: 0, waiting: [] as (() => void)[] });
  for (const method of ['add', 'put'] as const) {
    const native = Object.getOwnPropertyDescriptor(IDBObjectStore.prototype, method)!.value as (
      ...args: unknown[]
    ) => IDBRequest;
    Object.defineProperty(IDBObjectStore.prototype, method, {
      configurable: true,
      writable: true,
      value: function (this: IDBObjectStore, ...args: unknown[]) {
        this.transaction.addEventListener('complete', () => {
          writes.done++;
          for (const wake of writes.waiting.splice(0)) wake();
        });
        return native.apply(this, args);
      },
    });
  }
};

/** The review as the page's browser holds it (y-indexeddb's updates, merged), and the writes completed before it was read. */
async function readLocalCopy(page: Page, reviewId: string): Promise<{ review: ReviewDoc; writes: number }> {
  const { updates, writes } = await page.evaluate(
    (name) =>
      new Promise<{ updates: number[][]; writes: number }>((resolve, reject) => {
        const writes = (window as unknown as { __idbWrites: { done: number } }).__idbWrites.done;
        const open = indexedDB.open(name);
        open.onerror = () => reject(new Error(`opening ${name}: ${String(open.error)}`));
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('updates')) return resolve({ updates: [], writes });
          const all = db.transaction('updates').objectStore('updates').getAll();
          all.onsuccess = () => {
            db.close();
            resolve({ updates: (all.result as Uint8Array[]).map((u) => [...u]), writes });
          };
          all.onerror = () => reject(new Error(`reading ${name}: ${String(all.error)}`));
        };
      }),
    `bestfit-review-${reviewId}`,
  );
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, Uint8Array.from(u));
  return { review: new ReviewDoc(doc, framework), writes };
}

/** Resolves once the page has completed more than `seen` IndexedDB writes. */
const writeAfter = (page: Page, seen: number) =>
  page.evaluate(
    (seen) =>
      new Promise<void>((resolve) => {
        const writes = (window as unknown as { __idbWrites: { done: number; waiting: (() => void)[] } }).__idbWrites;
        if (writes.done > seen) resolve();
        else writes.waiting.push(resolve);
      }),
    seen,
  );

/**
 * The browser's copy once `holds` is true of it. It is written once updates stop arriving and the
 * page is idle, so it is read again after each write the page completes until then.
 */
function localCopy(page: Page, reviewId: string, holds: (review: ReviewDoc) => boolean): Promise<ReviewDoc> {
  return waitFor("the browser's copy of the review", (done) => {
    let stopped = false;
    const check = async (): Promise<void> => {
      const { review, writes } = await readLocalCopy(page, reviewId);
      if (stopped) return;
      if (holds(review)) return done(review);
      await writeAfter(page, writes);
      if (!stopped) return check();
    };
    void page.evaluate(countWrites).then(check);
    return () => {
      stopped = true;
    };
  });
}

describe("the browser's copy of a review", () => {
  it("holds the server's state from the first load, and later edits from the server and from the page", async () => {
    const reviewId = await fixture.newReview('Local copy review');
    const writer = connectClient(fixture.server.wsUrl, reviewId, { token: fixture.server.owner.token });
    try {
      await synced(writer);
      const before = new ReviewDoc(writer.doc, framework);
      before.setRating('self', '1.1', '-', 'established');
      before.focus('self', '1.2').insert(0, 'Written before the page opened.');
      // Stored before it is relayed: once another client has it, the server holds it.
      const reader = connectClient(fixture.server.wsUrl, reviewId, { token: fixture.server.owner.token });
      await synced(reader);
      const seen = new ReviewDoc(reader.doc, framework);
      await until(
        reader.doc,
        () => seen.focus('self', '1.2').length > 0 && seen.getRating('self', '1.1') !== undefined,
      );
      reader.destroy();

      const page = await fixture.openReview(reviewId);
      await page.locator('tr[data-criterion="1.1"] td[data-level="established"] button[aria-pressed="true"]').waitFor();
      const first = await localCopy(page, reviewId, (r) => r.getRating('self', '1.1') === 'established');
      expect(first.focus('self', '1.2').toString()).toBe('Written before the page opened.');

      // After the first load: an update relayed by the server, and a rating clicked in the page.
      before.setRating('self', '2.1', '-', 'developing');
      await page.locator('tr[data-criterion="2.1"] td[data-level="developing"] button[aria-pressed="true"]').waitFor();
      await page.locator('tr[data-criterion="1.3"] td[data-level="enhancing"] button').click();
      await page.getByTestId('connection-state').getByText('All changes saved').waitFor();
      const later = await localCopy(
        page,
        reviewId,
        (r) => r.getRating('self', '2.1') === 'developing' && r.getRating('self', '1.3') === 'enhancing',
      );
      expect(later.getRating('self', '1.1')).toBe('established');
    } finally {
      writer.destroy();
    }
  }, 60_000);
  it('keeps what arrived and what was done before its database opened', async () => {
    const reviewId = await fixture.newReview('Local copy opened late');
    const writer = connectClient(fixture.server.wsUrl, reviewId, { token: fixture.server.owner.token });
    try {
      await synced(writer);
      new ReviewDoc(writer.doc, framework).setRating('self', '1.1', '-', 'established');
      const page = await signedInPage(fixture.browser, fixture.server.url, fixture.server.owner);
      // The review's database answers only when the test says so, as on a slow disk: the server's state
      // and a click both come before it.
      await page.addInitScript(() => {
        const w = window as unknown as { __openStores?: () => void };
        const held: (() => void)[] = [];
        let holding = true;
        w.__openStores = () => {
          holding = false;
          for (const run of held.splice(0)) run();
        };
        const native = Object.getOwnPropertyDescriptor(IDBFactory.prototype, 'open')!.value as (
          this: IDBFactory,
          name: string,
          version?: number,
        ) => IDBOpenDBRequest;
        IDBFactory.prototype.open = function (this: IDBFactory, name: string, version?: number) {
          const request = native.call(this, name, version);
          if (!holding || !name.startsWith('bestfit-review-')) return request;
          let onsuccess: ((event: { target: IDBOpenDBRequest }) => void) | null = null;
          Object.defineProperty(request, 'onsuccess', {
            configurable: true,
            get: () => onsuccess,
            set: (handler: typeof onsuccess) => (onsuccess = handler),
          });
          request.addEventListener('success', () => {
            const run = () => onsuccess?.({ target: request });
            if (holding) held.push(run);
            else run();
          });
          return request;
        };
      });
      await page.goto(`${fixture.server.url}/reviews/${reviewId}`);
      await page.locator('tr[data-criterion="1.1"] td[data-level="established"] button[aria-pressed="true"]').waitFor();
      await page.locator('tr[data-criterion="1.3"] td[data-level="enhancing"] button').click();
      await page.getByTestId('connection-state').getByText('All changes saved').waitFor();
      await page.evaluate(() => (window as unknown as { __openStores: () => void }).__openStores());
      const copy = await localCopy(
        page,
        reviewId,
        (r) => r.getRating('self', '1.1') === 'established' && r.getRating('self', '1.3') === 'enhancing',
      );
      expect(copy.getRating('self', '1.2')).toBeUndefined();
    } finally {
      writer.destroy();
    }
  }, 60_000);
});
