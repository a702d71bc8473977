/**
 * Bounds on what a model may send back: a reply larger than Redline accepts, or a server that goes
 * quiet, ends the request with a message instead of holding memory and the service worker forever.
 */

/** A reply this long is cut off and reported (characters of content, ≈ bytes for prose). */
export const REPLY_CAPS = {
  /** A check's JSON: 50 suggestions of a few hundred characters fit well inside. */
  check: 128 * 1024,
  /** A chat answer: a long essay, not a runaway. */
  chat: 256 * 1024,
} as const;

/** A rewrite may be longer than its selection (Expand), never unboundedly so. */
export function rewriteReplyCap(selectionChars: number): number {
  return Math.min(1024 * 1024, 16 * 1024 + selectionChars * 8);
}

/** No data for this long: the request is given up (a stream chunk, or body bytes, resets it). */
export const IDLE_TIMEOUT_MS = 30_000;

export type GuardReason = 'too-large' | 'idle';

export class ReplyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The reply was larger than Redline accepts (${Math.round(limit / 1024)} KB), so it was stopped.`);
    this.name = 'ReplyTooLargeError';
  }
}

export class ReplyIdleError extends Error {
  constructor(readonly idleMs: number) {
    super(
      `Your model sent nothing for ${Math.round(idleMs / 1000)} s, so Redline stopped waiting. Try again, or pick a faster model.`,
    );
    this.name = 'ReplyIdleError';
  }
}

/**
 * Watches one reply: `take(n)` for every piece that arrives; once over `maxChars`, or after
 * `idleMs` with nothing, `signal` aborts and `error` says why. `signal` also follows `parent`.
 */
export class ReplyGuard {
  readonly #controller = new AbortController();
  #taken = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #error: ReplyTooLargeError | ReplyIdleError | null = null;

  constructor(
    parent: AbortSignal,
    private readonly maxChars: number,
    private readonly idleMs: number = IDLE_TIMEOUT_MS,
  ) {
    if (parent.aborted) this.#controller.abort(parent.reason);
    else parent.addEventListener('abort', () => this.#controller.abort(parent.reason), { once: true });
    this.#arm();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Why the guard stopped the reply, or null (it did not: the caller stopped, or all is well). */
  get error(): ReplyTooLargeError | ReplyIdleError | null {
    return this.#error;
  }

  /** Counts `chars` more of the reply; false once over the cap (the request is then aborted). */
  take(chars: number): boolean {
    this.#taken += chars;
    if (this.#taken > this.maxChars) {
      this.#stop(new ReplyTooLargeError(this.maxChars));
      return false;
    }
    this.#arm();
    return !this.#controller.signal.aborted;
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }

  #arm(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#stop(new ReplyIdleError(this.idleMs)), this.idleMs);
  }

  #stop(error: ReplyTooLargeError | ReplyIdleError): void {
    if (this.#controller.signal.aborted) return;
    this.#error = error;
    clearTimeout(this.#timer);
    this.#controller.abort(error);
  }
}

/**
 * Reads a response body as text through `guard` (so a 5 MB or never-ending body is cut off).
 * Throws the guard's error when it stopped the read.
 */
export async function readGuarded(response: Response, guard: ReplyGuard): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const decoder = new TextDecoder();
  let text = '';
  const cancel = () => void reader.cancel().catch(() => undefined);
  guard.signal.addEventListener('abort', cancel, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const piece = decoder.decode(value, { stream: true });
      if (!guard.take(piece.length)) break;
      text += piece;
    }
  } catch (error) {
    throw guard.error ?? error;
  } finally {
    guard.signal.removeEventListener('abort', cancel);
  }
  if (guard.error) throw guard.error;
  if (guard.signal.aborted) throw guard.signal.reason;
  return text + decoder.decode();
}
