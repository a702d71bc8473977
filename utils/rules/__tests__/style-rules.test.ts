import { describe, expect, it } from 'vitest';
import {
  describeProblems,
  matchCase,
  matchStyleRules,
  parseStyleRules,
  rulesForPrompt,
  withoutOverlaps,
} from '../style-rules';

const rulesOf = (source: string) => {
  const { rules, problems } = parseStyleRules(source);
  expect(problems).toEqual([]);
  return rules;
};

describe('parseStyleRules', () => {
  it('reads avoid => prefer # note, flag-only lines and comments', () => {
    const { rules, problems } = parseStyleRules(
      '# my rules\nutilize => use # plain words\n\n  in   order to =>  to \nvery\nJavaScript => TypeScript',
    );
    expect(problems).toEqual([]);
    expect(
      rules.map(({ avoid, prefer, note, line, id, exactCase }) => [avoid, prefer, note, line, id, exactCase]),
    ).toEqual([
      ['utilize', 'use', 'plain words', 2, 'rule:utilize', false],
      ['in order to', 'to', '', 4, 'rule:in order to', false],
      ['very', null, '', 5, 'rule:very', false],
      ['JavaScript', 'TypeScript', '', 6, 'rule:javascript', true],
    ]);
  });

  it('reports each bad line by number and keeps the good ones', () => {
    const { rules, problems } = parseStyleRules(
      '=> use\nutilize =>\na => b => c\nutilize => use\nUtilize => employ\n"quoted" => x\nsame => same',
    );
    expect(rules.map((r) => r.avoid)).toEqual(['utilize']);
    expect(problems).toEqual([
      { line: 1, message: 'Nothing to avoid before “=>”.' },
      { line: 2, message: 'Nothing after “=>”. To only flag the words, leave out “=>”.' },
      { line: 3, message: 'More than one “=>”.' },
      { line: 5, message: '“Utilize” already has a rule on line 4.' },
      { line: 6, message: '“"quoted"” must start and end with a letter or digit.' },
      { line: 7, message: 'The same words on both sides of “=>”.' },
    ]);
    expect(describeProblems(problems.slice(0, 2))).toBe(
      'Line 1: Nothing to avoid before “=>”. Line 2: Nothing after “=>”. To only flag the words, leave out “=>”.',
    );
  });

  it('refuses a source over the size cap whole', () => {
    const { rules, problems } = parseStyleRules('a => b\n'.repeat(10_000));
    expect(rules).toEqual([]);
    expect(problems[0]?.message).toMatch(/Too long/);
  });
});

describe('matchStyleRules', () => {
  it('flags whole words only, with the replacement in the case found', () => {
    const rules = rulesOf('utilize => use # plain words');
    const text = 'We utilize it. Utilize more. UTILIZE! Reutilize and utilized stay.';
    const found = matchStyleRules(text, rules);
    expect(found.map((s) => [s.original, s.replacement, text.slice(s.start, s.end)])).toEqual([
      ['utilize', 'use', 'utilize'],
      ['Utilize', 'Use', 'Utilize'],
      ['UTILIZE', 'USE', 'UTILIZE'],
    ]);
    expect(found[0]).toMatchObject({
      category: 'style',
      source: 'local',
      rule: 'rule:utilize',
      explanation: 'plain words',
    });
  });

  it('a rule with a capital letter matches exactly as written', () => {
    const rules = rulesOf('JavaScript => TypeScript');
    const found = matchStyleRules('javascript and JavaScript', rules);
    expect(found.map((s) => [s.start, s.replacement])).toEqual([[15, 'TypeScript']]);
  });

  it('matches phrases across any spacing, and non-English letters as word characters', () => {
    const rules = rulesOf('in order to => to\nüber => über-ish');
    const text = 'Call in  order\nto win. Darüber, über alles.';
    const found = matchStyleRules(text, rules);
    expect(found.map((s) => s.original)).toEqual(['in  order\nto', 'über']);
    expect(found[1]?.start).toBe(text.indexOf(', über') + 2);
  });

  it('a flag-only rule marks the words and offers nothing to accept', () => {
    const [suggestion] = matchStyleRules('It is very good.', rulesOf('very'));
    expect(suggestion).toMatchObject({ original: 'very', replacement: '', flagOnly: true });
    expect(suggestion?.explanation).toBe('Your rule: avoid “very”.');
  });

  it('overlapping rules: the earlier match wins, then the longer', () => {
    const found = matchStyleRules('in order to go', rulesOf('order => sequence\nin order to => to'));
    expect(found.map((s) => s.original)).toEqual(['in order to']);
  });

  it('regex characters in a rule are plain text', () => {
    const found = matchStyleRules('use a.b here, not axb', rulesOf('a.b => c'));
    expect(found.map((s) => s.original)).toEqual(['a.b']);
  });
});

it('matchCase follows the found word', () => {
  expect(matchCase('utilize', 'use')).toBe('use');
  expect(matchCase('Utilize', 'use')).toBe('Use');
  expect(matchCase('UTILIZE', 'use')).toBe('USE');
  expect(matchCase('I', 'me')).toBe('Me');
});

it('withoutOverlaps drops other suggestions under a rule match', () => {
  const ruled = matchStyleRules('We utilize it.', rulesOf('utilize => use'));
  const other = [
    {
      start: 3,
      end: 10,
      original: 'utilize',
      replacement: 'utilise',
      category: 'spelling',
      explanation: '',
      rule: 'local:x',
      source: 'local',
    },
    {
      start: 11,
      end: 13,
      original: 'it',
      replacement: 'that',
      category: 'style',
      explanation: '',
      rule: 'local:y',
      source: 'local',
    },
  ] as const;
  expect(withoutOverlaps(other, ruled).map((s) => s.rule)).toEqual(['local:y']);
});

it('rulesForPrompt lists each rule for the model', () => {
  expect(rulesForPrompt(rulesOf('utilize => use\nvery'))).toBe(
    '- write “use”, not “utilize”\n- avoid “very”',
  );
});
