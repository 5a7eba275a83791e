import type { CloseCodeValue } from '../../shared/protocol/close-codes.ts';

/** Why the server closes a connection: the close code the client acts on and the reason a person reads. */
export class Refusal extends Error {
  constructor(
    readonly code: CloseCodeValue,
    readonly reason: string,
  ) {
    super(reason);
    this.name = new.target.name;
  }
}
