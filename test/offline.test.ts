import { describe, expect, it } from 'vitest';
import { readFrameworkFile } from '../server/frameworks/files.ts';
import { ReviewDoc } from '../shared/review/accessors.ts';
import { synced, until } from './helpers/clients.ts';
import { createReviewOver, repoRoot } from './helpers/server.ts';
import { liveServer } from './helpers/live.ts';

const framework = await readFrameworkFile(`${repoRoot}frameworks/ba-partnership-sef.yaml`);
const live = liveServer();

describe('offline work', () => {
  it('merges edits made offline with edits made meanwhile by others, once the client reconnects', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const editor = await server.addMember(reviewId, 'editor', 'On the train');
    const online = live.client(reviewId, server.owner.token);
    const travelling = live.client(reviewId, editor.token);
    await Promise.all([synced(online), synced(travelling)]);
    const ro = new ReviewDoc(online.doc, framework);
    const rt = new ReviewDoc(travelling.doc, framework);
    ro.focus('self', '2.4').insert(0, 'Early help panel meets fortnightly.');
    await until(travelling.doc, () => rt.focus('self', '2.4').length > 0);

    travelling.provider.disconnect();
    // Offline: a rating and some typing in the same focus the other person is editing.
    rt.setRating('self', '2.4', '-', 'developed');
    rt.focus('self', '2.4').insert(0, 'Offline note. ');
    // Meanwhile, online.
    ro.setRating('self', '2.5', '-', 'established');
    ro.focus('self', '2.4').insert(ro.focus('self', '2.4').length, ' Minutes shared.');
    expect(ro.getRating('self', '2.4')).toBeUndefined();

    travelling.provider.connect();
    const merged = 'Offline note. Early help panel meets fortnightly. Minutes shared.';
    await until(
      online.doc,
      () => ro.focus('self', '2.4').toString() === merged && ro.getRating('self', '2.4') === 'developed',
    );
    await until(
      travelling.doc,
      () => rt.focus('self', '2.4').toString() === merged && rt.getRating('self', '2.5') === 'established',
    );

    // And it is stored: a newcomer sees the merged review.
    const fresh = live.client(reviewId, server.owner.token);
    await synced(fresh);
    const rf = new ReviewDoc(fresh.doc, framework);
    await until(fresh.doc, () => rf.getRating('self', '2.4') === 'developed');
    expect(rf.focus('self', '2.4').toString()).toBe(merged);
    expect(rf.getRating('self', '2.5')).toBe('established');
  });
});
