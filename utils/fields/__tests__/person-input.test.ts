// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { PersonInput, tracePersonInput } from '../person-input';

/**
 * happy-dom marks every dispatched event untrusted, as browsers do for a page's `dispatchEvent`.
 * A person's event is simulated by overriding `isTrusted` on the instance.
 */
function personEvent<E extends Event>(event: E): E {
  Object.defineProperty(event, 'isTrusted', { value: true });
  return event;
}

function setup(markup: string): HTMLElement {
  // Parsing markup is the readable way to build a fixture; nothing here comes from a page or a model.
  document.body.replaceChildren(...new DOMParser().parseFromString(markup, 'text/html').body.childNodes);
  return document.body;
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('PersonInput', () => {
  it('is engaged by a person’s touch only, and only once', () => {
    const body = setup('<textarea id="f"></textarea>');
    const field = body.querySelector('#f') as HTMLTextAreaElement;
    let engaged = 0;
    const person = new PersonInput(field, new AbortController().signal, () => engaged++);
    field.dispatchEvent(new MouseEvent('pointerdown', { bubbles: true }));
    field.click();
    field.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
    expect(person.engaged).toBe(false);
    field.dispatchEvent(personEvent(new MouseEvent('pointerdown', { bubbles: true })));
    field.dispatchEvent(personEvent(new MouseEvent('click', { bubbles: true })));
    expect(person.engaged).toBe(true);
    expect(engaged).toBe(1);
  });

  it('counts a change as the person’s within a second of their writing, never for a script’s input', () => {
    const body = setup('<textarea id="f"></textarea>');
    const field = body.querySelector('#f') as HTMLTextAreaElement;
    let now = 1_000;
    const person = new PersonInput(
      field,
      new AbortController().signal,
      () => undefined,
      () => now,
    );
    field.dispatchEvent(new InputEvent('input', { bubbles: true }));
    expect(person.wroteRecently()).toBe(false);
    field.dispatchEvent(personEvent(new InputEvent('beforeinput', { bubbles: true })));
    now += 900;
    expect(person.wroteRecently()).toBe(true);
    now += 200;
    expect(person.wroteRecently()).toBe(false);
  });

  it('stops listening when its signal aborts', () => {
    const body = setup('<textarea id="f"></textarea>');
    const field = body.querySelector('#f') as HTMLTextAreaElement;
    const life = new AbortController();
    const person = new PersonInput(field, life.signal, () => undefined);
    life.abort();
    field.dispatchEvent(personEvent(new MouseEvent('pointerdown', { bubbles: true })));
    expect(person.engaged).toBe(false);
  });
});

describe('tracePersonInput', () => {
  it('keeps what a person did in a field before it was attached, and hands it over', () => {
    const body = setup('<textarea id="f"></textarea><textarea id="g"></textarea>');
    const field = body.querySelector('#f') as HTMLTextAreaElement;
    const other = body.querySelector('#g') as HTMLTextAreaElement;
    let now = 5_000;
    const trace = tracePersonInput(document, new AbortController().signal, () => now);
    field.dispatchEvent(personEvent(new MouseEvent('pointerdown', { bubbles: true, composed: true })));
    field.dispatchEvent(personEvent(new InputEvent('input', { bubbles: true, composed: true })));
    other.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    expect(trace.of(field)).toEqual({ touched: true, wroteAt: 5_000 });
    expect(trace.of(other)).toBeUndefined();

    now = 5_500;
    const person = new PersonInput(
      field,
      new AbortController().signal,
      () => undefined,
      () => now,
      trace.of(field),
    );
    expect(person.engaged).toBe(true);
    expect(person.wroteRecently()).toBe(true);
  });

  it('finds the outermost editable element of a rich editor, not the node the key landed in', () => {
    const body = setup('<div id="editor" contenteditable="true"><p><strong id="bold">Hi</strong></p></div>');
    const editor = body.querySelector('#editor') as HTMLElement;
    const bold = body.querySelector('#bold') as HTMLElement;
    const trace = tracePersonInput(document, new AbortController().signal);
    bold.dispatchEvent(
      personEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true, composed: true })),
    );
    expect(trace.of(editor)?.touched).toBe(true);
    expect(trace.of(bold)).toBeUndefined();
  });
});
