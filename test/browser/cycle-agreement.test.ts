import { describe, expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.ts';
import { referenceOrdinalAlpha } from '../helpers/alpha-reference.ts';
import { browserFixture, signedInPage } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';

const fixture = browserFixture();
// The B&A SEF's scale, worst first.
const rank: Record<string, number> = { developing: 0, developed: 1, established: 2, enhancing: 3 };

let count = 0;
/** A revealed silent round on criterion 1.1, as the meeting stores it. */
async function revealedRound(server: TestServer, reviewId: string, votes: string[]): Promise<void> {
  const id = `round-${++count}`;
  const at = '2026-03-01T10:00:00.000Z';
  await server.store.meeting.openRound({
    id,
    reviewId,
    criterion: '1.1',
    phase: '-',
    track: 'self',
    status: 'open',
    autoReveal: false,
    openedBy: server.owner.id,
    openedAt: at,
    revealedAt: null,
    closedAt: null,
    agreed: null,
    votes: [],
  });
  for (const [i, level] of votes.entries())
    await server.store.meeting.castVote(id, { userId: `voter-${i}`, name: `Voter ${i}`, level }, at);
  await server.store.meeting.revealRound(id, at);
}

describe('agreement in the trends', () => {
  it("shows each term's alpha with its interval and all terms together, explained", async () => {
    const server = fixture.server;
    const term1 = await fixture.newReview('North partnership 2025-26');
    const first = [
      ['developed', 'developed', 'established'],
      ['enhancing', 'enhancing', 'established'],
      ['developing', 'developed', 'developing'],
    ];
    for (const votes of first) await revealedRound(server, term1, votes);
    const started = await fetch(`${server.url}/api/reviews/${term1}/next`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.owner.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'North partnership 2026-27' }),
    });
    const term2 = ((await started.json()) as { id: string }).id;
    const second = [
      ['established', 'established', 'established', 'enhancing'],
      ['developing', 'developing', 'developed', 'developing'],
    ];
    for (const votes of second) await revealedRound(server, term2, votes);
    const alpha = (plan: string[][]) => referenceOrdinalAlpha(plan.map((u) => u.map((v) => rank[v]!))).toFixed(2);

    const page = await signedInPage(fixture.browser, server.url, server.owner);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${server.url}/reviews/${term2}/trends`);
    await page.getByRole('heading', { name: 'Agreement between raters over the terms' }).waitFor();
    expect(await page.getByTestId('cycle-alpha').innerText()).toMatch(
      new RegExp(
        `^Krippendorff’s alpha over all 2 terms: ${alpha([...first, ...second])} \\(95% interval -?\\d\\.\\d\\d to -?\\d\\.\\d\\d\\) from 5 rounds and 17 votes\\.$`,
      ),
    );
    const table = page.getByRole('table', { name: 'Agreement by term' });
    const rows = await table.locator('tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t').slice(1, 4))).toEqual([
      ['3', '9', alpha(first)],
      ['2', '8', alpha(second)],
    ]);
    expect(rows[0]!.split('\t')[4]).toMatch(/^-?\d\.\d\d to -?\d\.\d\d$/);
    const chart = page.locator('figure.chart svg[aria-label="Krippendorff\'s alpha by term"]');
    await chart.waitFor();
    expect(await chart.getAttribute('aria-description')).toContain(
      `North partnership 2025-26 (now): ${alpha(first)} (95% interval`,
    );
    // The same plain-language explanation as the summary's.
    await page.getByText('What does this number mean?').click();
    await page.getByText('0.8 or more is usually taken as reliable').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    if (process.env.SCREENSHOTS_DIR) {
      await page.getByRole('heading', { name: 'Agreement between raters over the terms' }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${process.env.SCREENSHOTS_DIR}/trends-agreement.png` });
    }
  });
});
