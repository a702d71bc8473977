import { describe, expect, it } from 'vitest';
import type { LocalCheckResult } from '../../messaging';
import { FieldChecker } from '../field-checker';
import type { ParagraphRequest, RawSuggestion } from '../types';

/** A checker that flags every "teh" and records what it was asked; replies when the test says so. */
function harness() {
  const requests: ParagraphRequest[][] = [];
  const pending: (() => void)[] = [];
  let timers: (() => void)[] = [];
  const checker = new FieldChecker({
    debounceMs: 300,
    setTimeout: (callback) => {
      timers.push(callback);
      return callback;
    },
    clearTimeout: (handle) => {
      timers = timers.filter((t) => t !== handle);
    },
    checkLocal: (paragraphs) => {
      requests.push(paragraphs);
      return new Promise<LocalCheckResult>((resolve) => {
        pending.push(() =>
          resolve({
            ok: true,
            results: paragraphs.map((p) => ({ hash: p.hash, suggestions: flagTeh(p.text) })),
          }),
        );
      });
    },
  });
  return {
    checker,
    requests,
    /** The debounce elapses. */
    pause() {
      const due = timers;
      timers = [];
      for (const t of due) t();
    },
    /** Every outstanding check replies. */
    async reply() {
      while (pending.length) pending.shift()?.();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

function flagTeh(text: string): RawSuggestion[] {
  const out: RawSuggestion[] = [];
  for (let i = text.indexOf('teh'); i >= 0; i = text.indexOf('teh', i + 1)) {
    out.push({
      start: i,
      end: i + 3,
      original: 'teh',
      replacement: 'the',
      category: 'spelling',
      explanation: 'Did you mean “the”?',
      rule: 'local:SpellCheck',
      source: 'local',
      word: 'teh',
    });
  }
  return out;
}

describe('FieldChecker', () => {
  it('checks after the pause and places results on the text', async () => {
    const h = harness();
    h.checker.setText('I saw teh cat.');
    expect(h.requests).toHaveLength(0);
    h.pause();
    expect(h.requests).toHaveLength(1);
    await h.reply();
    const [s] = h.checker.getSuggestions();
    expect(s && h.checker.getText().slice(s.start, s.end)).toBe('teh');
    expect(h.checker.getStatus()).toEqual({ state: 'ready' });
  });

  it('re-checks only the paragraph that changed, and nothing when text returns to a checked state', async () => {
    const h = harness();
    const paragraphs = Array.from({ length: 50 }, (_, i) => `Paragraph ${i} says teh thing.`);
    h.checker.setText(paragraphs.join('\n'));
    h.pause();
    await h.reply();
    expect(h.requests.flat()).toHaveLength(50);
    expect(h.checker.getSuggestions()).toHaveLength(50);

    const edited = [...paragraphs];
    edited[7] = 'Paragraph 7 says the thing.';
    h.checker.setText(edited.join('\n'));
    h.pause();
    expect(h.requests.at(-1)).toEqual([expect.objectContaining({ text: 'Paragraph 7 says the thing.' })]);
    await h.reply();
    expect(h.checker.getSuggestions()).toHaveLength(49);

    const before = h.requests.length;
    h.checker.setText(paragraphs.join('\n'));
    h.pause();
    expect(h.requests).toHaveLength(before);
    expect(h.checker.getSuggestions()).toHaveLength(50);
  });

  it('moves shown suggestions with edits before them and drops ones whose text changed', async () => {
    const h = harness();
    h.checker.setText('teh one. teh two.');
    h.pause();
    await h.reply();
    h.checker.setText('Well, teh one. teh two.');
    const texts = h.checker.getSuggestions().map((s) => h.checker.getText().slice(s.start, s.end));
    expect(texts).toEqual(['teh', 'teh']);
    h.checker.setText('Well, the one. teh two.');
    expect(h.checker.getSuggestions()).toHaveLength(1);
  });

  it('never places a late result on text that changed while it was in flight', async () => {
    const h = harness();
    h.checker.setText('Look at teh sky.');
    h.pause();
    h.checker.setText('Look at tea sky.');
    await h.reply();
    expect(h.checker.getSuggestions()).toHaveLength(0);
  });

  it('keeps a dismissed suggestion hidden across re-checks', async () => {
    const h = harness();
    h.checker.setText('teh end');
    h.pause();
    await h.reply();
    const id = h.checker.getSuggestions()[0]?.id as string;
    h.checker.dismiss(id);
    h.checker.setText('teh end!');
    h.checker.setText('teh end');
    h.pause();
    await h.reply();
    expect(h.checker.getSuggestions()).toHaveLength(0);
  });

  it('gives the same paragraph text twice distinct ids', async () => {
    const h = harness();
    h.checker.setText('teh\nteh');
    h.pause();
    await h.reply();
    const ids = h.checker.getSuggestions().map((s) => s.id);
    expect(new Set(ids).size).toBe(2);
  });

  it('reports a checker failure as an error status and shows nothing', async () => {
    const checker = new FieldChecker({
      debounceMs: 0,
      setTimeout: (cb) => cb,
      clearTimeout: () => {},
      checkLocal: async () => ({ ok: false, code: 'unavailable', message: 'Local checker failed to start.' }),
    });
    checker.setText('teh');
    checker.checkNow();
    await new Promise((r) => setTimeout(r, 0));
    expect(checker.getStatus()).toEqual({ state: 'error', message: 'Local checker failed to start.' });
    expect(checker.getSuggestions()).toHaveLength(0);
  });
});

describe('FieldChecker across edits in the same paragraph', () => {
  it('keeps the id of a suggestion that still stands after its paragraph is re-checked', async () => {
    const h = harness();
    h.checker.setText('I saw teh cat.');
    h.pause();
    await h.reply();
    const id = h.checker.getSuggestions()[0]?.id;
    h.checker.setText('I saw teh cat. It ran.');
    h.pause();
    await h.reply();
    expect(h.checker.getSuggestions().map((s) => s.id)).toEqual([id]);
  });

  it('keeps a dismissed suggestion hidden when the paragraph changes elsewhere', async () => {
    const h = harness();
    h.checker.setText('I saw teh cat.');
    h.pause();
    await h.reply();
    h.checker.dismiss(h.checker.getSuggestions()[0]?.id as string);
    h.checker.setText('Yes, I saw teh cat.');
    h.pause();
    await h.reply();
    expect(h.checker.getSuggestions()).toHaveLength(0);
    // Retyping the flagged word makes it a new mistake, shown again.
    h.checker.setText('Yes, I saw te cat.');
    h.checker.setText('Yes, I saw teh cat.');
    h.pause();
    await h.reply();
    expect(h.checker.getSuggestions()).toHaveLength(1);
  });
});
