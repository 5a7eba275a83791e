import { describe, expect, it } from 'vitest';
import { MeetingConnection, type MeetingSnapshot } from '../client/collab/meeting.ts';
import { synced } from './helpers/clients.ts';
import { waitFor } from './helpers/deadline.ts';
import { liveServer } from './helpers/live.ts';
import { createReviewOver } from './helpers/server.ts';

const live = liveServer();

/** Resolves once the page's meeting state satisfies `predicate`, checked at each change it announces. */
function meetingUntil(meeting: MeetingConnection, predicate: (s: MeetingSnapshot) => boolean, what: string) {
  return waitFor<void>(what, (done) => {
    const check = () => {
      if (predicate(meeting.getSnapshot())) done();
    };
    check();
    return meeting.subscribe(check);
  });
}

describe("the page's meeting connection", () => {
  it('says a round was not opened while disconnected, and opens it once reconnected', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, 'ba-partnership-sef');
    const client = live.client(reviewId, server.owner.token);
    const meeting = new MeetingConnection(client.provider);
    await synced(client);
    await meetingUntil(meeting, (s) => s.review !== null, 'the review state after the hello');

    client.provider.disconnect();
    const open = { t: 'open', criterion: '1.1', phase: '-', track: 'self', autoReveal: true } as const;
    expect(meeting.send(open)).toBe(false);
    expect(meeting.getSnapshot().error).toBe(
      'Not connected to the server, so that was not done: the round did not open. Open it again once reconnected.',
    );
    expect(meeting.getSnapshot().current).toBeNull();

    client.provider.connect();
    await synced(client, 'the sync after reconnecting');
    // The hello sent again at the sync is answered with the rounds, which clears the message.
    await meetingUntil(meeting, (s) => s.error === null, 'the message cleared by the rounds');
    expect(meeting.send(open)).toBe(true);
    await meetingUntil(meeting, (s) => s.current?.criterion === '1.1', 'the round to open');
    meeting.destroy();
  });
});
