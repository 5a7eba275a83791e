import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { MeetingEvent, MeetingRequest, RoundView } from '../../shared/protocol/meeting.ts';
import { MessageType } from '../../shared/protocol/messages.ts';
import type { StockClient } from './clients.ts';
import { waitFor } from './deadline.ts';

/** Meeting messages over a stock provider: the handler slot y-websocket leaves open for other types. */
export class MeetingClient {
  readonly events: MeetingEvent[] = [];
  readonly rounds = new Map<string, RoundView>();
  private waiters: (() => void)[] = [];

  constructor(readonly client: StockClient) {
    client.provider.messageHandlers[MessageType.meeting] = (_encoder, decoder) => {
      const event = JSON.parse(decoding.readVarString(decoder)) as MeetingEvent;
      this.events.push(event);
      if (event.t === 'rounds') for (const r of event.rounds) this.rounds.set(r.id, r);
      if (event.t === 'round') this.rounds.set(event.round.id, event.round);
      for (const w of this.waiters.splice(0)) w();
    };
  }

  send(request: MeetingRequest): void {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MessageType.meeting);
    encoding.writeVarString(e, JSON.stringify(request));
    this.client.provider.ws!.send(encoding.toUint8Array(e));
  }

  /** Resolves once `predicate` holds, checked after each meeting event (no polling). */
  until<T>(predicate: () => T | undefined | null | false, what = 'a meeting event'): Promise<T> {
    return waitFor(what, (done) => {
      let stopped = false;
      const check = () => {
        if (stopped) return;
        const value = predicate();
        if (value) done(value);
        else this.waiters.push(check);
      };
      check();
      return () => {
        stopped = true;
      };
    });
  }

  round(pred: (r: RoundView) => boolean): RoundView | undefined {
    return [...this.rounds.values()].find(pred);
  }

  lastError(): string | undefined {
    const errors = this.events.filter((e): e is Extract<MeetingEvent, { t: 'error' }> => e.t === 'error');
    return errors.at(-1)?.message;
  }
}
