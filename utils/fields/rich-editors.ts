/**
 * The rich editors Redline knows by their root element, and how each one takes an edit so that
 * its own model changes (not just its DOM). Found by trying each editor's npm release in Chromium
 * (tests/e2e/rich-editors.spec.ts runs them all):
 *
 * - ProseMirror/TipTap, Lexical and Draft.js read the browser's own `execCommand('insertText')`
 *   back into their model (from DOM mutations or the `input` event), with an undo step of their own.
 * - Slate and CKEditor 5 must be told with `beforeinput`: a DOM edit behind their back is reverted
 *   (CKEditor) or leaves the model behind the DOM (Slate). Chromium's `execCommand` fires no
 *   `beforeinput`, so a synthetic one carries the edit (`insertReplacementText` with the span in
 *   `targetRanges` and the text in `dataTransfer`).
 * - Quill 2 takes either; `beforeinput` goes straight into its Delta, keeping the span's formats.
 *
 * Every editor here follows the selection through `selectionchange`, which the browser fires a
 * task after a script selects: the adapter tells them at once (Draft.js otherwise applies the
 * DOM's new text to the block its stale selection is in; CKEditor would merge the edit into the
 * last typing's undo step).
 */
export type RichEditorKind = 'prosemirror' | 'lexical' | 'quill' | 'slate' | 'ckeditor' | 'draft';

/** A way of handing an edit to an editor, tried in order until one changes the text. */
export type EditPath = 'beforeinput' | 'execCommand';

export interface RichEditor {
  kind: RichEditorKind;
  /** Matches the editor's contenteditable root. */
  selector: string;
  paths: readonly EditPath[];
  /**
   * The DOM is drawn by React from the editor's model, a task or two after an edit: the edit counts
   * once the field still reads as expected after that render (Slate, Draft.js).
   */
  rendersLater?: boolean;
}

export const RICH_EDITORS: readonly RichEditor[] = [
  { kind: 'prosemirror', selector: '.ProseMirror', paths: ['execCommand'] },
  { kind: 'lexical', selector: '[data-lexical-editor]', paths: ['execCommand', 'beforeinput'] },
  { kind: 'quill', selector: '.ql-editor', paths: ['beforeinput', 'execCommand'] },
  { kind: 'slate', selector: '[data-slate-editor]', paths: ['beforeinput'], rendersLater: true },
  { kind: 'ckeditor', selector: '.ck-editor__editable', paths: ['beforeinput'] },
  { kind: 'draft', selector: '.public-DraftEditor-content', paths: ['execCommand'], rendersLater: true },
];

/** The rich editor whose root `root` (a contenteditable root) is, or null for plain contenteditable. */
export function detectRichEditor(root: Element): RichEditor | null {
  return RICH_EDITORS.find((editor) => root.matches(editor.selector)) ?? null;
}
