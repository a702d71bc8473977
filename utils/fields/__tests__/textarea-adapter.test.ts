// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TextareaAdapter } from '../textarea-adapter';

let adapter: TextareaAdapter | null = null;

function textarea(value: string): HTMLTextAreaElement {
  const field = document.createElement('textarea');
  field.value = value;
  document.body.append(field);
  return field;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  document.body.replaceChildren();
});

afterEach(() => {
  adapter?.dispose();
  adapter = null;
  vi.useRealTimers();
});

describe('TextareaAdapter: onChange', () => {
  it('announces a burst of events once, and nothing when the value did not change', async () => {
    const field = textarea('one');
    adapter = new TextareaAdapter(field);
    const seen: string[] = [];
    adapter.onChange(() => seen.push(adapter?.getText() ?? ''));
    field.value = 'one two';
    field.dispatchEvent(new Event('input'));
    field.dispatchEvent(new Event('change'));
    await tick();
    field.dispatchEvent(new Event('input'));
    await tick();
    expect(seen).toEqual(['one two']);
  });

  it('notices a value set by a script while the field is in use', async () => {
    vi.useFakeTimers();
    const field = textarea('draft');
    adapter = new TextareaAdapter(field);
    const seen: string[] = [];
    adapter.onChange(() => seen.push(field.value));
    field.focus();
    field.value = '';
    await vi.advanceTimersByTimeAsync(400);
    expect(seen).toEqual(['']);
  });

  it('stops announcing after unsubscribe', async () => {
    const field = textarea('a');
    adapter = new TextareaAdapter(field);
    let calls = 0;
    const unsubscribe = adapter.onChange(() => calls++);
    unsubscribe();
    field.value = 'b';
    field.dispatchEvent(new Event('input'));
    await tick();
    expect(calls).toBe(0);
  });
});

describe('TextareaAdapter: replace', () => {
  it('refuses a stale span and changes nothing', () => {
    const field = textarea('Their going home.');
    adapter = new TextareaAdapter(field);
    const events: Event[] = [];
    field.addEventListener('input', (event) => events.push(event));
    expect(adapter.replace({ start: 0, end: 5 }, 'There', "They're")).toEqual({ ok: false, reason: 'stale' });
    expect(adapter.replace({ start: 12, end: 40 }, 'home.', 'home')).toEqual({ ok: false, reason: 'stale' });
    expect(field.value).toBe('Their going home.');
    expect(events).toEqual([]);
  });

  it('falls back to the native setter and an input event where the editing command is missing', () => {
    // happy-dom has no execCommand: the fallback path is what runs here.
    const field = textarea('Their going home.');
    adapter = new TextareaAdapter(field);
    const events: string[] = [];
    field.addEventListener('input', (event) => events.push((event as InputEvent).inputType));
    expect(adapter.replace({ start: 0, end: 5 }, 'Their', "They're")).toEqual({ ok: true });
    expect(field.value).toBe("They're going home.");
    expect(events).toEqual(['insertReplacementText']);
    expect(field.selectionStart).toBe(7);
  });

  it('leaves the field alone when the page cancels beforeinput', () => {
    const field = textarea('Their going home.');
    adapter = new TextareaAdapter(field);
    field.addEventListener('beforeinput', (event) => event.preventDefault());
    expect(adapter.replace({ start: 0, end: 5 }, 'Their', "They're")).toEqual({
      ok: false,
      reason: 'failed',
    });
    expect(field.value).toBe('Their going home.');
  });

  it('reports a detached field', () => {
    const field = textarea('Their going home.');
    adapter = new TextareaAdapter(field);
    field.remove();
    expect(adapter.replace({ start: 0, end: 5 }, 'Their', "They're")).toEqual({
      ok: false,
      reason: 'detached',
    });
  });
});
