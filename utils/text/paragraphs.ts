import { hashRange } from './hash-text';

export { hashText } from './hash-text';

/**
 * Longest piece of text a checker is given at once. Checkers work per paragraph and results are
 * cached per paragraph hash, so a 100k-character single-line field must not become one 100k
 * request that is re-sent whole after every keystroke.
 */
export const MAX_PARAGRAPH_CHARS = 2000;

/**
 * One unit of checking: a line of the field's text (or a piece of an over-long line).
 * Invariant: `text === fieldText.slice(start, end)` and `hash === hashText(text)`.
 */
export interface Paragraph {
  start: number;
  end: number;
  text: string;
  /** Depends on `text` only, never on position, so editing one paragraph leaves the others' hashes alone. */
  hash: string;
}

/*
 * Over-long lines are cut with content-defined chunking (the rsync / FastCDC idea): a sentence end
 * becomes a cut when a hash of the few characters before it hits 1 in SENTENCE_DIVISOR. Whether a
 * spot is a cut then depends on the text right there, not on how far it is from the line start, so
 * typing at the start of a 100k one-line field changes one piece instead of shifting every cut after
 * it (greedy "fill up to the cap" packing would re-send the whole field). When no such cut lies within
 * the cap we fall back to the last sentence end, then to whitespace (content-defined the same way),
 * then to a hard cut; the pieces re-synchronise at the next content-defined cut.
 */
/** Code units before a sentence end that decide whether it is a cut. */
const ANCHOR_WINDOW = 16;
/**
 * 1 sentence end in 4 is a cut: ≈330-character pieces on prose (measured), and with ~100-character
 * sentences a 2,000-character stretch has no cut ≈0.3% of the time.
 */
const SENTENCE_DIVISOR = 4;
/** 1 word end in 2^6 = 64 is a cut when a line has no sentence end within reach. */
const WORD_CUT_BITS = 6;
/** The gear hash's bits below this depend on that many trailing code units only. */
const GEAR_BITS = 22;
/** The gear bits tested for a word cut: the top WORD_CUT_BITS of the low GEAR_BITS. */
const WORD_CUT_MASK = ((1 << WORD_CUT_BITS) - 1) << (GEAR_BITS - WORD_CUT_BITS);

const CR = 13;

/**
 * Splits a field's text into the paragraphs that are checked and cached independently: one per
 * line ('\n'; a trailing '\r' is left out), skipping blank lines, with lines longer than `maxChars`
 * cut at sentence ends (CJK full stops included), else at whitespace, else anywhere (never inside a
 * surrogate pair when `maxChars` ≥ 2). Whitespace where a long line is cut belongs to no piece.
 *
 * Runs on every keystroke on fields of up to 100k characters: one `indexOf` per line and a hash per
 * paragraph, no string building; only over-long lines are scanned further.
 */
export function splitParagraphs(text: string, maxChars: number = MAX_PARAGRAPH_CHARS): Paragraph[] {
  if (!(maxChars >= 1)) throw new RangeError(`maxChars must be at least 1, got ${maxChars}`);
  const out: Paragraph[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    let end = lineEnd;
    if (end > lineStart && text.charCodeAt(end - 1) === CR) end--;
    const first = skipSpace(text, lineStart, end);
    if (first < end) {
      if (end - lineStart <= maxChars) out.push(paragraph(text, lineStart, end));
      else cutLongLine(text, lineStart, first, end, maxChars, out);
    }
    lineStart = lineEnd + 1;
  }
  return out;
}

function paragraph(text: string, start: number, end: number): Paragraph {
  return { start, end, text: text.slice(start, end), hash: hashRange(text, start, end) };
}

/** Appends the pieces of the line [lineStart, end) whose first non-space is at `first`. */
function cutLongLine(
  text: string,
  lineStart: number,
  first: number,
  end: number,
  maxChars: number,
  out: Paragraph[],
): void {
  let start = first;
  while (start < end) {
    if (end - start <= maxChars) {
      out.push(paragraph(text, start, end));
      return;
    }
    const cut = findCut(text, lineStart, start, start + maxChars);
    out.push(paragraph(text, start, cut));
    start = skipSpace(text, cut, end);
  }
}

/**
 * Where the piece starting at `start` (a non-space) ends: a position in (start, limit] after a
 * sentence end or where a run of whitespace begins, or a hard cut. `limit` < line end, so
 * `text[limit]` exists.
 */
function findCut(text: string, lineStart: number, start: number, limit: number): number {
  // A sentence end: `.`, `!`, `?` or `…`, maybe a closing quote or bracket, then whitespace; or a
  // full-width `。`, `！`, `？` (CJK puts no space after them). Linear (at most one step of
  // backtracking), and the regex engine skips prose about twice as fast as a `charCodeAt` loop.
  // Searched in a slice (O(1) in V8) so a long tail without any sentence end is not rescanned for
  // every piece. A match ends where the next piece may begin.
  const reach = text.slice(start, limit + 1);
  const sentenceEnd =
    /[.!?\u2026]["')\]\u00bb\u2019\u201d]?(?=\s)|[\u3002\uff01\uff1f][\u300d\u300f\uff09]?/g;
  let lastSentenceEnd = -1;
  while (sentenceEnd.exec(reach) !== null) {
    const i = start + sentenceEnd.lastIndex;
    if (i > limit) break;
    if (isAnchor(text, lineStart, i, SENTENCE_DIVISOR)) return i;
    lastSentenceEnd = i;
  }
  if (lastSentenceEnd !== -1) return lastSentenceEnd;
  // No sentence end within reach (rare in prose): a content-defined cut at whitespace, else the
  // last whitespace. Words are too many to hash a window at each, so a rolling gear hash (FastCDC)
  // runs along instead; its bits below GEAR_BITS depend on the last GEAR_BITS code units only.
  let lastWordEnd = -1;
  let gear = 0;
  for (let k = Math.max(lineStart, start - GEAR_BITS); k <= start; k++) {
    gear = rollGear(gear, text.charCodeAt(k));
  }
  let previous = text.charCodeAt(start);
  for (let i = start + 1; i <= limit; i++) {
    const code = text.charCodeAt(i);
    if (isSpace(code) && !isSpace(previous)) {
      if ((gear & WORD_CUT_MASK) === 0) return i;
      lastWordEnd = i;
    }
    gear = rollGear(gear, code);
    previous = code;
  }
  if (lastWordEnd !== -1) return lastWordEnd;
  // One "word" longer than the cap (a URL, base64, CJK without spaces): cut, but keep surrogate pairs whole.
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff && limit - 1 > start ? limit - 1 : limit;
}

/** Content-defined cut test: a mixed hash of the up to ANCHOR_WINDOW code units before `i`, within its line. */
function isAnchor(text: string, lineStart: number, i: number, divisor: number): boolean {
  let h = 0x811c9dc5;
  for (let k = Math.max(lineStart, i - ANCHOR_WINDOW); k < i; k++) {
    h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) % divisor === 0;
}

/** One step of the gear hash: shift, add a well-mixed value of the code unit. */
function rollGear(gear: number, code: number): number {
  const mixed = Math.imul(code, 0x9e3779b1);
  return ((gear << 1) + (mixed ^ (mixed >>> 15))) | 0;
}

/** First index in [from, end) that is not whitespace, or `end`. */
function skipSpace(text: string, from: number, end: number): number {
  let i = from;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** The characters JavaScript's `\s` matches. */
function isSpace(code: number): boolean {
  if (code > 32 && code < 0xa0) return false;
  return (
    code === 32 ||
    (code >= 9 && code <= 13) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}
