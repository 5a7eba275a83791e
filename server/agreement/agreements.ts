import { createHash } from 'node:crypto';
import type { Framework } from '../../shared/framework/schema.ts';
import type { Agreement, AgreementRound, AlphaSummary } from '../../shared/review/agreement.ts';
import { AgreementThread } from './thread.ts';

/** Results kept: enough for every review open in a county's meetings, each a few kB. */
const CACHE_SIZE = 256;

/**
 * Agreement results, worked out on the agreement thread and kept by what they were computed
 * from (framework version and every revealed round's votes), so asking again before another
 * round is revealed costs a hash, and two people asking at once share one computation.
 */
export class Agreements {
  private readonly cache = new Map<string, Promise<unknown>>();

  constructor(private readonly thread: AgreementThread = new AgreementThread()) {}

  /** One review's agreement (`GET /api/reviews/:id/agreement`). */
  review(framework: Framework, rounds: readonly AgreementRound[]): Promise<Agreement> {
    const revealed = revealedOnly(rounds);
    return this.cached(`review|${fingerprint(framework, revealed)}`, () =>
      this.thread.run({ kind: 'review', framework, rounds: revealed }),
    );
  }

  /** Alpha over rounds of several reviews, ranked on one framework's scale. */
  pooled(framework: Framework, rounds: readonly AgreementRound[]): Promise<AlphaSummary> {
    const revealed = revealedOnly(rounds);
    return this.cached(`pooled|${fingerprint(framework, revealed)}`, () =>
      this.thread.run({ kind: 'pooled', framework, rounds: revealed }),
    );
  }

  private cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.cache.get(key) as Promise<T> | undefined;
    if (hit) {
      // Most recently used last: the oldest is the first to go.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const result = compute();
    this.cache.set(key, result);
    // A failure is not kept: the next request tries again.
    result.catch(() => this.cache.get(key) === result && this.cache.delete(key));
    while (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return result;
  }

  close(): Promise<void> {
    return this.thread.close();
  }
}

/** Open rounds never count, and only what alpha reads is sent to the thread. */
function revealedOnly(rounds: readonly AgreementRound[]): AgreementRound[] {
  return rounds
    .filter((r) => r.status !== 'open')
    .map(({ id, criterion, phase, track, status, votes }) => ({
      id,
      criterion,
      phase,
      track,
      status,
      votes: votes.map(({ userId, name, level }) => ({ userId, name, level })),
    }));
}

function fingerprint(framework: Framework, rounds: readonly AgreementRound[]): string {
  const hash = createHash('sha256').update(`${framework.id}@${framework.version}\n`);
  for (const r of rounds)
    hash.update(`${r.id}|${r.criterion}|${r.phase}|${r.track}|${r.votes.map((v) => v.level).join(',')}\n`);
  return hash.digest('base64url');
}

/** One cache and one thread for the process. */
export const agreements = new Agreements();
