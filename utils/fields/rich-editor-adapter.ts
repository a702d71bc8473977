import { diffText } from '../text/diff';
import type { PendingReplace, ReplaceResult, Span } from './adapter';
import { ContentEditableAdapter } from './contenteditable-adapter';
import type { EditPath, RichEditor } from './rich-editors';

/** How long an editor that took an edit may take to draw it (React renders a task or two later). */
const SETTLE_TIMEOUT_MS = 1_000;
/** How often a pending edit reads the field again (a few reads per accept, never while typing). */
const SETTLE_POLL_MS = 50;

/**
 * Whether a DataTransfer made here is unreadable to the page (Firefox content scripts, whose
 * objects the page sees through a wrapper: `getData` answers ""). Firefox gives content scripts
 * `cloneInto`; Chromium does not.
 */
const CONTENT_DATA_HIDDEN = typeof (globalThis as { cloneInto?: unknown }).cloneInto === 'function';

/**
 * A rich editor's contenteditable root (see `RICH_EDITORS`). Text and geometry are read from the
 * DOM as for any contenteditable, again after each re-render; edits go through the path the editor
 * honours, and count only when the field then reads exactly as expected. An edit that left anything
 * else is taken back with the editor's own undo.
 */
export class RichEditorAdapter extends ContentEditableAdapter {
  constructor(
    element: HTMLElement,
    readonly editor: RichEditor,
  ) {
    super(element);
  }

  override replace(span: Span, expected: string, text: string): ReplaceResult | PendingReplace {
    const plan = this.planReplace(span, expected, text);
    if ('ok' in plan) return plan;
    const { before, after, range } = plan;
    const [first, ...others] = this.editor.paths;
    if (!first) return { ok: false, reason: 'failed' };
    const taken = this.sendSelected(first, range, text);
    const now = this.getText();
    if (now === after && !this.editor.rendersLater) return { ok: true };
    return { ok: 'pending', settled: this.follow(span, text, before, after, taken, others) };
  }

  /**
   * After an edit was sent: waits for it to be drawn (an editor may apply it in its own update, a
   * moment later: Lexical in Firefox, Slate, Draft.js); if the text is still the old one, tries the
   * editor's next path; if it is anything but the old or the expected text, takes it back.
   */
  private async follow(
    span: Span,
    text: string,
    before: string,
    after: string,
    taken: boolean,
    others: readonly EditPath[],
  ): Promise<ReplaceResult> {
    let sentTaken = taken;
    for (const next of [...others, null]) {
      const now = await this.changedFrom(before, sentTaken || this.editor.rendersLater === true);
      if (now === after) return this.settle(before, after);
      if (now !== before) return this.takeBack(before);
      if (!next) break;
      // Nothing happened: the next path, on a freshly planned range (the editor may have redrawn).
      const plan = this.planReplace(span, before.slice(span.start, span.end), text);
      if ('ok' in plan) return plan.ok ? { ok: false, reason: 'failed' } : plan;
      sentTaken = this.sendSelected(next, plan.range, text);
    }
    return { ok: false, reason: 'failed' };
  }

  /** Sends one edit, the selection set on `range` first (the browser reports it to the editor a task later). */
  private sendSelected(path: EditPath, range: Range, text: string): boolean {
    this.element.ownerDocument.dispatchEvent(new Event('selectionchange'));
    const taken = this.send(path, range, text);
    this.invalidate();
    return taken;
  }

  /** The field's text once it differs from `before`, or `before` after a short wait (longer if the editor took the edit). */
  private async changedFrom(before: string, expectChange: boolean): Promise<string> {
    const deadline = performance.now() + (expectChange ? SETTLE_TIMEOUT_MS : SETTLE_POLL_MS * 2);
    for (;;) {
      this.invalidate();
      const now = this.getText();
      if (now !== before || performance.now() > deadline) return now;
      await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
    }
  }

  /** Hands the edit of the selected `range` to the editor; true when the editor took the event. */
  private send(path: EditPath, range: Range, text: string): boolean {
    const root = this.element;
    const doc = root.ownerDocument;
    if (path === 'execCommand') {
      try {
        return text === '' ? doc.execCommand('delete') : doc.execCommand('insertText', false, text);
      } catch {
        return false;
      }
    }
    const targetRanges = [
      new StaticRange({
        startContainer: range.startContainer,
        startOffset: range.startOffset,
        endContainer: range.endContainer,
        endOffset: range.endOffset,
      }),
    ];
    const init: InputEventInit = { bubbles: true, cancelable: true, composed: true, targetRanges };
    if (text === '') {
      init.inputType = 'deleteContentBackward';
    } else if (CONTENT_DATA_HIDDEN) {
      // Firefox hides data a content script put in a DataTransfer from the page's own code (the
      // editor would read ""): the text goes in `data`, which Quill, Slate and CKEditor 5 read too.
      Object.assign(init, { inputType: 'insertReplacementText', data: text });
    } else {
      // As the browser sends a spelling correction: the text in `dataTransfer`, `data` null.
      const dataTransfer = new DataTransfer();
      dataTransfer.setData('text/plain', text);
      Object.assign(init, { inputType: 'insertReplacementText', data: null, dataTransfer });
    }
    return !root.dispatchEvent(new InputEvent('beforeinput', init));
  }

  /**
   * Waits for the editor to draw the edit: done once the field reads `after` on two polls in a row
   * (its render came and went), failed if it reads anything else (taken back) or not by the deadline.
   */
  private settle(before: string, after: string): Promise<ReplaceResult> {
    const deadline = performance.now() + SETTLE_TIMEOUT_MS;
    let seen = false;
    return new Promise((resolve) => {
      const poll = () => {
        if (!this.element.isConnected) return resolve({ ok: false, reason: 'detached' });
        const now = this.getText();
        if (now === after && seen) return resolve({ ok: true });
        if (now !== after && now !== before) return resolve(this.takeBack(before));
        // An editor that rejected the edit outright: nothing to wait for.
        seen = now === after;
        if (performance.now() > deadline) {
          return resolve(seen ? { ok: true } : { ok: false, reason: 'failed' });
        }
        setTimeout(poll, SETTLE_POLL_MS);
      };
      setTimeout(poll, SETTLE_POLL_MS);
    });
  }

  /**
   * Never leaves damaged text: a half-done or wrong edit is undone with the editor's own history
   * (`historyUndo` for Lexical and Slate, else the Ctrl+Z its keymap listens for, else the browser's
   * undo); if the text still differs, the exact previous text is put back over what changed, through
   * the editor's own edit paths. `damaged` only when neither brought it back.
   */
  private async takeBack(before: string): Promise<ReplaceResult> {
    const root = this.element;
    const init = { bubbles: true, cancelable: true, composed: true };
    if (root.dispatchEvent(new InputEvent('beforeinput', { ...init, inputType: 'historyUndo' }))) {
      const key = { ...init, key: 'z', code: 'KeyZ', ctrlKey: true, metaKey: false };
      if (root.dispatchEvent(new KeyboardEvent('keydown', key))) this.undo();
    }
    this.invalidate();
    if (await this.reads(before)) return { ok: false, reason: 'failed' };
    this.restore(before);
    this.invalidate();
    if (await this.reads(before)) return { ok: false, reason: 'failed' };
    return { ok: false, reason: 'damaged' };
  }

  /** Puts `before` back over the part of the field that differs from it, as one edit. */
  private restore(before: string): void {
    const now = this.getText();
    const edit = diffText(now, before);
    const span = { start: edit.start, end: edit.start + edit.removed };
    const text = before.slice(edit.start, edit.start + edit.inserted);
    const plan = this.planReplace(span, now.slice(span.start, span.end), text);
    if ('ok' in plan) return;
    for (const path of this.editor.paths) {
      this.send(path, plan.range, text);
      this.invalidate();
      if (this.getText() !== now) return;
    }
  }

  /** Whether the field reads `text`, now or once an editor that draws later has drawn. */
  private async reads(text: string): Promise<boolean> {
    const deadline = performance.now() + (this.editor.rendersLater ? SETTLE_TIMEOUT_MS : SETTLE_POLL_MS * 2);
    for (;;) {
      if (this.getText() === text) return true;
      if (performance.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
      this.invalidate();
    }
  }
}
