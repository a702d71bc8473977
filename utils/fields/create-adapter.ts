import type { FieldAdapter } from './adapter';
import { ContentEditableAdapter } from './contenteditable-adapter';
import type { EditableField } from './eligibility';
import { TextareaAdapter, type TextareaAdapterOptions } from './textarea-adapter';

export type AdapterOptions = TextareaAdapterOptions;

/**
 * The adapter for a field `editableRoot` returned. Kinds are told apart by tag name, not
 * `instanceof`: a field in a same-origin iframe comes from another realm.
 */
export function createAdapter(field: EditableField, options: AdapterOptions = {}): FieldAdapter {
  if (field.localName === 'textarea' || field.localName === 'input') {
    return new TextareaAdapter(field as HTMLTextAreaElement | HTMLInputElement, options);
  }
  return new ContentEditableAdapter(field);
}
