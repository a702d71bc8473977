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
    </Section>
  );
}

/** `local:SpellCheck` → "SpellCheck (local checker)", `llm:style` → "style (your model)". */
export function describeRule(rule: string): string {
  const [source, ...rest] = rule.split(':');
  const name = rest.join(':');
  if (source === 'local' && name) return `${name} (local checker)`;
  if (source === 'llm' && name) return `${name} (your model)`;
  return rule;
}

export function IgnoredRulesSection() {
  const rules = useOptions((s) => s.settings.ignoredRules);
  const update = useOptions((s) => s.update);
  return (
    <Section
      title="Ignored rules"
      autosave="ignored"
      intro="Rules you switched off with “Ignore rule” on a suggestion. Remove one to get its suggestions back."
    >
      <RemovableList
        label="Ignored rules"
        items={rules}
        empty="No ignored rules."
        describe={describeRule}
        onRemove={(rule) =>
          void update('ignored', (current) => ({
            ignoredRules: current.ignoredRules.filter((entry) => entry !== rule),
          }))
        }
      />
    </Section>
  );
}
