import type { Posting } from './posting';

/** The postings that undo `postings`: same legs, opposite signs. Corrections never edit history. */
export const reversePostings = (postings: readonly Posting[]): Posting[] =>
  postings.map((posting) => ({ ...posting, amount: posting.amount.negated() }));
