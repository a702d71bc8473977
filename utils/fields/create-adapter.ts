import type { FieldAdapter } from './adapter';
import { ContentEditableAdapter } from './contenteditable-adapter';
import type { EditableField } from './eligibility';
import { RichEditorAdapter } from './rich-editor-adapter';
import { detectRichEditor } from './rich-editors';
import { TextareaAdapter, type TextareaAdapterOptions } from './textarea-adapter';

export type AdapterOptions = TextareaAdapterOptions;

/**
 * The adapter for a field `editableRoot` returned: a rich editor's own, or a plain one. Kinds are told apart by tag name, not
 * `instanceof`: a field in a same-origin iframe comes from another realm.
 */
export function createAdapter(field: EditableField, options: AdapterOptions = {}): FieldAdapter {
  if (field.localName === 'textarea' || field.localName === 'input') {
    return new TextareaAdapter(field as HTMLTextAreaElement | HTMLInputElement, options);
  }
  const editor = detectRichEditor(field);
  return editor ? new RichEditorAdapter(field, editor) : new ContentEditableAdapter(field);
}
