// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { ContentEditableAdapter } from '../contenteditable-adapter';
import { createAdapter } from '../create-adapter';
import { RichEditorAdapter } from '../rich-editor-adapter';
import { detectRichEditor } from '../rich-editors';
import { buildTextModel, computedTextStyle } from '../text-model';

/** An editor root from fixture markup (written here; the roots are copied from each editor's DOM). */
function root(markup: string): HTMLElement {
  const doc = new DOMParser().parseFromString(markup, 'text/html');
  const element = doc.body.firstElementChild as HTMLElement;
  document.body.append(document.adoptNode(element));
  return element;
}

beforeEach(() => {
  document.body.replaceChildren();
});

describe('detectRichEditor', () => {
  it.each([
    ['prosemirror', '<div class="tiptap ProseMirror" contenteditable="true"><p>a</p></div>'],
    ['lexical', '<div contenteditable="true" data-lexical-editor="true"><p><span>a</span></p></div>'],
    ['quill', '<div class="ql-editor" contenteditable="true"><p>a</p></div>'],
    ['slate', '<div data-slate-editor="true" data-slate-node="value" contenteditable="true"></div>'],
    ['ckeditor', '<div class="ck ck-content ck-editor__editable" contenteditable="true"><p>a</p></div>'],
    ['draft', '<div class="notranslate public-DraftEditor-content" contenteditable="true"></div>'],
  ])('knows %s by its root, and gives it the rich editor adapter', (kind, markup) => {
    const element = root(markup);
    expect(detectRichEditor(element)?.kind).toBe(kind);
    const adapter = createAdapter(element);
    expect(adapter).toBeInstanceOf(RichEditorAdapter);
    expect((adapter as RichEditorAdapter).editor.kind).toBe(kind);
    adapter.dispose();
  });

  it('leaves any other contenteditable to the plain adapter', () => {
    const element = root('<div class="editor" contenteditable="true"><p>a</p></div>');
    expect(detectRichEditor(element)).toBeNull();
    const adapter = createAdapter(element);
    expect(adapter).toBeInstanceOf(ContentEditableAdapter);
    expect(adapter).not.toBeInstanceOf(RichEditorAdapter);
    adapter.dispose();
  });
});

describe("Rich editors' DOM reads as the text a person sees", () => {
  const read = (markup: string) => buildTextModel(root(markup), computedTextStyle).text;

  it.each([
    [
      "Slate's empty line (a zero-width leaf)",
      '<div data-slate-editor="true"><div><span><span><span data-slate-string="true">One.</span></span></span></div>' +
        '<div><span><span><span data-slate-zero-width="n" data-slate-length="0">\ufeff<br></span></span></span></div>' +
        '<div><span><span><span data-slate-string="true">Two.</span></span></span></div></div>',
      'One.\n\nTwo.',
    ],
    [
      "CKEditor's inline filler before typed text",
      '<div class="ck-editor__editable"><p>\u200b\u200b\u200b\u200b\u200b\u200b\u200bHe don\'t.</p></div>',
      "He don't.",
    ],
    [
      "Quill's cursor inside a word",
      '<div class="ql-editor"><p>wr<span class="ql-cursor">\ufeff</span>ong</p></div>',
      'wrong',
    ],
    [
      "ProseMirror's trailing break in an empty paragraph",
      '<div class="ProseMirror"><p>a</p><p><br class="ProseMirror-trailingBreak"></p><p>b</p></div>',
      'a\n\nb',
    ],
    [
      "Draft.js's empty block",
      '<div class="public-DraftEditor-content"><div data-contents="true">' +
        '<div data-block="true"><div><span><span data-text="true">a</span></span></div></div>' +
        '<div data-block="true"><div><span><br data-text="true"></span></div></div>' +
        '<div data-block="true"><div><span><span data-text="true">b</span></span></div></div></div></div>',
      'a\n\nb',
    ],
  ])('%s', (_name, markup, text) => {
    expect(read(markup)).toBe(text);
  });

  it('maps offsets around filler characters to the characters a person wrote', () => {
    const element = root('<div class="ck-editor__editable"><p>ab\u200b\u200bcd</p></div>');
    const model = buildTextModel(element, computedTextStyle);
    expect(model.text).toBe('abcd');
    const node = element.querySelector('p')?.firstChild as Text;
    expect(model.pieces({ start: 1, end: 3 })).toEqual([
      { node, start: 1, end: 2 },
      { node, start: 4, end: 5 },
    ]);
    expect(model.domPositionToOffset(node, 5)).toBe(3);
  });
});

describe('RichEditorAdapter.replace', () => {
  it('refuses a stale span and changes nothing', () => {
    const element = root('<div class="ql-editor" contenteditable="true"><p>He don\'t like it.</p></div>');
    const adapter = createAdapter(element);
    expect(adapter.replace({ start: 3, end: 8 }, 'won’t', "doesn't")).toEqual({ ok: false, reason: 'stale' });
    expect(adapter.getText()).toBe("He don't like it.");
    adapter.dispose();
  });

  /**
   * A CKEditor-like root whose editor handles `beforeinput` itself: the first edit it is asked for,
   * it only deletes the selected text (what CKEditor 5 did in Firefox), later ones as asked unless
   * `alwaysWrong`. It has no history, so undo cannot help: the text must be put back by hand.
   */
  function wrongEditor(alwaysWrong: boolean) {
    // happy-dom has no StaticRange; the adapter only hands it to the editor, which reads the selection.
    (globalThis as { StaticRange?: unknown }).StaticRange ??= class {
      constructor(init: StaticRangeInit) {
        Object.assign(this, init);
      }
    };
    const element = root(
      '<div class="ck ck-content ck-editor__editable" contenteditable="true"><p>He ate a apple.</p></div>',
    );
    let edits = 0;
    element.addEventListener('beforeinput', (event) => {
      const input = event as InputEvent;
      if (input.inputType === 'historyUndo') return;
      event.preventDefault();
      const range = document.getSelection()?.getRangeAt(0);
      if (!range) return;
      const text = input.dataTransfer?.getData('text/plain') ?? input.data ?? '';
      range.deleteContents();
      if (edits++ === 0 || alwaysWrong) return;
      range.insertNode(document.createTextNode(text));
      element.normalize();
    });
    return element;
  }

  it('an editor that damages the text has it put back exactly, and the accept is refused', async () => {
    const adapter = createAdapter(wrongEditor(false));
    const outcome = adapter.replace({ start: 7, end: 8 }, 'a', 'an');
    expect(outcome.ok).toBe('pending');
    const result = outcome.ok === 'pending' ? await outcome.settled : outcome;
    expect(result).toEqual({ ok: false, reason: 'failed' });
    expect(adapter.getText()).toBe('He ate a apple.');
    adapter.dispose();
  });

  it('says the text was damaged when it could not be put back, never that nothing changed', async () => {
    const adapter = createAdapter(wrongEditor(true));
    const outcome = adapter.replace({ start: 7, end: 8 }, 'a', 'an');
    const result = outcome.ok === 'pending' ? await outcome.settled : outcome;
    expect(result).toEqual({ ok: false, reason: 'damaged' });
    adapter.dispose();
  });
});
