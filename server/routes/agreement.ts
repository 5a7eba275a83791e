import { Hono, type Context } from 'hono';
import type { AuthEnv } from '../auth/middleware.ts';
import { AgreementUnavailable } from '../agreement/thread.ts';
import type { Agreements } from '../agreement/agreements.ts';
import { cycleAgreement } from '../agreement/cycle.ts';
import { chainOf } from '../cycles/chain.ts';
import type { FrameworkLibrary } from '../frameworks/library.ts';
import type { User } from '../store/access-types.ts';
import type { Store } from '../store/types.ts';
import { errorBody } from './validate.ts';

/**
 * Krippendorff's alpha and the spread of every revealed round, worked out on the agreement thread.
 * Anyone in the review may read them (observers too); open rounds never count, so no secret vote
 * leaks through the numbers.
 *
 * - `GET /:id/agreement`: the review's own rounds.
 * - `GET /:id/cycle/agreement`: each term of the review's chain the caller may read, and all of them pooled.
 */
export function agreementRoutes(store: Store, library: FrameworkLibrary, agreements: Agreements) {
  const loadFramework = (id: string, version: number) => library.get(id, version);
  const readable = async (c: Context<AuthEnv>, id: string) =>
    (await store.access.reviewRole(id, (c.get('user') as User).id)) !== null;
  const notFound = (c: Context, id: string) => c.json(errorBody('not_found', `no review "${id}"`), 404);

  // A thread that timed out or ran out of memory is a passing fault: the next request starts a fresh one.
  async function answer(c: Context, compute: () => Promise<object>): Promise<Response> {
    try {
      return c.json(await compute());
    } catch (error) {
      if (error instanceof AgreementUnavailable) return c.json(errorBody('unavailable', error.message), 503);
      throw error;
    }
  }

  return new Hono<AuthEnv>()
    .get('/:id/agreement', async (c) => {
      const id = c.req.param('id');
      const review = (await readable(c, id)) ? await store.getReview(id) : null;
      if (!review) return notFound(c, id);
      const framework = await loadFramework(review.frameworkId, review.frameworkVersion);
      if (!framework)
        throw new Error(`review ${id}: framework ${review.frameworkId}@${review.frameworkVersion} is missing`);
      const rounds = await store.meeting.rounds(id);
      return answer(c, () => agreements.review(framework, rounds));
    })
    .get('/:id/cycle/agreement', async (c) => {
      const id = c.req.param('id');
      if (!(await readable(c, id)) || !(await store.getReview(id))) return notFound(c, id);
      const chain = await chainOf(store, id);
      const ids: string[] = [];
      for (const term of chain) if (term === id || (await readable(c, term))) ids.push(term);
      return answer(c, () => cycleAgreement({ store, agreements, loadFramework }, ids, id, chain.length - ids.length));
    });
}
