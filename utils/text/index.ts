/** The pure text core: no DOM, no `browser.*`; safe to run in any context and on every keystroke. */
export { hashText } from './hash-text';
export { MAX_PARAGRAPH_CHARS, splitParagraphs, type Paragraph } from './paragraphs';
export { applyEdit, diffText, type TextEdit } from './diff';
export { remapSpan, remapSuggestion } from './remap';
export { anchorAll, reanchor } from './reanchor';
export { mergeSuggestions, spansOverlap } from './merge';
export { suggestionId } from './suggestion-id';
