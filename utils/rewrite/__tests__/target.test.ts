// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_REWRITE_CHARS } from '../limits';
import { captureSelection } from '../selection';
import { resolveTarget, type RewriteTarget } from '../target';

const SENTENCE = 'hey can u send me the report';

beforeEach(() => {
  document.getSelection()?.removeAllRanges();
  (document.activeElement as HTMLElement | null)?.blur();
  document.body.replaceChildren();
});

function textarea(value: string): HTMLTextAreaElement {
  const field = document.createElement('textarea');
  field.value = value;
  document.body.append(field);
  return field;
}

function selectIn(node: Node, start: number, end: number) {
  const range = document.createRange();
  range.setStart(node, start);
  range.setEnd(node, end);
  const selection = document.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}

function expectOk(target: RewriteTarget) {
  if (!target.ok) throw new Error(`refused: ${target.message}`);
  return target;
}

describe('capturing and reading the selection', () => {
  it('a textarea: the selected part of its value, where Replace can put the result', () => {
    const field = textarea(`Intro. ${SENTENCE} Thanks.`);
    field.focus();
    field.setSelectionRange(7, 7 + SENTENCE.length);
    const target = expectOk(resolveTarget(captureSelection(document)));
    expect(target.text).toBe(SENTENCE);
    expect(target.edit?.span).toEqual({ start: 7, end: 7 + SENTENCE.length });
    expect(target.edit?.adapter.element).toBe(field);
  });

  it('a textarea with nothing selected is rewritten whole', () => {
    const field = textarea(SENTENCE);
    field.focus();
    field.setSelectionRange(3, 3);
    const target = expectOk(resolveTarget(captureSelection(document)));
    expect(target.text).toBe(SENTENCE);
    expect(target.edit?.span).toEqual({ start: 0, end: SENTENCE.length });
  });

  it('a contenteditable: offsets in the text the adapter reads, across blocks', () => {
    const root = document.createElement('div');
    root.contentEditable = 'true';
    const first = document.createElement('p');
    first.textContent = 'First paragraph.';
    const second = document.createElement('p');
    second.textContent = `Then ${SENTENCE}.`;
    root.append(first, second);
    document.body.append(root);
    root.focus();
    const text = second.firstChild as Text;
    selectIn(text, 5, 5 + SENTENCE.length);
    const target = expectOk(resolveTarget(captureSelection(document)));
    expect(target.text).toBe(SENTENCE);
    const start = 'First paragraph.\nThen '.length;
    expect(target.edit?.span).toEqual({ start, end: start + SENTENCE.length });
    expect(target.edit?.adapter.getText().slice(start, start + SENTENCE.length)).toBe(SENTENCE);
  });

  it('page text: the selected text, and no field to replace in (Copy only)', () => {
    const p = document.createElement('p');
    p.textContent = `Read this: ${SENTENCE}.`;
    document.body.append(p);
    selectIn(p.firstChild as Text, 11, 11 + SENTENCE.length);
    const target = expectOk(resolveTarget(captureSelection(document)));
    expect(target.text).toBe(SENTENCE);
    expect(target.edit).toBeNull();
  });

  it('refuses nothing selected, fields Redline never reads, and selections too long to send', () => {
    expect(resolveTarget(captureSelection(document))).toMatchObject({
      ok: false,
      message: /Select the text/,
    });

    const secret = textarea(SENTENCE);
    secret.setAttribute('data-redline', 'off');
    secret.focus();
    secret.select();
    expect(resolveTarget(captureSelection(document))).toMatchObject({ ok: false, message: /does not read/ });

    const long = textarea('word '.repeat(MAX_REWRITE_CHARS / 4));
    long.focus();
    long.select();
    expect(resolveTarget(captureSelection(document))).toMatchObject({ ok: false, message: /too long/ });
  });
});
