import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../messaging/protocol';
import { endsWord, FieldChecker, type CheckCall } from '../field-checker';
import { diffText } from '../../text';
import type { ParagraphRequest, ParagraphResult, RawSuggestion } from '../../text/types';

/** A check that cannot be cancelled (the tests that need cancelling build their own). */
const call = (result: Promise<CheckResult>): CheckCall => ({ result, cancel: () => {} });

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
      return call(
        new Promise<CheckResult>((resolve) => {
          pending.push(() =>
            resolve({
              ok: true,
              results: paragraphs.map((p) => ({ hash: p.hash, suggestions: flagTeh(p.text) })),
            }),
          );
        }),
      );
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

/** Types `text` after what the checker holds, one character per change, as a person would. */
function typeInto(checker: FieldChecker, text: string) {
  for (const ch of text) checker.setText(checker.getText() + ch);
}

describe('endsWord', () => {
  const ended = (before: string, after: string) => endsWord(after, diffText(before, after));
  it('says a space, a line break, clause punctuation or several characters at once end a word', () => {
    expect(ended('I saw teh', 'I saw teh ')).toBe(true);
    expect(ended('I saw teh', 'I saw teh.')).toBe(true);
    expect(ended('I saw teh', 'I saw teh,')).toBe(true);
    expect(ended('I saw teh', 'I saw teh\n')).toBe(true);
    expect(ended('I saw', 'I saw teh cat')).toBe(true); // a paste
    expect(ended('I saw teh cat', 'I saw, teh cat')).toBe(true); // mid-text
  });
  it('says a letter, an apostrophe, a hyphen or a deletion do not', () => {
    expect(ended('I saw te', 'I saw teh')).toBe(false);
    expect(ended('I don', "I don'")).toBe(false);
    expect(ended('I don', 'I don’')).toBe(false);
    expect(ended('an e', 'an e-')).toBe(false);
    expect(ended('I saw teh ', 'I saw teh')).toBe(false);
  });
});

describe('FieldChecker', () => {
  it('checks locally the moment a word ends; the model still waits for the pause', async () => {
    const h = llmHarness();
    typeInto(h.checker, 'We saw teh');
    expect(h.local.map((r) => r.map((p) => p.text))).toEqual([['We '], ['We saw ']]);
    typeInto(h.checker, ' ');
    expect(h.local.at(-1)?.map((p) => p.text)).toEqual(['We saw teh ']);
    // The local answers land (and show) while the pause is still running: they send nothing to the model.
    await h.advance(100);
    expect(h.checker.getSuggestions().map((s) => s.original)).toEqual(['teh']);
    expect(h.llm).toHaveLength(0);
    await h.advance(200);
    expect(h.llm).toHaveLength(1);
    // A paste ends a word too; typing on inside the next word does not start another local check.
    const count = h.local.length;
    h.checker.setText('We saw teh cat and teh dog');
    expect(h.local).toHaveLength(count + 1);
    typeInto(h.checker, ' ca');
    expect(h.local).toHaveLength(count + 2);
  });

  it('runs the word-end check before the next frame, once for several word ends, never on a half-typed word', () => {
    const frames: (() => void)[] = [];
    const requests: string[][] = [];
    const checker = new FieldChecker({
      debounceMs: 300,
      setTimeout: () => 0,
      clearTimeout: () => {},
      nextFrame: (callback) => frames.push(callback),
      checkLocal: (paragraphs) => {
        requests.push(paragraphs.map((p) => p.text));
        return call(new Promise<CheckResult>(() => {}));
      },
    });
    checker.setText('First line stays.\nWe saw teh');
    typeInto(checker, ' cat.');
    expect(requests).toHaveLength(0);
    expect(frames).toHaveLength(1);
    frames.shift()?.();
    // Once, for the lines of the word ends since the last word began ("c" cancelled the paste's).
    expect(requests).toEqual([['We saw teh cat.']]);
    // A word begun before the frame: nothing half-typed is checked.
    typeInto(checker, ' A');
    frames.shift()?.();
    expect(requests).toHaveLength(1);
    typeInto(checker, 'nd ');
    frames.shift()?.();
    expect(requests.at(-1)).toEqual(['We saw teh cat. And ']);
  });

  it('checks at once after an accepted suggestion, whatever it inserted', async () => {
    const h = llmHarness();
    typeInto(h.checker, 'I saw teh cat');
    await h.advance(300);
    const before = h.local.length;
    h.checker.endWord();
    h.checker.setText('I saw the cat');
    expect(h.local.length).toBeGreaterThan(before);
    expect(h.local.at(-1)?.map((p) => p.text)).toEqual(['I saw the cat']);
  });

  it('checks after the pause while a word is being typed, and places results on the text', async () => {
    const h = harness();
    h.checker.setText('I saw teh ca'); // a paste: checked at once
    expect(h.requests).toHaveLength(1);
    await h.reply();
    typeInto(h.checker, 't');
    expect(h.requests).toHaveLength(1);
    h.pause();
    expect(h.requests).toHaveLength(2);
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
      checkLocal: () =>
        call(Promise.resolve({ ok: false, code: 'unavailable', message: 'Local checker failed to start.' })),
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

/** A harness with both checkers: the local one flags "teh", the model flags "less"; both reply on demand. */
function llmHarness() {
  const local: ParagraphRequest[][] = [];
  const llm: {
    paragraphs: ParagraphRequest[];
    cancelled: boolean;
    resolve(result: CheckResult): void;
    partial(results: ParagraphResult[]): void;
  }[] = [];
  let gate = { local: true, model: true };
  let timers: { callback: () => void; ms: number }[] = [];
  let now = 0;
  const checker = new FieldChecker({
    debounceMs: 300,
    now: () => now,
    setTimeout: (callback, ms) => {
      const timer = { callback, ms };
      timers.push(timer);
      return timer;
    },
    clearTimeout: (handle) => {
      timers = timers.filter((t) => t !== handle);
    },
    gate: () => gate,
    checkLocal: (paragraphs) => {
      local.push(paragraphs);
      return call(
        Promise.resolve({
          ok: true,
          results: paragraphs.map((p) => ({ hash: p.hash, suggestions: flagTeh(p.text) })),
        }),
      );
    },
    checkLlm: (paragraphs, onPartial) => {
      let resolve: (result: CheckResult) => void = () => {};
      const result = new Promise<CheckResult>((r) => (resolve = r));
      const entry = { paragraphs, cancelled: false, resolve, partial: onPartial ?? (() => {}) };
      llm.push(entry);
      return {
        result,
        cancel: () => {
          entry.cancelled = true;
          resolve({ ok: false, code: 'aborted', message: 'Stopped.' });
        },
      };
    },
  });
  const flush = () => new Promise((r) => setTimeout(r, 0));
  return {
    checker,
    local,
    llm,
    /** What the field's gate says from now on. */
    setGate(next: { local: boolean; model: boolean }) {
      gate = next;
    },
    /** Time passes: every timer due by then fires. */
    async advance(ms: number) {
      now += ms;
      const due = timers.filter((t) => t.ms <= ms);
      timers = timers.filter((t) => t.ms > ms).map((t) => ({ ...t, ms: t.ms - ms }));
      for (const t of due) t.callback();
      await flush();
    },
    /** The model answers its oldest open request the way it finds "less" → "fewer". */
    async answer(result?: CheckResult) {
      const open = llm.find((r) => !r.cancelled && !('done' in r));
      if (!open) throw new Error('no open model request');
      Object.assign(open, { done: true });
      open.resolve(
        result ?? {
          ok: true,
          results: open.paragraphs.map((p) => ({ hash: p.hash, suggestions: flagLess(p.text) })),
        },
      );
      await flush();
    },
  };
}

function flagLess(text: string): RawSuggestion[] {
  const at = text.indexOf('less');
  if (at < 0) return [];
  return [
    {
      start: at,
      end: at + 4,
      original: 'less',
      replacement: 'fewer',
      category: 'grammar',
      explanation: 'Countable.',
      rule: 'llm:grammar',
      source: 'llm',
    },
  ];
}

describe('FieldChecker with the model', () => {
  it('shows local and model suggestions together, each marked with its source', async () => {
    const h = llmHarness();
    h.checker.setText('I saw teh less people.');
    await h.advance(300);
    await h.answer();
    expect(h.checker.getSuggestions().map((s) => [s.original, s.source])).toEqual([
      ['teh', 'local'],
      ['less', 'llm'],
    ]);
    expect(h.checker.getStatus()).toEqual({ state: 'ready' });
    expect(h.checker.getModelState()).toEqual({ state: 'on' });
  });

  it('aborts a model request as soon as an edit touches its paragraph, and never shows its result', async () => {
    const h = llmHarness();
    h.checker.setText('There were less people.\nSecond line stays here.');
    await h.advance(300);
    expect(h.llm).toHaveLength(1);
    // Typing in the second paragraph leaves a request for both paragraphs alone…
    h.checker.setText('There were less people.\nSecond line stays here!');
    expect(h.llm[0]?.cancelled).toBe(false);
    // …an edit of every paragraph it carries aborts it at once.
    h.checker.setText('There were many people.\nSecond line stays here!');
    expect(h.llm[0]?.cancelled).toBe(true);
    expect(h.checker.getSuggestions().filter((s) => s.source === 'llm')).toEqual([]);
    await h.advance(300);
    const last = h.llm.at(-1);
    expect(last?.paragraphs.map((p) => p.text)).toContain('There were many people.');
  });

  it('sends nothing for paragraphs it has results for, and skips tiny ones', async () => {
    const h = llmHarness();
    h.checker.setText('Hi\nThere were less people.');
    await h.advance(300);
    expect(h.llm.flatMap((r) => r.paragraphs.map((p) => p.text))).toEqual(['There were less people.']);
    await h.answer();
    h.checker.setText('Hi\nThere were less people!');
    h.checker.setText('Hi\nThere were less people.');
    await h.advance(300);
    expect(h.llm).toHaveLength(1);
    expect(h.checker.getSuggestions()).toHaveLength(1);
  });

  it('waits for retry-after, then backs off, and recovers on success', async () => {
    const h = llmHarness();
    h.checker.setText('There were less people.');
    await h.advance(300);
    await h.answer({ ok: false, code: 'rate-limited', message: 'Rate limited.', retryAfter: 2 });
    expect(h.checker.getModelState()).toMatchObject({
      state: 'error',
      message: 'Rate limited.',
      retrying: true,
    });
    await h.advance(1900);
    expect(h.llm).toHaveLength(1);
    await h.advance(100);
    expect(h.llm).toHaveLength(2);
    await h.answer({ ok: false, code: 'server-error', message: 'Server error (500).' });
    expect(h.checker.getModelState()).toMatchObject({ state: 'error', message: 'Server error (500).' });
    await h.advance(2000);
    expect(h.llm).toHaveLength(3);
    await h.answer();
    expect(h.checker.getModelState()).toEqual({ state: 'on' });
    expect(h.checker.getSuggestions()).toHaveLength(1);
  });

  it('stops asking after an error only the settings can fix, until they change', async () => {
    const h = llmHarness();
    h.checker.setText('There were less people.');
    await h.advance(300);
    await h.answer({ ok: false, code: 'unauthorized', message: 'The API key was refused (401).' });
    h.checker.setText('There were less people today.');
    await h.advance(60_000);
    expect(h.llm).toHaveLength(1);
    h.checker.invalidate();
    await h.advance(0);
    expect(h.llm).toHaveLength(2);
  });

  it('goes local-only when the model is off (no key, privacy mode), and says why', async () => {
    const h = llmHarness();
    h.checker.setText('I saw teh less people.');
    await h.advance(300);
    await h.answer({ ok: false, code: 'privacy', message: 'Privacy mode is on.', off: true });
    expect(h.checker.getModelState()).toEqual({ state: 'off', message: 'Privacy mode is on.' });
    expect(h.checker.getSuggestions().map((s) => s.source)).toEqual(['local']);
    h.checker.setText('I saw teh less people today.');
    await h.advance(300);
    expect(h.llm).toHaveLength(1);
  });

  it('sends paragraphs in every language to both checkers (the local host finds their languages)', async () => {
    const h = llmHarness();
    h.checker.setText('El perro de mi vecino es muy grande y le gusta correr.\nThis is teh end.');
    await h.advance(300);
    expect(h.local.flat().map((p) => p.text)).toEqual([
      'El perro de mi vecino es muy grande y le gusta correr.',
      'This is teh end.',
    ]);
    expect(h.llm.flatMap((r) => r.paragraphs.map((p) => p.text))).toHaveLength(2);
  });
});

describe('FieldChecker: who may start what', () => {
  it('asks the gate before every check: nothing for a hidden or refused field, local only for script text', async () => {
    const h = llmHarness();
    h.setGate({ local: false, model: false });
    h.checker.setText('I saw teh less people.');
    await h.advance(300);
    expect(h.local).toHaveLength(0);
    expect(h.llm).toHaveLength(0);

    h.setGate({ local: true, model: false });
    h.checker.setText('I saw teh less people!');
    await h.advance(300);
    expect(h.local).toHaveLength(1);
    expect(h.llm).toHaveLength(0);

    // A person writes: the model gets the paragraph (the text written before included).
    h.setGate({ local: true, model: true });
    h.checker.setText('I saw teh less people!!');
    await h.advance(300);
    expect(h.llm).toHaveLength(1);
  });

  it('a retry-after of 0 never turns into a tight loop: the next try waits a second', async () => {
    const h = llmHarness();
    h.checker.setText('There were less people.');
    await h.advance(300);
    await h.answer({ ok: false, code: 'rate-limited', message: 'Rate limited.', retryAfter: 0 });
    await h.advance(0);
    await h.advance(999);
    expect(h.llm).toHaveLength(1);
    await h.advance(1);
    expect(h.llm).toHaveLength(2);
  });

  it('a lost connection backs off like a failure (1 s, 2 s, 4 s), never retrying at once', async () => {
    const h = llmHarness();
    h.checker.setText('There were less people.');
    await h.advance(300);
    for (const wait of [1000, 2000, 4000]) {
      const before = h.llm.length;
      await h.answer({ ok: false, code: 'lost', message: 'Lost the connection.' });
      await h.advance(wait - 1);
      expect(h.llm).toHaveLength(before);
      await h.advance(1);
      expect(h.llm).toHaveLength(before + 1);
    }
    expect(h.checker.getModelState()).toMatchObject({ state: 'error', retrying: true });
  });

  it('gives the same fix from either checker one id, and a pinned card survives a colliding answer', async () => {
    const h = llmHarness();
    h.checker.setText('I saw teh less people.');
    await h.advance(300);
    const localTeh = h.checker.getSuggestions().find((s) => s.original === 'teh');
    expect(localTeh).toBeDefined();
    h.checker.pin(localTeh?.id ?? null);
    // The model flags a larger span around the same word (it would normally win the merge).
    await h.answer({
      ok: true,
      results: [
        {
          hash: h.llm[0]?.paragraphs[0]?.hash as string,
          suggestions: [
            {
              start: 6,
              end: 14,
              original: 'teh less',
              replacement: 'the fewer',
              category: 'grammar',
              explanation: 'Both.',
              rule: 'llm:grammar',
              source: 'llm',
            },
          ],
        },
      ],
    });
    const shown = h.checker.getSuggestions();
    expect(shown.map((s) => s.id)).toContain(localTeh?.id);
    expect(shown.find((s) => s.id === localTeh?.id)).toBe(localTeh);
    // Unpinned, the larger fix wins as before.
    h.checker.pin(null);
    h.checker.setText('I saw teh less people!');
    h.checker.setText('I saw teh less people.');
    await h.advance(300);
    expect(h.checker.getSuggestions().map((s) => s.original)).toEqual(['teh less']);
  });

  it('a refused accept that was taken back gets its suggestion back with the same id', async () => {
    const h = harness();
    // Found while typing: its id comes from the paragraph as it read then, and stays while typing goes on.
    typeInto(h.checker, 'I saw teh ');
    await h.reply();
    typeInto(h.checker, 'cat.');
    h.pause();
    await h.reply();
    const teh = h.checker.getSuggestions()[0];
    expect(teh?.original).toBe('teh');
    // The editor deletes the word instead of replacing it, then the exact text is put back.
    h.checker.setText('I saw  cat.');
    h.checker.setText('I saw teh cat.');
    expect(h.checker.getSuggestions()).toHaveLength(0);
    h.checker.reinstate(teh!);
    expect(h.checker.getSuggestions()).toEqual([teh]);
    // A check of the restored text keeps it (and its id): the card saying why stays on it.
    h.pause();
    await h.reply();
    expect(h.checker.getSuggestions().map((s) => s.id)).toEqual([teh?.id]);
    // Not where its text no longer stands.
    h.checker.setText('I saw the cat.');
    h.checker.reinstate(teh!);
    expect(h.checker.getSuggestions()).toHaveLength(0);
  });

  it('shows model suggestions as the reply streams, keeps their ids through the answer, drops them with a cancelled reply', async () => {
    const h = llmHarness();
    h.checker.setText('There were less people, less cars.');
    await h.advance(300);
    const [request] = h.llm;
    const hash = request!.paragraphs[0]!.hash;
    const less = (start: number): RawSuggestion => ({
      start,
      end: start + 4,
      original: 'less',
      replacement: 'fewer',
      category: 'grammar',
      explanation: 'Countable.',
      rule: 'llm:grammar',
      source: 'llm',
    });
    const models = () => h.checker.getSuggestions().filter((s) => s.source === 'llm');
    request!.partial([{ hash, suggestions: [less(11)] }]);
    expect(models().map((s) => s.start)).toEqual([11]);
    const first = models()[0];
    // Not cached: the answer is.
    request!.partial([{ hash, suggestions: [less(11), less(24)] }]);
    expect(models().map((s) => s.start)).toEqual([11, 24]);
    expect(models()[0]).toBe(first);
    request!.resolve({ ok: true, results: [{ hash, suggestions: [less(11), less(24)] }] });
    await h.advance(0);
    expect(models().map((s) => s.start)).toEqual([11, 24]);
    expect(models()[0]).toBe(first);

    // Edited: the new reply streams one suggestion, the other (remapped) stays shown meanwhile;
    // a reply cancelled by the next edit leaves nothing of what it streamed.
    h.checker.setText('There were less people, less cars!');
    await h.advance(300);
    const second = h.llm.at(-1)!;
    const hash2 = second.paragraphs[0]!.hash;
    second.partial([{ hash: hash2, suggestions: [less(11)] }]);
    expect(models().map((s) => s.start)).toEqual([11, 24]);
    h.checker.setText('There were less people, less cars!!');
    expect(second.cancelled).toBe(true);
    second.partial([{ hash: hash2, suggestions: [less(11), { ...less(24), replacement: 'FEWER' }] }]);
    expect(models().map((s) => s.replacement)).toEqual(['fewer', 'fewer']);
  });

  it('a streamed reply that then fails takes what it showed with it at once, pause or no pause', async () => {
    const h = llmHarness();
    h.checker.setText('There were less people.\n\nAnd more words here.');
    await h.advance(300);
    const request = h.llm.at(-1)!;
    const hash = request.paragraphs[0]!.hash;
    const models = () => h.checker.getSuggestions().filter((s) => s.source === 'llm');
    request.partial([{ hash, suggestions: flagLess(request.paragraphs[0]!.text) }]);
    expect(models()).toHaveLength(1);
    // Typing in the other paragraph starts a pause; this reply's paragraph still stands.
    h.checker.setText('There were less people.\n\nAnd more words here!');
    expect(request.cancelled).toBe(false);
    request.resolve({ ok: false, code: 'server-error', message: 'The model server failed.' });
    await h.advance(0);
    expect(models()).toHaveLength(0);
  });

  it('cancels a local check whose paragraphs all changed', async () => {
    const cancelled: string[] = [];
    let timers: (() => void)[] = [];
    const checker = new FieldChecker({
      debounceMs: 300,
      setTimeout: (callback) => (timers.push(callback), callback),
      clearTimeout: (handle) => (timers = timers.filter((t) => t !== handle)),
      checkLocal: (paragraphs) => ({
        result: new Promise<CheckResult>(() => {}),
        cancel: () => cancelled.push(paragraphs.map((p) => p.text).join('|')),
      }),
    });
    checker.setText('One teh.');
    timers.splice(0).forEach((t) => t());
    checker.setText('One the.');
    expect(cancelled).toEqual(['One teh.']);
  });
});
