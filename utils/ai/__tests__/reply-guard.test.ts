import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  IDLE_TIMEOUT_MS,
  readGuarded,
  REPLY_CAPS,
  ReplyGuard,
  ReplyIdleError,
  ReplyTooLargeError,
  rewriteReplyCap,
} from '../reply-guard';

describe('ReplyGuard', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('lets a slow reply finish: a piece every 10 s for 45 s', () => {
    const guard = new ReplyGuard(new AbortController().signal, REPLY_CAPS.chat);
    for (let second = 0; second < 45; second += 10) {
      vi.advanceTimersByTime(10_000);
      expect(guard.take(100)).toBe(true);
    }
    vi.advanceTimersByTime(5_000);
    expect(guard.signal.aborted).toBe(false);
    expect(guard.error).toBeNull();
    guard.dispose();
  });

  it('gives up after 30 s with nothing, and says why', () => {
    const guard = new ReplyGuard(new AbortController().signal, REPLY_CAPS.chat);
    guard.take(10);
    vi.advanceTimersByTime(IDLE_TIMEOUT_MS - 1);
    expect(guard.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(guard.signal.aborted).toBe(true);
    expect(guard.error).toBeInstanceOf(ReplyIdleError);
    expect(guard.error?.message).toMatch(/sent nothing for 30 s/);
  });

  it('stops a reply over its cap at the piece that crosses it', () => {
    const guard = new ReplyGuard(new AbortController().signal, 1_000);
    expect(guard.take(999)).toBe(true);
    expect(guard.take(2)).toBe(false);
    expect(guard.error).toBeInstanceOf(ReplyTooLargeError);
    expect(guard.signal.aborted).toBe(true);
  });

  it('follows the caller’s abort without calling it a fault', () => {
    const parent = new AbortController();
    const guard = new ReplyGuard(parent.signal, 1_000);
    parent.abort();
    expect(guard.signal.aborted).toBe(true);
    expect(guard.error).toBeNull();
  });
});

describe('rewriteReplyCap', () => {
  it('is 16 KB plus 8 characters per selected one, at most 1 MB', () => {
    expect(rewriteReplyCap(0)).toBe(16 * 1024);
    expect(rewriteReplyCap(1_000)).toBe(16 * 1024 + 8_000);
    expect(rewriteReplyCap(10_000_000)).toBe(1024 * 1024);
  });
});

describe('readGuarded', () => {
  /** A body that streams `total` characters in 64 KB pieces, or forever; counts what was pulled. */
  function body(total: number) {
    let sent = 0;
    const piece = new TextEncoder().encode('x'.repeat(64 * 1024));
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= total) return controller.close();
        sent += piece.length;
        controller.enqueue(piece);
      },
    });
    return { response: new Response(stream), pulled: () => sent };
  }

  it('cuts a 5 MB reply off at the cap and stops reading it', async () => {
    const { response, pulled } = body(5 * 1024 * 1024);
    const guard = new ReplyGuard(new AbortController().signal, REPLY_CAPS.check);
    await expect(readGuarded(response, guard)).rejects.toBeInstanceOf(ReplyTooLargeError);
    expect(pulled()).toBeLessThan(REPLY_CAPS.check + 3 * 64 * 1024);
  });

  it('cuts off a reply that never ends', async () => {
    const { response } = body(Number.POSITIVE_INFINITY);
    const guard = new ReplyGuard(new AbortController().signal, REPLY_CAPS.chat);
    await expect(readGuarded(response, guard)).rejects.toBeInstanceOf(ReplyTooLargeError);
  });

  it('returns a reply within the cap whole', async () => {
    const { response } = body(64 * 1024);
    const guard = new ReplyGuard(new AbortController().signal, REPLY_CAPS.check);
    expect(await readGuarded(response, guard)).toHaveLength(64 * 1024);
    guard.dispose();
  });
});
