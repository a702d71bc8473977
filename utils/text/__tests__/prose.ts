/** Deterministic English-like prose for size and stability tests (a fixed-seed LCG, no Math.random). */
const WORDS = (
  'the quick brown fox jumps over a lazy dog while writing an extension that underlines mistakes ' +
  'in every field paragraph people type their notes and emails quietly before lunch because it helps'
).split(' ');

export function prose(length: number, seed = 1): string {
  let state = seed >>> 0;
  const next = (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 16) % n;
  };
  const sentences: string[] = [];
  let size = 0;
  while (size < length) {
    const count = 6 + next(16);
    const words: string[] = [];
    for (let i = 0; i < count; i++) words.push(WORDS[next(WORDS.length)] ?? 'word');
    const sentence = words.join(' ');
    const text = sentence.charAt(0).toUpperCase() + sentence.slice(1) + ['.', '.', '.', '?', '!'][next(5)];
    sentences.push(text);
    size += text.length + 1;
  }
  return sentences.join(' ').slice(0, length).trimEnd();
}

/** `paragraphs` paragraphs of about `each` characters, joined by '\n'. */
export function proseParagraphs(paragraphs: number, each: number): string {
  return Array.from({ length: paragraphs }, (_, i) => prose(each, i + 1)).join('\n');
}
