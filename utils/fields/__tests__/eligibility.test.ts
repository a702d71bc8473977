// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  editableRoot,
  fieldFromEvent,
  ineligibleReason,
  modelRefusal,
  type EditableField,
} from '../eligibility';
import { hiddenReason } from '../presence';

/** Builds markup in the page and returns the element marked `data-testid="field"`. */
function field<T extends EditableField = HTMLElement>(markup: string): T {
  const host = document.createElement('div');
  // Parsing markup is the readable way to build a fixture; nothing here comes from a page or a model.
  host.append(...new DOMParser().parseFromString(markup, 'text/html').body.childNodes);
  document.body.append(host);
  const found = host.querySelector('[data-testid="field"]');
  if (!found) throw new Error('the fixture has no data-testid="field"');
  return found as T;
}

beforeEach(() => {
  fakeBrowser.reset();
  document.body.replaceChildren();
});

describe('ineligibleReason: fields Redline checks', () => {
  it.each(['text', 'search'])('checks an input of type %s', (type) => {
    expect(ineligibleReason(field(`<input type="${type}" data-testid="field">`))).toBeNull();
  });

  it('checks an input with no type (a text input)', () => {
    expect(ineligibleReason(field('<input data-testid="field">'))).toBeNull();
  });

  it('checks a textarea', () => {
    expect(ineligibleReason(field('<textarea data-testid="field"></textarea>'))).toBeNull();
  });

  it('checks a contenteditable element', () => {
    expect(
      ineligibleReason(field('<div contenteditable="true" data-testid="field"><p>Hi</p></div>')),
    ).toBeNull();
  });

  it('checks a plaintext-only contenteditable element', () => {
    expect(
      ineligibleReason(field('<div contenteditable="plaintext-only" data-testid="field"></div>')),
    ).toBeNull();
  });

  it('checks a field with an ordinary autocomplete hint', () => {
    expect(ineligibleReason(field('<input autocomplete="email" data-testid="field">'))).toBeNull();
    expect(
      ineligibleReason(field('<textarea autocomplete="off" data-testid="field"></textarea>')),
    ).toBeNull();
  });

  it('checks a field inside an element that opts back in (data-gramm="true")', () => {
    expect(
      ineligibleReason(field('<div data-gramm="true"><textarea data-testid="field"></textarea></div>')),
    ).toBeNull();
  });
});

describe('ineligibleReason: fields Redline never reads', () => {
  it('refuses a password field', () => {
    expect(ineligibleReason(field('<input type="password" data-testid="field">'))).toBe('password');
  });

  it.each(['number', 'date', 'checkbox', 'hidden', 'tel', 'email', 'url'])(
    'refuses an input of type %s',
    (type) => {
      expect(ineligibleReason(field(`<input type="${type}" data-testid="field">`))).toBe(
        `input type ${type}`,
      );
    },
  );

  it.each(['cc-number', 'cc-csc', 'one-time-code', 'new-password', 'current-password', 'billing cc-exp'])(
    'refuses a field whose autocomplete is %s',
    (autocomplete) => {
      const input = field(`<input type="text" autocomplete="${autocomplete}" data-testid="field">`);
      expect(ineligibleReason(input)).toBe('secret autocomplete');
    },
  );

  it('refuses a textarea whose autocomplete marks a secret', () => {
    expect(
      ineligibleReason(field('<textarea autocomplete="one-time-code" data-testid="field"></textarea>')),
    ).toBe('secret autocomplete');
  });

  it('refuses a read-only field', () => {
    expect(ineligibleReason(field('<textarea readonly data-testid="field"></textarea>'))).toBe('read-only');
  });

  it('refuses a disabled field', () => {
    expect(ineligibleReason(field('<input disabled data-testid="field">'))).toBe('read-only');
  });

  it('refuses an element that is not editable', () => {
    expect(ineligibleReason(field('<div data-testid="field">Just text</div>'))).toBe('not editable');
    expect(ineligibleReason(field('<div contenteditable="false" data-testid="field"></div>'))).toBe(
      'not editable',
    );
  });

  it.each([
    [
      'data-gramm="false"',
      '<form data-gramm="false"><div><textarea data-testid="field"></textarea></div></form>',
    ],
    [
      'data-enable-grammarly="false"',
      '<section data-enable-grammarly="false"><input data-testid="field"></section>',
    ],
    [
      'data-redline="off"',
      '<div data-redline="off"><div contenteditable="true" data-testid="field"></div></div>',
    ],
    [
      'data-redline="off" on the field itself',
      '<textarea data-redline="off" data-testid="field"></textarea>',
    ],
  ])('honours the opt-out %s', (_label, markup) => {
    expect(ineligibleReason(field(markup))).toBe('opted out');
  });

  it('refuses the editable part of a CodeMirror editor', () => {
    const code = field(
      '<div class="cm-editor"><div class="cm-scroller"><div class="cm-content" contenteditable="true" data-testid="field"></div></div></div>',
    );
    expect(ineligibleReason(code)).toBe('code editor');
  });

  it.each(['CodeMirror', 'monaco-editor', 'ace_editor'])(
    'refuses a textarea inside a .%s editor',
    (className) => {
      expect(
        ineligibleReason(field(`<div class="${className}"><textarea data-testid="field"></textarea></div>`)),
      ).toBe('code editor');
    },
  );

  it('sees an opt-out on the host of the shadow root a field lives in', () => {
    const optOut = field<HTMLElement>('<div data-gramm="false"><div data-testid="field"></div></div>');
    const shadow = optOut.attachShadow({ mode: 'open' });
    const textarea = document.createElement('textarea');
    shadow.append(textarea);
    expect(ineligibleReason(textarea)).toBe('opted out');
  });

  it('sees an opt-out through nested shadow roots', () => {
    const outerHost = field<HTMLElement>('<div data-redline="off"><div data-testid="field"></div></div>');
    const innerHost = document.createElement('div');
    outerHost.attachShadow({ mode: 'open' }).append(innerHost);
    const editor = document.createElement('div');
    editor.contentEditable = 'true';
    innerHost.attachShadow({ mode: 'closed' }).append(editor);
    expect(ineligibleReason(editor)).toBe('opted out');
  });

  it('checks a field in a shadow root whose host has no opt-out', () => {
    const host = field<HTMLElement>('<div><div data-testid="field"></div></div>');
    const input = document.createElement('input');
    host.attachShadow({ mode: 'open' }).append(input);
    expect(ineligibleReason(input)).toBeNull();
  });
});

describe('editableRoot', () => {
  it('returns an input or textarea itself', () => {
    const input = field<HTMLInputElement>('<input data-testid="field">');
    expect(editableRoot(input)).toBe(input);
    const textarea = field<HTMLTextAreaElement>('<textarea data-testid="field"></textarea>');
    expect(editableRoot(textarea)).toBe(textarea);
  });

  it('returns the outermost contenteditable for a node deep inside it', () => {
    const root = field('<div contenteditable="true" data-testid="field"><p><b id="deep">Hi</b></p></div>');
    const deep = root.querySelector('#deep');
    expect(deep && editableRoot(deep)).toBe(root);
  });

  it('stops at the editable root, not at an editable ancestor it is not part of', () => {
    const root = field(
      '<div contenteditable="true"><div contenteditable="false"><div contenteditable="true" data-testid="field"><span id="inner">x</span></div></div></div>',
    );
    const inner = root.querySelector('#inner');
    expect(inner && editableRoot(inner)).toBe(root);
  });

  it('returns null for an element that is not editable', () => {
    expect(editableRoot(field('<div data-testid="field"><span>text</span></div>'))).toBeNull();
  });
});

describe('fieldFromEvent', () => {
  it('finds the field a focus landed in through an open shadow root', () => {
    const host = field<HTMLElement>('<div data-testid="field"></div>');
    const textarea = document.createElement('textarea');
    host.attachShadow({ mode: 'open' }).append(textarea);
    let found: EditableField | null = null;
    document.addEventListener('focusin', (event) => (found = fieldFromEvent(event)), { once: true });
    textarea.dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true }));
    expect(found).toBe(textarea);
  });
});

describe('secrets stay secret', () => {
  it.each([
    ['name="password"', '<input type="text" name="password" data-testid="field">'],
    ['id="user-pwd"', '<input type="text" id="user-pwd" data-testid="field">'],
    ['name="otp_code"', '<input name="otp_code" data-testid="field">'],
    ['name="apiToken"', '<input name="apiToken" data-testid="field">'],
    ['name="iban"', '<input name="iban" data-testid="field">'],
    ['id="card-cvc"', '<input id="card-cvc" data-testid="field">'],
    ['name="ssn"', '<input name="ssn" data-testid="field">'],
    ['aria-label="Security code"', '<input aria-label="Security code" data-testid="field">'],
    ['name="creditCardNumber"', '<input name="creditCardNumber" data-testid="field">'],
  ])('refuses a field whose %s says it holds a secret', (_label, markup) => {
    expect(ineligibleReason(field(markup))).toBe('secret name');
  });

  it.each(['comment', 'message', 'bypass-note', 'tokenizer-notes', 'passage', 'spinner'])(
    'checks a field named %s (not a secret)',
    (name) => {
      expect(ineligibleReason(field(`<textarea name="${name}" data-testid="field"></textarea>`))).toBeNull();
    },
  );

  it('a field that was ever a password stays refused when the page reveals it as text', () => {
    const sensitive = new WeakSet<Element>();
    const input = field<HTMLInputElement>('<input type="password" data-testid="field">');
    expect(ineligibleReason(input, sensitive)).toBe('password');
    // The page's "Show" toggle: type=text, no autocomplete, no telling name.
    input.type = 'text';
    expect(ineligibleReason(input)).toBeNull();
    expect(ineligibleReason(input, sensitive)).toBe('was a secret');
  });
});

describe('modelRefusal: local checks only', () => {
  it('keeps search boxes and fields the page switched spell checking off in away from the model', () => {
    expect(modelRefusal(field('<input type="search" data-testid="field">'))).toBe('search field');
    expect(modelRefusal(field('<textarea spellcheck="false" data-testid="field"></textarea>'))).toBe(
      'spellcheck off',
    );
    expect(
      modelRefusal(
        field('<div spellcheck="false"><div contenteditable="true" data-testid="field"></div></div>'),
      ),
    ).toBe('spellcheck off');
  });

  it('lets ordinary fields, and rich editors that switch the browser’s checker off themselves, go to the model', () => {
    expect(modelRefusal(field('<textarea data-testid="field"></textarea>'))).toBeNull();
    expect(modelRefusal(field('<textarea spellcheck="true" data-testid="field"></textarea>'))).toBeNull();
    expect(
      modelRefusal(
        field(
          '<div class="public-DraftEditor-content" contenteditable="true" spellcheck="false" data-testid="field"></div>',
        ),
      ),
    ).toBeNull();
  });
});

describe('hiddenReason: fields nobody can see get nothing', () => {
  const box = (element: Element, width: number, height: number, left = 10, top = 10) => {
    element.getBoundingClientRect = () => new DOMRect(left, top, width, height);
  };

  it('sees an ordinary field', () => {
    const textarea = field('<textarea data-testid="field"></textarea>');
    box(textarea, 300, 80);
    expect(hiddenReason(textarea)).toBeNull();
  });

  it('refuses a tiny field (a 4 px textarea a page writes into)', () => {
    const textarea = field('<textarea data-testid="field"></textarea>');
    box(textarea, 4, 4);
    expect(hiddenReason(textarea)).toBe('too small');
  });

  it('refuses a nearly transparent field, or one inside a transparent container', () => {
    const faint = field('<textarea style="opacity: 0.05" data-testid="field"></textarea>');
    box(faint, 300, 80);
    expect(hiddenReason(faint)).toBe('transparent');
    const inside = field(
      '<div style="opacity: 0.2"><div style="opacity: 0.3"><textarea data-testid="field"></textarea></div></div>',
    );
    box(inside, 300, 80);
    expect(hiddenReason(inside)).toBe('transparent');
  });

  it('refuses an invisible field and one moved off screen', () => {
    const invisible = field('<textarea style="visibility: hidden" data-testid="field"></textarea>');
    box(invisible, 300, 80);
    expect(hiddenReason(invisible)).toBe('invisible');
    const away = field('<textarea data-testid="field"></textarea>');
    box(away, 300, 80, -10_000, 10);
    expect(hiddenReason(away)).toBe('off screen');
  });
});
