import { useEffect, useId, useState } from 'react';
import { wordSyncStatusItem, type WordSyncStatus } from '@/utils/rules/word-sync-service';
import { Checkbox, DraftField } from './fields';
import { describeProblems, parseStyleRules, ruleIdOf } from '@/utils/rules/style-rules';
import {
  decodeWordFile,
  describeImport,
  exportWordList,
  MAX_IMPORT_BYTES,
  mergeRuleLines,
  parseWordList,
} from '@/utils/rules/word-list';
import { useOptions } from './options-context';
import { AddForm, RemovableList } from './removable-list';
import { Section } from './section';
import { parseSite, parseWord } from './validation';

export function SitesSection() {
  const sites = useOptions((s) => s.settings.disabledSites);
  const update = useOptions((s) => s.update);
  return (
    <Section
      title="Sites"
      autosave="sites"
      intro="Redline stays off on these sites and their subdomains. You can also switch a site off from the toolbar popup."
    >
      <RemovableList
        label="Sites where Redline is off"
        items={sites}
        empty="Redline runs on every site."
        onRemove={(site) =>
          void update('sites', (current) => ({
            disabledSites: current.disabledSites.filter((entry) => entry !== site),
          }))
        }
      />
      <AddForm
        label="Site"
        buttonLabel="Add site"
        placeholder="example.com"
        parse={(text) => parseSite(text, sites)}
        onAdd={(site) =>
          void update('sites', (current) => ({ disabledSites: [...current.disabledSites, site] }))
        }
      />
    </Section>
  );
}

export function DictionarySection() {
  const words = useOptions((s) => s.settings.dictionary);
  const update = useOptions((s) => s.update);
  return (
    <Section
      title="Personal dictionary"
      autosave="dictionary"
      intro="Words the checkers never flag. “Add to dictionary” on a suggestion puts words here."
    >
      <RemovableList
        label="Personal dictionary"
        items={words}
        empty="No words yet."
        onRemove={(word) =>
          void update('dictionary', (current) => ({
            dictionary: current.dictionary.filter((entry) => entry !== word),
          }))
        }
      />
      <AddForm
        label="New word"
        buttonLabel="Add word"
        placeholder="e.g. Kubernetes"
        parse={(text) => parseWord(text, words)}
        onAdd={(word) =>
          void update('dictionary', (current) => ({ dictionary: [...current.dictionary, word] }))
        }
      />
      <DictionaryFile />
      <WordSync />
    </Section>
  );
}

/** "Sync my words": a switch, and what the last sync did. */
function WordSync() {
  const syncWords = useOptions((s) => s.settings.syncWords);
  const update = useOptions((s) => s.update);
  const [status, setStatus] = useState<WordSyncStatus | null>(null);
  useEffect(() => {
    void wordSyncStatusItem.getValue().then(setStatus);
    return wordSyncStatusItem.watch(setStatus);
  }, []);
  return (
    <div className="subsection">
      <Checkbox
        label="Sync my words"
        hint="Your dictionary and style rules follow you to your other browsers through the browser’s own sync (your Google or Firefox account). Nothing else goes there: not your key, not page text."
        checked={syncWords}
        onChange={(on) => void update('dictionary', () => ({ syncWords: on }))}
      />
      {syncWords && status && <p role="status">{describeSync(status)}</p>}
    </div>
  );
}

function describeSync(status: WordSyncStatus): string {
  const size = `${Math.ceil(status.bytes / 1024)} KB`;
  if (status.state === 'too-large')
    return `Not synced: your words and rules take ${size}, more than the browser syncs (about 95 KB). Remove some to sync them.`;
  if (status.state === 'failed') return `Not synced: ${status.message ?? 'the browser refused it'}.`;
  return `Synced (${size}) at ${new Date(status.at).toLocaleTimeString()}.`;
}

/** Import and Export of the dictionary (and the style rules with it) as a word-list file. */
function DictionaryFile() {
  const id = useId();
  const update = useOptions((s) => s.update);
  const dictionary = useOptions((s) => s.settings.dictionary);
  const styleRules = useOptions((s) => s.settings.styleRules);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);

  const exportFile = () => {
    const url = URL.createObjectURL(
      new Blob([exportWordList(dictionary, styleRules)], { type: 'text/plain;charset=utf-8' }),
    );
    const link = document.createElement('a');
    link.href = url;
    link.download = 'redline-dictionary.txt';
    // In the document: Firefox ignores a click on a detached link.
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setStatus({
      text: `Exported ${dictionary.length} ${dictionary.length === 1 ? 'word' : 'words'}.`,
      error: false,
    });
  };

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) {
      setStatus({
        text: `“${file.name}” is too large for a word list (over 2 MB). Nothing was imported.`,
        error: true,
      });
      return;
    }
    let text: string;
    try {
      text = decodeWordFile(new Uint8Array(await file.arrayBuffer()));
    } catch {
      setStatus({ text: `“${file.name}” could not be read. Nothing was imported.`, error: true });
      return;
    }
    let summary = '';
    const saved = await update('dictionary', (current) => {
      const result = parseWordList(text, current.dictionary);
      const rules = mergeRuleLines(current.styleRules, result.rules, ruleIdOf);
      summary = describeImport(result, rules.added);
      return { dictionary: [...current.dictionary, ...result.added], styleRules: rules.text };
    });
    setStatus(
      saved
        ? { text: summary, error: false }
        : { text: 'Nothing was imported: it could not be saved.', error: true },
    );
  };

  return (
    <div className="subsection dictionary-file">
      <div className="field">
        <label htmlFor={`${id}-import`}>Import dictionary</label>
        <input
          id={`${id}-import`}
          type="file"
          accept=".txt,.dic,.csv,text/plain"
          aria-describedby={`${id}-hint`}
          onChange={(event) => void importFile(event.currentTarget)}
        />
        <p id={`${id}-hint`} className="hint rl-muted">
          A word list, one word per line: Redline’s export, Harper’s or LanguageTool’s dictionary, macOS’s
          LocalDictionary, a Hunspell .dic. Words you have are kept; style rules in a Redline export are
          added.
        </p>
      </div>
      <div className="actions">
        <button type="button" onClick={exportFile}>
          Export dictionary
        </button>
      </div>
      {status && (
        <p role={status.error ? 'alert' : 'status'} className={status.error ? 'rl-error' : undefined}>
          {status.text}
        </p>
      )}
    </div>
  );
}

/**
 * `local:SpellCheck` → "SpellCheck (local checker)", `llm:style` → "style (your model)",
 * `rule:utilize` → "“utilize” (your rule)".
 */
export function describeRule(rule: string): string {
  const [source, ...rest] = rule.split(':');
  const name = rest.join(':');
  if (source === 'local' && name) return `${name} (local checker)`;
  if (source === 'llm' && name) return `${name} (your model)`;
  if (source === 'rule' && name) return `“${name}” (your rule)`;
  return rule;
}

/** A rule ignored on one site, as one list item (RemovableList holds strings). */
const SITE_MARK = '\u0001';
const siteItem = (site: string, rule: string) => `${SITE_MARK}${site}${SITE_MARK}${rule}`;
function parseItem(item: string): { site: string | null; rule: string } {
  if (!item.startsWith(SITE_MARK)) return { site: null, rule: item };
  const [, site = '', rule = ''] = item.split(SITE_MARK);
  return { site, rule };
}

export function describeIgnored(item: string): string {
  const { site, rule } = parseItem(item);
  return `${describeRule(rule)} — ${site ? `on ${site}` : 'everywhere'}`;
}

export function IgnoredRulesSection() {
  const rules = useOptions((s) => s.settings.ignoredRules);
  const onSites = useOptions((s) => s.settings.siteIgnoredRules);
  const update = useOptions((s) => s.update);
  const items = [...rules, ...onSites.map((entry) => siteItem(entry.site, entry.rule))];
  return (
    <Section
      title="Ignored rules"
      autosave="ignored"
      intro="Rules you switched off with “Ignore rule” (everywhere) or “Ignore on this site” on a suggestion. Remove one to get its suggestions back."
    >
      <RemovableList
        label="Ignored rules"
        items={items}
        empty="No ignored rules."
        describe={describeIgnored}
        onRemove={(item) => {
          const { site, rule } = parseItem(item);
          void update('ignored', (current) =>
            site === null
              ? { ignoredRules: current.ignoredRules.filter((entry) => entry !== rule) }
              : {
                  siteIgnoredRules: current.siteIgnoredRules.filter(
                    (entry) => !(entry.site === site && entry.rule === rule),
                  ),
                },
          );
        }}
      />
    </Section>
  );
}

/** The person's own style rules: a textbox, saved when every line reads (utils/rules/style-rules.ts). */
export function StyleRulesSection() {
  const styleRules = useOptions((s) => s.settings.styleRules);
  const update = useOptions((s) => s.update);
  return (
    <Section
      title="Your rules"
      autosave="rules"
      intro="Words you want flagged wherever you write, checked on this device as you type. The model is told them too."
    >
      <DraftField
        label="Style rules"
        multiline
        rows={6}
        className="style-rules"
        placeholder={'utilize => use # plain words\nvery'}
        hint={
          <>
            One rule per line: <code>avoid =&gt; prefer</code>, or just <code>avoid</code> to only flag it; an
            optional <code># note</code> is shown on the card. Lower-case rules match any case; whole words
            only.
          </>
        }
        value={styleRules}
        format={(text) => text}
        parse={(text) => {
          const { problems } = parseStyleRules(text);
          if (!problems.length) return { ok: true, value: text };
          const more = problems.length > 3 ? ` (${problems.length - 3} more)` : '';
          return { ok: false, error: `${describeProblems(problems.slice(0, 3))}${more}` };
        }}
        onCommit={(value) => void update('rules', () => ({ styleRules: value }))}
      />
    </Section>
  );
}
