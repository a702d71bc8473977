/** A longer selection (about 12k tokens) is refused in the page rather than sent. */
export const MAX_REWRITE_CHARS = 40_000;
