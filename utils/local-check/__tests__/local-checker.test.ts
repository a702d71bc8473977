/**
 * The local checker with the real harper wasm in Node. Setup takes seconds (more on a busy
 * machine), so one linter serves every test and the timeouts are generous.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { LocalLinter, type Linter } from 'harper.js';
// Fine in Node tests; never in the extension (Vite would inline 16 MB of base64).
import { binary } from 'harper.js/binary';
import { getSettings, updateSettings, DEFAULT_SETTINGS } from '../../settings';
import type { RawSuggestion } from '../../text/types';
import { lintsToSuggestions } from '../lint-mapping';
import { DISABLED_MESSAGE, LocalChecker } from '../local-checker';

const SETUP_TIMEOUT = 180_000;
const TEST_TIMEOUT = 60_000;

let harper: LocalLinter;
/** How many texts the linter was really asked to lint (cache hits do not count). */
let lintedTexts: string[] = [];

/** `linter`, counting the texts it lints, and failing (as a wasm panic would) on texts with BOOM. */
function instrumented(linter: Linter): Linter {
  return new Proxy(linter, {
    get(target, prop, receiver) {
      if (prop === 'organizedLints') {
        return (text: string, options?: Parameters<Linter['organizedLints']>[1]) => {
          lintedTexts.push(text);
          if (text.includes('BOOM')) return Promise.reject(new Error('RuntimeError: unreachable'));
          return target.organizedLints(text, options);
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The shared linter, instrumented. */
const countingLinter = (): Linter => instrumented(harper);

beforeAll(async () => {
  harper = new LocalLinter({ binary });
  await harper.setup();
}, SETUP_TIMEOUT);

afterAll(async () => {
  await harper.dispose();
});

beforeEach(() => {
  fakeBrowser.reset();
  lintedTexts = [];
});

describe('harper lints mapped to suggestions', () => {
  async function suggestionsFor(text: string): Promise<RawSuggestion[]> {
    const groups = await harper.organizedLints(text, { language: 'plaintext' });
    return Object.entries(groups).flatMap(([rule, lints]) => lintsToSuggestions(lints, text, rule));
  }

  it(
    'flags "a example" with a → an, anchored on the article',
    async () => {
      const text = 'This is a example.';
      const suggestions = await suggestionsFor(text);
      expect(suggestions).toContainEqual(
        expect.objectContaining({ start: 8, end: 9, original: 'a', replacement: 'an', rule: 'local:AnA' }),
      );
    },
    TEST_TIMEOUT,
  );

  it(
    'keeps offsets right after emoji, flags and accents (UTF-16, as the fields count)',
    async () => {
      for (const text of ['😀😀 This is a example.', '👨‍👩‍👧 🇫🇷 Cafe\u0301 𝒜: this is a example.']) {
        const [s] = (await suggestionsFor(text)).filter((x) => x.rule === 'local:AnA');
        expect(s).toBeDefined();
        expect(text.slice(s!.start, s!.end)).toBe('a');
        expect(s!.start).toBe(text.indexOf(' a example') + 1);
      }
    },
    TEST_TIMEOUT,
  );
});

describe('LocalChecker', () => {
  let checker: LocalChecker;
  beforeAll(() => {
    checker = new LocalChecker({ createLinter: countingLinter });
  });

  const check = async (...texts: string[]) => {
    const result = await checker.check(
      texts.map((text, i) => ({ hash: `h${i}`, text })),
      await getSettings(),
    );
    if (!result.ok) throw new Error(result.message);
    return result.results;
  };
  const only = async (text: string) => (await check(text))[0]!.suggestions;

  it(
    'answers paragraph by paragraph, in request order, with each paragraph’s hash',
    async () => {
      const results = await check('I went to the the store.', 'Nothing wrong here.', 'This is a example.');
      expect(results.map((r) => r.hash)).toEqual(['h0', 'h1', 'h2']);
      expect(results[0]!.suggestions).toEqual([
        expect.objectContaining({ original: 'the the', replacement: 'the', category: 'grammar' }),
      ]);
      expect(results[1]!.suggestions).toEqual([]);
      expect(results[2]!.suggestions).toEqual([
        expect.objectContaining({ original: 'a', replacement: 'an' }),
      ]);
    },
    TEST_TIMEOUT,
  );

  it(
    'runs the person’s style rules beside harper: their match wins an overlap, ignores apply everywhere or per site, and they run with harper off',
    async () => {
      await updateSettings({ styleRules: 'utilize => use # plain words\nrecieve => receive-it\nvery' });
      const text = 'We utilize it and recieve very much.';
      const found = await only(text);
      expect(found).toContainEqual(
        expect.objectContaining({
          original: 'utilize',
          replacement: 'use',
          rule: 'rule:utilize',
          category: 'style',
          explanation: 'plain words',
        }),
      );
      expect(found).toContainEqual(
        expect.objectContaining({ original: 'very', flagOnly: true, rule: 'rule:very' }),
      );
      // harper's spelling lint on "recieve" gives way to the person's rule on the same word.
      expect(found.filter((s) => s.original === 'recieve')).toEqual([
        expect.objectContaining({ replacement: 'receive-it', rule: 'rule:recieve' }),
      ]);
      expect(found.map((s) => s.start)).toEqual([...found.map((s) => s.start)].sort((a, b) => a - b));

      // On one site only: off there, still on elsewhere.
      await updateSettings({ siteIgnoredRules: [{ site: 'mail.example.com', rule: 'rule:utilize' }] });
      const on = async (site: string) => {
        const result = await checker.check([{ hash: 'h', text }], await getSettings(), site);
        if (!result.ok) throw new Error(result.message);
        return result.results[0]!.suggestions.map((s) => s.rule);
      };
      expect(await on('https://mail.example.com')).not.toContain('rule:utilize');
      expect(await on('https://docs.example.com')).toContain('rule:utilize');
      // Everywhere.
      await updateSettings({ ignoredRules: ['rule:very'] });
      expect(await on('https://docs.example.com')).not.toContain('rule:very');

      // The linter off: only the person's rules.
      await updateSettings({ localChecker: false });
      const rulesOnly = await on('https://docs.example.com');
      expect(rulesOnly).toEqual(['rule:utilize', 'rule:recieve']);
      await updateSettings({ styleRules: '' });
      expect(await checker.check([{ hash: 'h', text }], await getSettings())).toMatchObject({
        ok: false,
        code: 'disabled',
      });
    },
    TEST_TIMEOUT,
  );

  it(
    'offers a misspelt word to the dictionary, and stops flagging it once it is there',
    async () => {
      const text = 'Redlinq will recieve it.';
      const before = await only(text);
      expect(before).toContainEqual(
        expect.objectContaining({ original: 'recieve', category: 'spelling', word: 'recieve' }),
      );
      expect(before).toContainEqual(expect.objectContaining({ word: 'Redlinq' }));

      await updateSettings({ dictionary: ['Redlinq'] });
      const after = await only(text);
      expect(after.map((s) => s.word)).toEqual(['recieve']);
      // Accepted at the start of a sentence, accepted everywhere (harper alone would still flag it).
      expect((await only('Ask redlinq.')).map((s) => s.word)).toEqual([]);
      await updateSettings({ dictionary: [] });
      expect((await only(text)).map((s) => s.word)).toEqual(['Redlinq', 'recieve']);
    },
    TEST_TIMEOUT,
  );

  it(
    'does not report an ignored rule, and reports it again once un-ignored',
    async () => {
      const text = 'This is a example of the the problem.';
      await updateSettings({ ignoredRules: ['local:AnA'] });
      expect((await only(text)).map((s) => s.rule)).toEqual(['local:RepeatedWords']);
      await updateSettings({ ignoredRules: [] });
      expect((await only(text)).map((s) => s.rule)).toEqual(['local:AnA', 'local:RepeatedWords']);
    },
    TEST_TIMEOUT,
  );

  it(
    'hides categories the user switched off',
    async () => {
      await updateSettings({ categories: { ...DEFAULT_SETTINGS.categories, spelling: false } });
      expect((await only('I recieve a example.')).map((s) => s.category)).toEqual(['grammar']);
    },
    TEST_TIMEOUT,
  );

  it(
    'spells by the chosen dialect',
    async () => {
      const text = 'The colour of the color.';
      await updateSettings({ dialect: 'british' });
      expect((await only(text)).map((s) => s.original)).toEqual(['color']);
      await updateSettings({ dialect: 'american' });
      expect((await only(text)).map((s) => s.original)).toEqual(['colour']);
    },
    TEST_TIMEOUT,
  );

  it(
    'lints an unchanged paragraph once, and again after a setting that changes lints',
    async () => {
      const text = 'A paragraph that is checked twice with a error.';
      const first = await only(text);
      expect(await only(text)).toEqual(first);
      expect(lintedTexts).toEqual([text]);
      await updateSettings({ dictionary: ['Zorblax'] });
      await only(text);
      expect(lintedTexts).toEqual([text, text]);
    },
    TEST_TIMEOUT,
  );

  it(
    'never answers from another paragraph’s cache entry because the page reused its hash',
    async () => {
      const [a] = await checker
        .check([{ hash: 'same', text: 'I went to the the store.' }], await getSettings())
        .then((r) => (r.ok ? r.results : []));
      const [b] = await checker
        .check([{ hash: 'same', text: 'Fine text.' }], await getSettings())
        .then((r) => (r.ok ? r.results : []));
      expect(a!.suggestions).toHaveLength(1);
      expect(b!.suggestions).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'answers "disabled" when the local checker is off in settings',
    async () => {
      await updateSettings({ localChecker: false });
      expect(await checker.check([{ hash: 'x', text: 'This is a example.' }], await getSettings())).toEqual({
        ok: false,
        code: 'disabled',
        message: DISABLED_MESSAGE,
        off: true,
      });
      expect(await checker.warm(await getSettings())).toEqual({ ready: false });
    },
    TEST_TIMEOUT,
  );
});

describe('LocalChecker setup', () => {
  it(
    'makes a check sent during setup wait for it rather than fail',
    async () => {
      const checker = new LocalChecker({ createLinter: countingLinter });
      const settings = await getSettings();
      const [warm, result] = await Promise.all([
        checker.warm(settings),
        checker.check([{ hash: 'x', text: 'This is a example.' }], settings),
      ]);
      expect(warm).toEqual({ ready: true });
      expect(result.ok && result.results[0]!.suggestions.map((s) => s.replacement)).toEqual(['an']);
    },
    TEST_TIMEOUT,
  );

  it(
    'frees the linter when the checker is turned off, and builds a working one when it is turned back on',
    async () => {
      const built: LocalLinter[] = [];
      const checker = new LocalChecker({
        createLinter: (dialect) => {
          const linter = new LocalLinter({ binary, dialect });
          built.push(linter);
          return linter;
        },
      });
      expect((await checker.warm(await getSettings())).ready).toBe(true);
      await checker.configure(await updateSettings({ localChecker: false }));
      await expect(built[0]!.lint('Gone.')).rejects.toThrow();
      await checker.configure(await updateSettings({ localChecker: true }));
      const result = await checker.check([{ hash: 'x', text: 'This is a example.' }], await getSettings());
      expect(result.ok && result.results[0]!.suggestions.map((s) => s.replacement)).toEqual(['an']);
      expect(built).toHaveLength(2);
      await checker.dispose();
    },
    SETUP_TIMEOUT,
  );

  it(
    'survives a lint that throws: that paragraph comes back clean, the others checked, and it is not retried',
    async () => {
      const built: Linter[] = [];
      const checker = new LocalChecker({
        createLinter: (dialect) => {
          const linter = instrumented(new LocalLinter({ binary, dialect }));
          built.push(linter);
          return linter;
        },
      });
      const settings = await getSettings();
      const first = await checker.check(
        [
          { hash: 'a', text: 'BOOM is a example.' },
          { hash: 'b', text: 'This is a example.' },
        ],
        settings,
      );
      expect(first.ok && first.results.map((r) => r.suggestions.map((s) => s.replacement))).toEqual([
        [],
        ['an'],
      ]);
      const again = await checker.check([{ hash: 'a', text: 'BOOM is a example.' }], settings);
      expect(again.ok && again.results[0]!.suggestions).toEqual([]);
      expect(built).toHaveLength(2);
      await checker.dispose();
    },
    SETUP_TIMEOUT,
  );

  it('answers "unavailable" with the reason when the linter cannot start, then waits before retrying', async () => {
    let attempts = 0;
    let now = 0;
    const broken = () => {
      attempts++;
      return {
        setup: () => Promise.reject(new Error('wasm fetch failed')),
        dispose: () => Promise.resolve(),
      } as unknown as Linter;
    };
    const checker = new LocalChecker({ createLinter: broken, now: () => now });
    const request = [{ hash: 'x', text: 'This is a example.' }];
    expect(await checker.check(request, await getSettings())).toEqual({
      ok: false,
      code: 'unavailable',
      message: 'The local checker could not start (wasm fetch failed).',
    });
    expect(await checker.warm(await getSettings())).toEqual({ ready: false });
    expect(await checker.check(request, await getSettings())).toMatchObject({
      message: 'The local checker could not start (wasm fetch failed).',
    });
    expect(attempts).toBe(1);
    now += 60_000;
    await checker.check(request, await getSettings());
    expect(attempts).toBe(2);
  });
});
