import { useId } from 'react';
import { CATEGORIES, DIALECTS, TONES, type Category, type Dialect, type Tone } from '@/utils/settings';
import { LANGUAGES, languageLabel } from '@/utils/language/languages';
import { Checkbox } from './fields';
import { useOptions } from './options-context';
import { Section } from './section';

const DIALECT_LABELS: Record<Dialect, string> = {
  american: 'American English',
  british: 'British English',
  australian: 'Australian English',
  canadian: 'Canadian English',
  indian: 'Indian English',
};

const CATEGORY_HINTS: Record<Category, string> = {
  spelling: 'Misspelled and mistyped words.',
  grammar: 'Agreement, tense, articles, word order.',
  punctuation: 'Commas, apostrophes, quotation marks.',
  clarity: 'Wordy or unclear phrasing.',
  style: 'Repetition, clichés, weak words.',
  tone: 'Phrasing that does not fit the tone you chose.',
};

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Which checkers run and what they flag. Saves on change. */
export function ChecksSection() {
  const id = useId();
  const settings = useOptions((s) => s.settings);
  const update = useOptions((s) => s.update);
  const save = (patch: Parameters<typeof update>[1]) => void update('checks', patch);

  return (
    <Section title="Checks" autosave="checks" intro="Changes here are saved as you make them.">
      <div className="stack">
        <Checkbox
          label="Local checker"
          hint="Instant spelling and grammar checks that run on this device, offline, with no key: Harper for English, Hunspell dictionaries for the other languages below."
          checked={settings.localChecker}
          onChange={(localChecker) => save(() => ({ localChecker }))}
        />
        <Checkbox
          label="Privacy mode"
          hint="Local checks only: no text is sent to your model."
          checked={settings.privacyMode}
          onChange={(privacyMode) => save(() => ({ privacyMode }))}
        />
        {settings.privacyMode && !settings.localChecker && (
          <p className="callout rl-warn">
            With the local checker off and privacy mode on, Redline has nothing to check with.
          </p>
        )}
        <div className="grid-2">
          <div className="field">
            <label htmlFor={`${id}-dialect`}>English dialect</label>
            <select
              id={`${id}-dialect`}
              value={settings.dialect}
              onChange={(event) => save(() => ({ dialect: event.target.value as Dialect }))}
            >
              {DIALECTS.map((dialect) => (
                <option key={dialect} value={dialect}>
                  {DIALECT_LABELS[dialect]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-tone`}>Writing tone</label>
            <select
              id={`${id}-tone`}
              value={settings.tone}
              aria-describedby={`${id}-tone-hint`}
              onChange={(event) => save(() => ({ tone: event.target.value as Tone }))}
            >
              {TONES.map((tone) => (
                <option key={tone} value={tone}>
                  {capitalise(tone)}
                </option>
              ))}
            </select>
            <p id={`${id}-tone-hint`} className="hint rl-muted">
              Style suggestions aim for it; the popup changes it too.
            </p>
          </div>
        </div>
        <fieldset className="categories">
          <legend>Languages</legend>
          <p className="hint rl-muted">
            The local checker spells in these languages, offline; each one’s dictionary loads when first
            needed. A language turns on by itself the first time you type it (Redline says so), unless you
            turned it off here.
          </p>
          <div className="grid-2">
            {LANGUAGES.map(({ code, name }) => (
              <Checkbox
                key={code}
                label={name}
                checked={settings.languages.includes(code)}
                onChange={(checked) =>
                  save((current) => ({
                    languages: checked
                      ? [...current.languages.filter((c) => c !== code), code]
                      : current.languages.filter((c) => c !== code),
                    languagesDeclined: checked
                      ? current.languagesDeclined.filter((c) => c !== code)
                      : [...current.languagesDeclined.filter((c) => c !== code), code],
                  }))
                }
              />
            ))}
          </div>
          {settings.siteLanguages.length > 0 && (
            <ul className="pinned-languages" aria-label="Sites with a pinned language">
              {settings.siteLanguages.map(({ site, language }) => (
                <li key={site}>
                  {site}: {languageLabel(language)}{' '}
                  <button
                    type="button"
                    className="link-button"
                    aria-label={`Detect the language on ${site} again`}
                    onClick={() =>
                      save((current) => ({
                        siteLanguages: current.siteLanguages.filter((e) => e.site !== site),
                      }))
                    }
                  >
                    Detect again
                  </button>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
        <fieldset className="categories">
          <legend>Flag these kinds of issues</legend>
          <div className="grid-2">
            {CATEGORIES.map((category) => (
              <Checkbox
                key={category}
                label={capitalise(category)}
                hint={CATEGORY_HINTS[category]}
                checked={settings.categories[category]}
                onChange={(checked) =>
                  save((current) => ({ categories: { ...current.categories, [category]: checked } }))
                }
              />
            ))}
          </div>
        </fieldset>
      </div>
    </Section>
  );
}
