import { describe, expect, it } from 'vitest';
import { MAX_DICTIONARY_WORDS } from '../../settings';
import { ruleIdOf } from '../style-rules';
import {
  decodeWordFile,
  describeImport,
  exportWordList,
  mergeRuleLines,
  parseWordList,
  RULE_PREFIX,
} from '../word-list';

describe('parseWordList', () => {
  it('reads a plain list (Harper, LanguageTool, macOS LocalDictionary): any line ending, comments, blanks', () => {
    const result = parseWordList('Zorblax\r\nKubernetes\n\n# a comment\rnginx\n  Redline  \n', []);
    expect(result.added).toEqual(['Zorblax', 'Kubernetes', 'nginx', 'Redline']);
    expect(result).toMatchObject({ duplicates: 0, invalidCount: 0, overCap: 0, rules: [] });
  });

  it('merges duplicates in any case, against the dictionary and within the file', () => {
    const result = parseWordList('zorblax\nNginx\nnginx\nfresh', ['Zorblax']);
    expect(result.added).toEqual(['Nginx', 'fresh']);
    expect(result.duplicates).toBe(2);
  });

  it('reads a Hunspell .dic: the count line and affix flags go', () => {
    const result = parseWordList('3\nZorblax/MS\nKubernetes/S po:noun\nfoo', []);
    expect(result.added).toEqual(['Zorblax', 'Kubernetes', 'foo']);
  });

  it('reports bad lines by number and keeps the rest', () => {
    const long = 'x'.repeat(101);
    const result = parseWordList(`good\n${long}\ntab\there\nbin\u0001ary\n/MS\nfine`, []);
    expect(result.added).toEqual(['good', 'fine']);
    expect(result.invalid).toEqual([
      { line: 2, reason: 'longer than 100 characters' },
      { line: 3, reason: 'more than one column' },
      { line: 4, reason: 'not text (control characters)' },
      { line: 5, reason: 'no word before “/”' },
    ]);
    expect(describeImport(result, 0)).toBe(
      'Added 2 words. Skipped 4 lines: line 2 (longer than 100 characters), line 3 (more than one column), line 4 (not text (control characters)), line 5 (no word before “/”).',
    );
  });

  it('reports at most 20 bad lines, counting them all', () => {
    const result = parseWordList(Array.from({ length: 50 }, () => 'a\tb').join('\n'), []);
    expect(result.invalid).toHaveLength(20);
    expect(result.invalidCount).toBe(50);
    expect(describeImport(result, 0)).toMatch(/Skipped 50 lines: .*, and 30 more\.$/);
  });

  it('refuses what does not fit under the cap and drops none of the person’s words', () => {
    const existing = Array.from({ length: MAX_DICTIONARY_WORDS - 1 }, (_, i) => `w${i}`);
    const result = parseWordList('one\ntwo\nthree', existing);
    expect(result.added).toEqual(['one']);
    expect(result.overCap).toBe(2);
    expect(describeImport(result, 0)).toBe('Added 1 word. 2 did not fit: the dictionary holds 5,000 words.');
  });

  it('reads the style-rule lines of a Redline export', () => {
    const result = parseWordList(
      `Zorblax\n\n${RULE_PREFIX}utilize => use # plain words\n${RULE_PREFIX}very\n`,
      [],
    );
    expect(result.added).toEqual(['Zorblax']);
    expect(result.rules).toEqual(['utilize => use # plain words', 'very']);
  });
});

describe('decodeWordFile', () => {
  it('reads UTF-8 with or without a BOM, and UTF-16 with one (Office CUSTOM.DIC)', () => {
    const utf8 = new TextEncoder().encode('\uFEFFcafé\nnaïve');
    expect(decodeWordFile(utf8)).toBe('café\nnaïve');
    const le = new Uint8Array([0xff, 0xfe, ...Array.from('Zoë\r\n').flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(decodeWordFile(le)).toBe('Zoë\r\n');
    const be = new Uint8Array([0xfe, 0xff, ...Array.from('Zoë').flatMap((c) => [0, c.charCodeAt(0)])]);
    expect(decodeWordFile(be)).toBe('Zoë');
  });
});

describe('exportWordList', () => {
  it('writes one word per line, and the rules after a blank line; Import reads both back', () => {
    const text = exportWordList(['Zorblax', 'nginx'], '# mine\nutilize => use # plain words\n\nvery');
    expect(text).toBe(`Zorblax\nnginx\n\n${RULE_PREFIX}utilize => use # plain words\n${RULE_PREFIX}very\n`);
    const back = parseWordList(text, []);
    expect(back.added).toEqual(['Zorblax', 'nginx']);
    expect(back.rules).toEqual(['utilize => use # plain words', 'very']);
  });

  it('words only: nothing but the words', () => {
    expect(exportWordList(['a', 'b'])).toBe('a\nb\n');
    expect(exportWordList([])).toBe('');
  });
});

it('mergeRuleLines adds the rules whose words have none yet', () => {
  const merged = mergeRuleLines(
    'utilize => use\n',
    ['Utilize => employ', 'very', 'very => really', '=> bad'],
    ruleIdOf,
  );
  expect(merged).toEqual({ text: 'utilize => use\nvery', added: 1 });
  expect(mergeRuleLines('', ['very'], ruleIdOf)).toEqual({ text: 'very', added: 1 });
});
