/**
 * Agreement work that runs on the agreement thread, never on the event loop: the bootstrap
 * resamples every round hundreds of times, so a review with many rounds costs real time.
 */
import type { Framework } from '../../shared/framework/schema.ts';
import {
  agreementOf,
  alphaSummaryOf,
  type Agreement,
  type AgreementRound,
  type AlphaSummary,
} from '../../shared/review/agreement.ts';

export type Task =
  /** One review's agreement: alpha, groups and each round's spread. */
  | { kind: 'review'; framework: Framework; rounds: AgreementRound[] }
  /** Alpha alone over rounds from several reviews (a cycle's terms), ranked on `framework`'s scale. */
  | { kind: 'pooled'; framework: Framework; rounds: AgreementRound[] };

export interface TaskResults {
  review: Agreement;
  pooled: AlphaSummary;
}

export function runTask(task: Task): TaskResults[Task['kind']] {
  switch (task.kind) {
    case 'review':
      return agreementOf(task.framework, task.rounds);
    case 'pooled':
      return alphaSummaryOf(task.framework, task.rounds);
  }
}
