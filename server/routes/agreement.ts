import type { Context } from 'hono';
import { agreementOf } from '../../shared/review/agreement.ts';
import type { AuthEnv } from '../auth/middleware.ts';
import type { FrameworkLibrary } from '../frameworks/library.ts';
import type { User } from '../store/access-types.ts';
import type { Store } from '../store/types.ts';
import { errorBody } from './validate.ts';

/**
 * `GET /api/reviews/:id/agreement`: Krippendorff's alpha and the spread of every revealed round.
 * Anyone in the review may read it (observers too); open rounds never count, so no secret vote
 * leaks through the numbers.
 */
export function agreementHandler(store: Store, library: FrameworkLibrary) {
  return async function agreement(c: Context<AuthEnv>) {
    const id = c.req.param('id') ?? '';
    const user = c.get('user') as User;
    const role = await store.access.reviewRole(id, user.id);
    const review = role ? await store.getReview(id) : null;
    if (!review) return c.json(errorBody('not_found', `no review "${id}"`), 404);
    const framework = await library.get(review.frameworkId, review.frameworkVersion);
    if (!framework)
      throw new Error(`review ${id}: framework ${review.frameworkId}@${review.frameworkVersion} is missing`);
    return c.json(agreementOf(framework, await store.meeting.rounds(id)));
  };
}
