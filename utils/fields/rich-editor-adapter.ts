import type { PendingReplace, ReplaceResult, Span } from './adapter';
import { ContentEditableAdapter } from './contenteditable-adapter';
import type { EditPath, RichEditor } from './rich-editors';

/** How long an editor that took an edit may take to draw it (React renders a task or two later). */
const SETTLE_TIMEOUT_MS = 1_000;
/** How often a pending edit reads the field again (a few reads per accept, never while typing). */
const SETTLE_POLL_MS = 50;

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
    // The browser reports the new selection a task later; the editor must know it before the edit.
    this.element.ownerDocument.dispatchEvent(new Event('selectionchange'));
    for (const path of this.editor.paths) {
      const taken = this.send(path, range, text);
      const now = this.getText();
      if (now !== before && now !== after) return this.takeBack(before);
      if (now === after && !this.editor.rendersLater) return { ok: true };
      // The editor has the edit in its model and draws it (again) a moment later.
      if (now === after || (taken && path === 'beforeinput')) {
        return { ok: 'pending', settled: this.settle(before, after) };
      }
    }
    return { ok: false, reason: 'failed' };
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
   * Undoes a half-done edit with the editor's own history: `historyUndo` (Lexical, Slate), else the
   * Ctrl+Z its keymap listens for (ProseMirror, Quill, CKEditor, Draft.js), else the browser's undo.
   */
  private takeBack(before: string): ReplaceResult {
    const root = this.element;
    const init = { bubbles: true, cancelable: true, composed: true };
    if (root.dispatchEvent(new InputEvent('beforeinput', { ...init, inputType: 'historyUndo' }))) {
      const key = { ...init, key: 'z', code: 'KeyZ', ctrlKey: true, metaKey: false };
      if (root.dispatchEvent(new KeyboardEvent('keydown', key))) this.undo();
    }
    if (this.getText() !== before) this.invalidate();
    return { ok: false, reason: 'failed' };
  }
}
