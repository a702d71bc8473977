import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cleanRewriteOutput, createStreamCleaner } from '../rewrite-output';

const ORIGINAL = 'hey can u send me the report by friday';
const REWRITE = 'Could you please send me the report by Friday?';

describe('cleanRewriteOutput', () => {
  it.each([
    ['plain', REWRITE],
    ['wrapped in straight quotes', `"${REWRITE}"`],
    ['wrapped in curly quotes', `“${REWRITE}”`],
    ['wrapped in guillemets', `« ${REWRITE} »`],
    ['in a code fence', `\`\`\`\n${REWRITE}\n\`\`\``],
    ['in a tagged code fence', `\`\`\`text\n${REWRITE}\n\`\`\``],
    ['in the prompt’s tags', `<text>\n${REWRITE}\n</text>`],
    ['after "Sure!"', `Sure!\n\n${REWRITE}`],
    ['after a "Here is" line', `Here is a more formal version:\n\n${REWRITE}`],
    ['after "Sure! Here’s" on the same line', `Sure! Here’s the rewritten text: ${REWRITE}`],
    ['after a label line', `Formal version:\n${REWRITE}`],
    ['after a preamble, quoted', `Certainly! Here's the revised sentence:\n\n"${REWRITE}"`],
    ['with a closing note', `${REWRITE}\n\nNote: I capitalised Friday and added a question mark.`],
    ['with "Let me know"', `${REWRITE}\n\nLet me know if you want it shorter!`],
    ['with surrounding blank lines', `\n\n  ${REWRITE}  \n`],
  ])('strips what is not the rewrite: %s', (_name, raw) => {
    expect(cleanRewriteOutput(raw, ORIGINAL)).toBe(REWRITE);
  });

  it('keeps quotes, labels and notes that belong to the text', () => {
    const quoted = '"Stop," she said.';
    expect(cleanRewriteOutput('"Stop," she said, "now."', quoted)).toBe('"Stop," she said, "now."');
    expect(cleanRewriteOutput('"To be or not to be"', '"to be or not to be"')).toBe('"To be or not to be"');
    expect(
      cleanRewriteOutput('Project version: 2.1\nShips Friday.', 'project version: 2.1\nships friday'),
    ).toBe('Project version: 2.1\nShips Friday.');
    expect(
      cleanRewriteOutput('Meet at noon.\n\nNote: bring the keys.', 'meet at noon\n\nnote: bring the keys'),
    ).toBe('Meet at noon.\n\nNote: bring the keys.');
    expect(cleanRewriteOutput('```js\nlet a = 1;\n```', '```js\nlet a=1\n```')).toBe(
      '```js\nlet a = 1;\n```',
    );
    expect(cleanRewriteOutput('Here is the plan: we ship.', 'here is the plan: we ship')).toBe(
      'Here is the plan: we ship.',
    );
  });

  it('keeps the selection’s own leading and trailing white space', () => {
    expect(cleanRewriteOutput('"Hello there."', ' hello there ')).toBe(' Hello there. ');
    expect(cleanRewriteOutput('Hello there.\n', 'hello there\n')).toBe('Hello there.\n');
  });
});

/** Feeds `raw` to a stream cleaner in the given pieces; returns what was shown and the final text. */
function stream(raw: string, original: string, cuts: number[]) {
  const cleaner = createStreamCleaner(original);
  let shown = '';
  let last = 0;
  for (const cut of [...cuts.filter((c) => c > 0 && c < raw.length).sort((a, b) => a - b), raw.length]) {
    shown += cleaner.push(raw.slice(last, cut));
    last = cut;
  }
  return { shown, final: cleaner.finish() };
}

describe('createStreamCleaner', () => {
  it('never shows a preamble or a wrapping quote, even word by word', () => {
    const raw = `Sure! Here's a more formal version:\n\n"${REWRITE}"`;
    const words = [...raw.matchAll(/\s*\S+\s*/g)].map((m) => m.index + m[0].length);
    const { shown, final } = stream(raw, ORIGINAL, words);
    expect(final).toBe(REWRITE);
    expect(shown).not.toMatch(/Sure|Here|"/);
    expect(REWRITE.startsWith(shown)).toBe(true);
    expect(shown.length).toBeGreaterThan(REWRITE.length / 2);
  });

  it('shows a plain reply as it arrives', () => {
    const cleaner = createStreamCleaner(ORIGINAL);
    expect(cleaner.push('Could ')).toBe('Could');
    expect(cleaner.push('you ')).toBe(' you');
    expect(cleaner.push('please')).toBe(' please');
    expect(cleaner.push(' send')).toBe(' send');
    expect(cleaner.push(' me "the')).toBe(' me "the');
    expect(cleaner.push(' report"')).toBe(' report');
    expect(cleaner.finish()).toBe('Could you please send me "the report"');
  });

  it('shown text is always a prefix of the final text (whatever the chunking)', () => {
    const replies = [
      REWRITE,
      `"${REWRITE}"`,
      `Here is the rewritten text:\n${REWRITE}`,
      `\`\`\`\n${REWRITE}\n\`\`\``,
      `<text>\n${REWRITE}\n</text>`,
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...replies),
        fc.array(fc.integer({ min: 1, max: 80 }), { maxLength: 12 }),
        (raw, cuts) => {
          const { shown, final } = stream(raw, ORIGINAL, cuts);
          expect(final).toBe(REWRITE);
          expect(final.startsWith(shown)).toBe(true);
        },
      ),
    );
  });

  it('a long reply streams piece by piece with the same result, CRLF split across chunks included', () => {
    const paragraph = 'Every sentence here is part of a long rewrite that keeps on coming.\r\n';
    const body = paragraph.repeat(3000);
    for (const raw of [`Here is the rewritten text:\n${body}`, `"${body}"`, `<text>\n${body}</text>`]) {
      const cleaner = createStreamCleaner('original text');
      let shown = '';
      // 16-character chunks, as the test server sends them: '\r' and '\n' often land in different ones.
      for (let i = 0; i < raw.length; i += 16) shown += cleaner.push(raw.slice(i, i + 16));
      const final = cleaner.finish();
      expect(final).toBe(body.replace(/\r\n/g, '\n').trim());
      expect(final.startsWith(shown)).toBe(true);
      // All but the held-back tail was shown while streaming.
      expect(final.length - shown.length).toBeLessThan(100);
    }
  });
});
