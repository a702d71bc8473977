// @vitest-environment happy-dom
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { ContentEditableAdapter } from '../contenteditable-adapter';
import { buildTextModel, cachingStyleReader, computedTextStyle, type StyleReader } from '../text-model';

/** Builds an editor from fixture markup (written here; nothing comes from a page or a model). */
function editor(markup: string): HTMLElement {
  const root = document.createElement('div');
  root.contentEditable = 'true';
  root.append(...new DOMParser().parseFromString(markup, 'text/html').body.childNodes);
  document.body.append(root);
  return root;
}

const read = (markup: string, styleOf: StyleReader = computedTextStyle) =>
  buildTextModel(editor(markup), styleOf).text;

beforeEach(() => {
  document.body.replaceChildren();
});

describe('TextModel: the text a person reads', () => {
  it.each([
    ['paragraphs', '<p>One.</p><p>Two.</p>', 'One.\nTwo.'],
    ['a <br> inside a block', '<p>line<br>next</p>', 'line\nnext'],
    ['a <br> that ends a block adds nothing', '<p>text<br></p><p>next</p>', 'text\nnext'],
    ['an empty line is an empty line', '<div>a</div><div><br></div><div>b</div>', 'a\n\nb'],
    ['two <br> make an empty line', 'one<br><br>three', 'one\n\nthree'],
    ['an empty editor', '<div><br></div>', ''],
    ['nested lists', '<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>', 'a\nb\nc'],
    ['inline elements join', '<p>wr<b>on</b>g and <i>right</i></p>', 'wrong and right'],
    ['source indentation collapses', '<div>\n  <p>\n    Hello\n    world  </p>\n</div>', 'Hello world'],
    ['nbsp reads as a space, and is kept', '<p>a&nbsp; b&nbsp;</p>', 'a  b '],
    ['display:none is skipped', '<p>Shown<span style="display:none"> hidden</span> text</p>', 'Shown text'],
    ['hidden blocks leave no empty line', '<p>a</p><p style="display:none">b</p><p>c</p>', 'a\nc'],
    ['scripts and styles are not text', '<p>a<script>x()</script><style>p{}</style>b</p>', 'ab'],
  ])('%s', (_name, markup, text) => {
    expect(read(markup)).toBe(text);
  });

  it('keeps spaces and newlines where white-space preserves them', () => {
    const styleOf: StyleReader = (element) => ({
      ...computedTextStyle(element),
      whiteSpace: element.localName === 'pre' ? 'preserve' : 'collapse',
    });
    expect(read('<p>a   b</p><pre>  keep   this\nand this</pre>', styleOf)).toBe(
      'a b\n  keep   this\nand this',
    );
  });

  it('asks a caching reader once per element', () => {
    const asked: string[] = [];
    const cache = new WeakMap();
    const styleOf = cachingStyleReader(cache, (element) => {
      asked.push(element.localName);
      return computedTextStyle(element);
    });
    const root = editor('<p>a <b>b</b></p><p>c</p>');
    buildTextModel(root, styleOf);
    buildTextModel(root, styleOf);
    // The root is not asked: no text sits directly in it.
    expect(asked.sort()).toEqual(['b', 'p', 'p']);
  });
});

describe('TextModel: offsets and DOM positions', () => {
  it('maps offsets to text nodes and back, across inline elements', () => {
    const root = editor('<p>wr<b>on</b>g</p><p>next</p>');
    const model = buildTextModel(root, computedTextStyle);
    const bold = root.querySelector('b')?.firstChild;
    expect(model.offsetToDomPosition(2, 'forward')).toEqual({ node: bold, offset: 0 });
    expect(model.offsetToDomPosition(2, 'backward')).toEqual({
      node: root.querySelector('p')?.firstChild,
      offset: 2,
    });
    expect(model.domPositionToOffset(bold as Node, 1)).toBe(3);
    // The line break: forward is the next line's start, backward the previous line's end.
    expect(model.offsetToDomPosition(5, 'forward')).toEqual({
      node: root.querySelectorAll('p')[1]?.firstChild,
      offset: 0,
    });
    expect(model.offsetToDomPosition(5, 'backward')).toEqual({
      node: root.querySelector('p')?.lastChild,
      offset: 1,
    });
  });

  it('maps a collapsed run of white space to all of its characters', () => {
    const root = editor('<p>a   b</p>');
    const model = buildTextModel(root, computedTextStyle);
    expect(model.text).toBe('a b');
    expect(model.pieces({ start: 1, end: 2 })).toEqual([
      { node: root.querySelector('p')?.firstChild, start: 1, end: 4 },
    ]);
    expect(model.domPositionToOffset(root.querySelector('p')?.firstChild as Node, 4)).toBe(2);
  });

  it('places element positions between the lines they separate', () => {
    const root = editor('<p>abc</p><p>def</p>');
    const model = buildTextModel(root, computedTextStyle);
    const [first, second] = root.querySelectorAll('p');
    expect(model.domPositionToOffset(first as Node, 1)).toBe(3);
    expect(model.domPositionToOffset(second as Node, 0)).toBe(4);
    expect(model.domPositionToOffset(document.body, 0)).toBeNull();
  });

  it('round-trips every offset of random documents (property)', () => {
    const word = fc.constantFrom('a', 'bc', 'teh', ' ', '  ', '\n ', 'x\u00a0y');
    const inline: fc.Arbitrary<string> = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        word,
        fc.constant('<br>'),
        tie('node').map((inner) => `<b>${inner}</b>`),
        fc.array(tie('node'), { maxLength: 3 }).map((parts) => `<p>${parts.join('')}</p>`),
        fc.array(tie('node'), { maxLength: 3 }).map((parts) => parts.join('')),
      ),
    })).node;
    fc.assert(
      fc.property(fc.array(inline, { minLength: 1, maxLength: 5 }), (parts) => {
        document.body.replaceChildren();
        const root = editor(parts.join(''));
        const model = buildTextModel(root, computedTextStyle);
        const text = model.text;
        for (let offset = 0; offset <= text.length; offset++) {
          const forward = model.offsetToDomPosition(offset, 'forward');
          const backward = model.offsetToDomPosition(offset, 'backward');
          const back = model.domPositionToOffset(backward.node, backward.offset);
          const fwd = model.domPositionToOffset(forward.node, forward.offset);
          // Next to line breaks, forward lands after them and backward before them.
          if (text[offset] === '\n' || text[offset - 1] === '\n') {
            if (/[^\n]/.test(text.slice(offset))) {
              expect(fwd).toBeGreaterThanOrEqual(offset);
              expect(text.slice(offset, fwd ?? offset)).toMatch(/^\n*$/);
            }
            // (With no text before at all, backward can only land on the first text.)
            if (/[^\n]/.test(text.slice(0, offset))) {
              expect(back).toBeLessThanOrEqual(offset);
              expect(text.slice(back ?? offset, offset)).toMatch(/^\n*$/);
            }
          } else {
            expect(fwd).toBe(offset);
            expect(back).toBe(offset);
          }
        }
        // Pieces hold exactly the span's characters (no line breaks: those are not in any node).
        for (let start = 0; start < text.length; start++) {
          const span = { start, end: Math.min(text.length, start + 3) };
          const pieces = model.pieces(span);
          const covered = pieces.map((p) => collapse(p.node.data.slice(p.start, p.end))).join('');
          expect(covered).toBe(text.slice(span.start, span.end).replace(/\n/g, ''));
        }
      }),
      { numRuns: 200 },
    );
  });
});

/** A collapsed run of white space reads as one space; nbsp reads as a space. */
function collapse(data: string): string {
  return data.replace(/[ \t\n\r\f]+/g, ' ').replace(/\u00a0/g, ' ');
}

describe('ContentEditableAdapter', () => {
  it('reads the text again after the DOM changes, and says so once per change', async () => {
    const root = editor('<p>Hello world</p>');
    const adapter = new ContentEditableAdapter(root);
    let calls = 0;
    adapter.onChange(() => calls++);
    expect(adapter.getText()).toBe('Hello world');
    const text = root.querySelector('p')?.firstChild as Text;
    text.data = 'Hello there';
    text.appendData('!');
    // The text is right even before the observer reports the mutation.
    expect(adapter.getText()).toBe('Hello there!');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls).toBe(1);
    adapter.dispose();
  });

  it('refuses a stale or out-of-range span and changes nothing', () => {
    const root = editor('<p>Their going home.</p>');
    const adapter = new ContentEditableAdapter(root);
    const markup = root.querySelector('p')?.textContent;
    expect(adapter.replace({ start: 0, end: 5 }, 'There', "They're")).toEqual({ ok: false, reason: 'stale' });
    expect(adapter.replace({ start: 10, end: 99 }, 'home.', 'home')).toEqual({ ok: false, reason: 'stale' });
    expect(root.querySelector('p')?.textContent).toBe(markup);
  });

  it('reports a detached editor', () => {
    const root = editor('<p>Their going home.</p>');
    const adapter = new ContentEditableAdapter(root);
    root.remove();
    expect(adapter.replace({ start: 0, end: 5 }, 'Their', "They're")).toEqual({
      ok: false,
      reason: 'detached',
    });
  });
});
