import { describe, expect, it } from 'vitest';
import {
  ADVANCED_NUMBER_RULES,
  normaliseBaseURL,
  parseCustomPrompt,
  parseLanguage,
  parseNumberField,
  parseSite,
  parseWord,
} from '../validation';

describe('parseNumberField', () => {
  it('accepts numbers as people type them', () => {
    expect(parseNumberField(' 0.7 ', ADVANCED_NUMBER_RULES.temperature)).toEqual({ ok: true, value: 0.7 });
    expect(parseNumberField('0,7', ADVANCED_NUMBER_RULES.temperature)).toEqual({ ok: true, value: 0.7 });
    expect(parseNumberField('.5', ADVANCED_NUMBER_RULES.topP)).toEqual({ ok: true, value: 0.5 });
    expect(parseNumberField('10,000', ADVANCED_NUMBER_RULES.maxTokensChat)).toEqual({
      ok: true,
      value: 10_000,
    });
    expect(parseNumberField('4 096', ADVANCED_NUMBER_RULES.maxTokensChat)).toEqual({ ok: true, value: 4096 });
  });

  it('refuses what the settings schema would silently replace', () => {
    expect(parseNumberField('5', ADVANCED_NUMBER_RULES.temperature)).toEqual({
      ok: false,
      error: 'Enter a number from 0 to 2.',
    });
    expect(parseNumberField('0', ADVANCED_NUMBER_RULES.topP)).toMatchObject({ ok: false });
    expect(parseNumberField('1', ADVANCED_NUMBER_RULES.topP)).toEqual({ ok: true, value: 1 });
    expect(parseNumberField('15', ADVANCED_NUMBER_RULES.maxTokensRewrite)).toMatchObject({ ok: false });
    expect(parseNumberField('100.5', ADVANCED_NUMBER_RULES.maxTokensRewrite)).toEqual({
      ok: false,
      error: 'Enter a whole number.',
    });
    expect(parseNumberField('-1', ADVANCED_NUMBER_RULES.requestsPerMinute)).toMatchObject({ ok: false });
    expect(parseNumberField('abc', ADVANCED_NUMBER_RULES.temperature)).toEqual({
      ok: false,
      error: 'Enter a number.',
    });
    expect(parseNumberField('1e3', ADVANCED_NUMBER_RULES.maxTokensChat)).toMatchObject({ ok: false });
    expect(parseNumberField('', ADVANCED_NUMBER_RULES.temperature)).toMatchObject({ ok: false });
  });

  it('0 means "no cap" for requests per minute', () => {
    expect(parseNumberField('0', ADVANCED_NUMBER_RULES.requestsPerMinute)).toEqual({ ok: true, value: 0 });
  });

  it('an empty price falls back on the known price (null)', () => {
    expect(parseNumberField('', ADVANCED_NUMBER_RULES.priceInputPerM)).toEqual({ ok: true, value: null });
    expect(parseNumberField('0.15', ADVANCED_NUMBER_RULES.priceInputPerM)).toEqual({ ok: true, value: 0.15 });
    expect(parseNumberField('-2', ADVANCED_NUMBER_RULES.priceOutputPerM)).toMatchObject({ ok: false });
  });
});

describe('parseSite', () => {
  it('reduces what people paste to a hostname', () => {
    expect(parseSite('https://Docs.Example.com/some/page?q=1', [])).toEqual({
      ok: true,
      value: 'docs.example.com',
    });
    expect(parseSite('example.com', [])).toEqual({ ok: true, value: 'example.com' });
    expect(parseSite('localhost:3000/app', [])).toEqual({ ok: true, value: 'localhost' });
  });

  it('refuses blanks, garbage and duplicates', () => {
    expect(parseSite('  ', [])).toMatchObject({ ok: false });
    expect(parseSite('not a site', [])).toMatchObject({ ok: false });
    expect(parseSite('example.com', ['example.com'])).toEqual({
      ok: false,
      error: 'example.com is already in the list.',
    });
  });
});

describe('parseWord and parseLanguage', () => {
  it('trims and refuses duplicates', () => {
    expect(parseWord('  Kubernetes ', [])).toEqual({ ok: true, value: 'Kubernetes' });
    expect(parseWord('Kubernetes', ['Kubernetes'])).toMatchObject({ ok: false });
    expect(parseWord('x'.repeat(101), [])).toMatchObject({ ok: false });
  });

  it('needs a language name', () => {
    expect(parseLanguage(' French ')).toEqual({ ok: true, value: 'French' });
    expect(parseLanguage('')).toMatchObject({ ok: false });
  });
});

describe('parseCustomPrompt', () => {
  const existing = [{ name: 'Tweet', instruction: 'Rewrite as a tweet.' }];

  it('names the field at fault', () => {
    expect(parseCustomPrompt('', 'Do it', existing, null)).toMatchObject({ ok: false, field: 'name' });
    expect(parseCustomPrompt('Poem', '  ', existing, null)).toMatchObject({
      ok: false,
      field: 'instruction',
    });
    expect(parseCustomPrompt('tweet', 'Again', existing, null)).toMatchObject({ ok: false, field: 'name' });
  });

  it('lets a prompt keep its own name when edited', () => {
    expect(parseCustomPrompt('Tweet ', ' Shorter. ', existing, 0)).toEqual({
      ok: true,
      value: { name: 'Tweet', instruction: 'Shorter.' },
    });
  });
});

describe('normaliseBaseURL', () => {
  it('drops surrounding spaces and trailing slashes', () => {
    expect(normaliseBaseURL(' https://api.openai.com/v1/ ')).toBe('https://api.openai.com/v1');
  });
});
