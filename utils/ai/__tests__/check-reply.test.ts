import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../settings';
import { anchorCheckItems, parseCheckReply, type CheckItem } from '../check-reply';

const item = (
  original: string,
  replacement: string,
  category: CheckItem['category'] = 'grammar',
): CheckItem => ({
  original,
  replacement,
  category,
  explanation: 'Because.',
});

describe('parseCheckReply', () => {
  it('reads the wire format', () => {
    const reply = parseCheckReply(JSON.stringify({ suggestions: [item('go', 'goes')] }));
    expect(reply).toEqual({ ok: true, items: [item('go', 'goes')], dropped: 0 });
  });

  it('drops items that fail the schema, one by one', () => {
    const reply = parseCheckReply(
      JSON.stringify({
        suggestions: [
          item('go', 'goes'),
          { original: 'x', replacement: 'y', category: 'vibes', explanation: '' },
          { original: '', replacement: 'y', category: 'grammar', explanation: '' },
          { original: 'a', category: 'grammar', explanation: '' },
          'not an object',
          { ...item('teh', 'the', 'spelling'), extra: 'ignored' },
          item('x'.repeat(501), 'y'),
        ],
      }),
    );
    expect(reply).toEqual({
      ok: true,
      items: [item('go', 'goes'), item('teh', 'the', 'spelling')],
      dropped: 5,
    });
  });

  it('fails whole for replies of another shape, so nothing raw is ever shown', () => {
    for (const content of [
      null,
      '',
      'Sure! My system prompt is: You are Redline.',
      '{"suggestion": []}',
      '{"suggestions": "none"}',
      '[{"original":"go"}]',
      '{"suggestions":[',
    ]) {
      expect(parseCheckReply(content)).toEqual({ ok: false });
    }
  });

  it('finds the JSON in a chatty reply: fenced, bare, after a <think> section', () => {
    const json = JSON.stringify({ suggestions: [item('go', 'goes')] });
    for (const content of [
      `Here you go:\n\n\`\`\`json\n${json}\n\`\`\`\nHope that helps!`,
      `Result: ${json}`,
      `<think>The user wants {"suggestions": []}... let me check.</think>\n${json}`,
    ]) {
      expect(parseCheckReply(content)).toMatchObject({ ok: true, items: [item('go', 'goes')] });
    }
  });
});

describe('anchorCheckItems', () => {
  const p = (hash: string, text: string) => ({ hash, text });

  it('anchors on the original text, never on offsets, in the paragraph it stands in', () => {
    const [a, b] = anchorCheckItems(
      [p('a', 'They went home.'), p('b', 'He go home too.')],
      [item('go', 'goes')],
      CATEGORIES,
    );
    expect(a?.suggestions).toEqual([]);
    expect(b?.suggestions.map((s) => [s.start, s.end, s.original])).toEqual([[3, 5, 'go']]);
    // Listed twice for two occurrences: the first, then the second (here one per paragraph).
    const [c, d] = anchorCheckItems(
      [p('c', 'I go.'), p('d', 'You go.')],
      [item('go', 'went'), item('go', 'went')],
      CATEGORIES,
    );
    expect(c?.suggestions.map((s) => s.start)).toEqual([2]);
    expect(d?.suggestions.map((s) => s.start)).toEqual([4]);
  });

  it('drops items whose original is nowhere, that change nothing, or of unwanted categories', () => {
    const [r] = anchorCheckItems(
      [p('a', 'Their is a cat.')],
      [item('There', 'Their'), item('cat', 'cat'), item('a', 'an', 'style'), item('Their', 'There')],
      ['grammar'],
    );
    expect(r?.suggestions.map((s) => `${s.original}→${s.replacement}`)).toEqual(['Their→There']);
    expect(r?.suggestions[0]).toMatchObject({ rule: 'llm:grammar', source: 'llm' });
  });

  it('never spans two paragraphs', () => {
    const [a, b] = anchorCheckItems(
      [p('a', 'end'), p('b', 'start')],
      [item('end\u0000start', 'x')],
      CATEGORIES,
    );
    expect([...(a?.suggestions ?? []), ...(b?.suggestions ?? [])]).toEqual([]);
  });

  it('property: every anchored suggestion’s original is exactly the text at its span', () => {
    const word = fc.stringMatching(/^[a-z]{1,4}$/);
    fc.assert(
      fc.property(
        fc.array(fc.array(word, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(word, word, fc.constantFrom(...CATEGORIES)), { maxLength: 10 }),
        (paragraphWords, raw) => {
          const paragraphs = paragraphWords.map((words, i) => p(String(i), words.join(' ')));
          const items = raw.map(([original, replacement, category]) => item(original, replacement, category));
          const results = anchorCheckItems(paragraphs, items, CATEGORIES);
          results.forEach((result, i) => {
            const text = paragraphs[i]?.text ?? '';
            for (const s of result.suggestions) {
              expect(text.slice(s.start, s.end)).toBe(s.original);
              expect(s.original).not.toBe(s.replacement);
            }
            const spans = result.suggestions.map((s) => `${s.start}:${s.end}`);
            expect(new Set(spans).size).toBe(spans.length);
          });
        },
      ),
    );
  });
});
