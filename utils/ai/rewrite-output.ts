/**
 * Clean-up of a rewrite reply: models wrap the result in quotes, code fences or the prompt's own
 * tags, open with "Sure! Here's a more formal version:" and close with "Note: I changed…", however
 * plainly they are told not to. What the user gets is the rewritten text only. Pure (no DOM, no SDK).
 */

/** Opening → closing quotation marks a whole reply may come wrapped in. */
const QUOTE_PAIRS: Record<string, string> = {
  '"': '"',
  "'": "'",
  '“': '”',
  '‘': '’',
  '«': '»',
  '„': '“',
  '「': '」',
  '`': '`',
};

const ACK = String.raw`(?:sure|certainly|of course|okay|ok|absolutely|alright)[!,.]?`;
/** "Sure!" alone on the first line. */
const ACK_LINE = new RegExp(String.raw`^${ACK}[ \t]*(?:\n+|$)`, 'i');
/** "Here's the rewritten text:" (optionally after "Sure!"), on its own line or before the text. */
const HERE_PREAMBLE = new RegExp(
  String.raw`^(?:${ACK}\s*)?(?:here(?:'s|’s| is| are)|below is|this is)\b[^\n:]{0,100}:[ \t]*(?:\n+|(?=\S)|$)`,
  'i',
);
/** "Formal version:", "Corrected text:", "Translation (French):" alone on the first line. */
const LABEL_PREAMBLE =
  /^(?:the )?(?:[\p{L}-]+ ){0,3}(?:text|version|rewrite|translation|sentence|paragraph|result)\s*(?:\([^)\n]*\))?:[ \t]*(?:\n+|$)/iu;
/** A closing paragraph that talks about the rewrite rather than being part of it. */
const TRAILING_NOTE =
  /^(?:\(?notes?\b|explanation\b|changes(?: made)?\b|i (?:have |'ve |’ve )?(?:made|changed|corrected|fixed|kept|adjusted|removed)\b|let me know\b|hope this helps\b|feel free\b)/i;
/** How a preamble or wrapper may begin; a first line that is (a prefix of) one waits to be complete. */
const PREAMBLE_STARTS = [
  'sure',
  'certainly',
  'of course',
  'okay',
  'ok',
  'absolutely',
  'alright',
  'here',
  'below',
  'this is',
  'the ',
  '```',
  '<text',
];
const LABEL_START = /^(?:[\p{L}-]+ ){0,3}(?:text|version|rewrite|translation)\b/iu;

function mayBePreamble(line: string): boolean {
  const lower = line.toLowerCase();
  return (
    PREAMBLE_STARTS.some((start) => lower.startsWith(start) || start.startsWith(lower)) ||
    LABEL_START.test(line)
  );
}

const leadingSpace = (text: string) => /^\s*/.exec(text)?.[0] ?? '';
const trailingSpace = (text: string) => /\s*$/.exec(text)?.[0] ?? '';
const firstLine = (text: string) => text.trimStart().split('\n', 1)[0] ?? '';

/** The reply with the original's own opening, when the original opened the same way. */
function startsLike(original: string, text: string, length: number): boolean {
  return original.trimStart().toLowerCase().startsWith(text.slice(0, length).toLowerCase());
}

/** While streaming (`partial`), an opening tag or fence goes before its closing one has arrived. */
function stripTags(text: string, partial: boolean): string {
  const match = /^<(text(?:-\d+)?)>\s*\n?([\s\S]*?)\n?\s*<\/\1>$/.exec(text);
  if (match) return match[2] ?? text;
  return partial ? text.replace(/^<text(?:-\d+)?>\s*/, '') : text;
}

function stripFence(text: string, original: string, partial: boolean): string {
  if (original.trimStart().startsWith('```')) return text;
  const match = /^```[\w-]*[ \t]*\n([\s\S]*?)\n?```$/.exec(text);
  if (match) return match[1] ?? text;
  return partial ? text.replace(/^```[\w-]*[ \t]*\n/, '') : text;
}

function stripPreamble(text: string, original: string, partial: boolean): string {
  let out = text;
  for (const pattern of [ACK_LINE, HERE_PREAMBLE, LABEL_PREAMBLE]) {
    const match = pattern.exec(out);
    // Only what the original did not say itself ("Project version:\n…" stays). A reply that is
    // nothing but "Here is the text:" is kept once complete: it is all there is to show.
    if (
      match &&
      (partial || out.length > match[0].length) &&
      !startsLike(original, out, match[0].trimEnd().length)
    ) {
      out = out.slice(match[0].length).trimStart();
    }
  }
  return out;
}

function stripTrailingNote(text: string, original: string): string {
  const cut = text.lastIndexOf('\n\n');
  if (cut <= 0) return text;
  const last = text.slice(cut + 2).trim();
  if (!TRAILING_NOTE.test(last) || original.toLowerCase().includes(last.slice(0, 20).toLowerCase()))
    return text;
  return text.slice(0, cut).trimEnd();
}

function stripQuotes(text: string, original: string, partial: boolean): string {
  const open = text[0];
  const close = open !== undefined ? QUOTE_PAIRS[open] : undefined;
  if (!open || !close || original.trimStart().startsWith(open)) return text;
  const inner = text.endsWith(close) && text.length >= 2 ? text.slice(1, -1) : partial ? text.slice(1) : null;
  // `"Hi," she said, "bye"` is a quotation, not a wrapper.
  if (inner === null || inner.includes(close) || inner.includes(open)) return text;
  return inner.trim();
}

/**
 * The rewritten text alone, with the original's own leading and trailing white space (a selection
 * that ended with a space keeps it, so Replace does not glue two words together).
 */
export function cleanRewriteOutput(raw: string, original: string): string {
  return leadingSpace(original) + cleanCore(raw, original, false) + trailingSpace(original);
}

function cleanCore(raw: string, original: string, partial: boolean): string {
  let text = raw.replace(/\r\n/g, '\n').trim();
  // Twice: a fence around "Here is…: «…»" or tags around a fence are both seen in the wild.
  for (let pass = 0; pass < 2; pass++) {
    text = stripTags(text, partial);
    text = stripFence(text, original, partial);
    text = stripPreamble(text, original, partial);
    if (!partial) text = stripTrailingNote(text, original);
    text = stripQuotes(text, original, partial);
  }
  return text;
}

/** Once this much is shown, the head (preamble, opening tag, fence or quote) is settled. */
const SETTLED_AFTER = 200;

/** What the end of partial text may still turn into (a closing tag, fence or quote): held back. */
function holdBackTail(text: string): string {
  return text
    .replace(/<\/?[\w-]*$/, '')
    .replace(/`{1,3}$/, '')
    .replace(/["'”’»“」]$/, '')
    .trimEnd();
}

/** The same for settled text, where a closing tag or fence may also be complete already. */
function holdBackClosing(text: string): string {
  let out = text;
  for (let i = 0; i < 3; i++) {
    out = out
      .replace(/\s*<\/?[\w-]*>?$/, '')
      .replace(/\s*`{1,3}$/, '')
      .replace(/["'”’»“」]$/, '')
      .trimEnd();
  }
  return out;
}

/**
 * Cleans a streamed reply as it arrives: `push` returns the text that may be shown now (held back
 * while the first line could still be a preamble, without a wrapping quote or the tail that could
 * still close one); `finish` returns the whole cleaned text, which wins if the two ever disagree.
 *
 * Only the head and the tail of a reply are ever cleaned, and the cleaned text is a piece of the
 * reply as it came: once the head is settled, each chunk costs its own length (no rescans of the
 * whole reply, which made a long rewrite quadratic).
 */
export function createStreamCleaner(original: string) {
  /** The reply so far, line endings normalised, in pieces (joined once, at the end). */
  const parts: string[] = [];
  /** Until settled, the whole reply as one string (it is short then). */
  let raw = '';
  /** A '\r' that may start a '\r\n' waits for the next chunk. */
  let pendingCR = false;
  let shown = '';
  /** Once settled: the part of the reply after the shown text (a tail that may still close something). */
  let unshown: string | null = null;
  const lead = leadingSpace(original);

  const normalise = (delta: string): string => {
    let text = (pendingCR ? '\r' : '') + delta;
    pendingCR = text.endsWith('\r');
    if (pendingCR) text = text.slice(0, -1);
    return text.replace(/\r\n/g, '\n');
  };

  const emit = (next: string): string => {
    if (!next.startsWith(shown) || next.length === shown.length) return '';
    const out = next.slice(shown.length);
    shown = next;
    return out;
  };

  return {
    push(delta: string): string {
      const text = normalise(delta);
      parts.push(text);
      if (unshown !== null) {
        // Settled: what arrived after the shown text, less a tail that may still close something.
        // Only this short remainder is looked at (slicing the whole reply would copy it every time).
        const pending = unshown + text;
        const out = holdBackClosing(pending);
        unshown = pending.slice(out.length);
        shown += out;
        return out;
      }
      raw += text;
      const head = raw.trimStart();
      const line = firstLine(head);
      const lineDone = head.includes('\n') || line.includes(': ') || line.length > 120;
      if (!lineDone && mayBePreamble(line)) return '';
      // What could still be the start of a closing quote, fence or tag waits for the next chunk.
      const stable = holdBackTail(cleanCore(raw, original, true));
      const out = emit(stable ? lead + stable : '');
      if (stable.length >= SETTLED_AFTER) {
        // The cleaned text is a piece of the reply: find where it stands, and go on from its end.
        const at = raw.indexOf(stable);
        if (at >= 0) {
          unshown = raw.slice(at + stable.length);
          raw = '';
        }
      }
      return out;
    },
    finish(): string {
      return cleanRewriteOutput(parts.join('') + (pendingCR ? '\r' : ''), original);
    },
  };
}
