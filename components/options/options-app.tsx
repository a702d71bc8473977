import { useEffect } from 'react';
import { AdvancedSection } from './advanced-section';
import { ChecksSection } from './checks-section';
import { ConnectionSection } from './connection-section';
import { DictionarySection, IgnoredRulesSection, SitesSection, StyleRulesSection } from './lists-sections';
import { useOptions } from './options-context';
import { RewritesSection } from './rewrites-section';
import { SpendingSection } from './spending-section';
import { TaskModelsSection } from './task-models-section';
import { UsageSection } from './usage-section';

/** The whole options page. Connection saves with its button; every other section as you change it. */
export function OptionsApp() {
  const init = useOptions((s) => s.init);
  const phase = useOptions((s) => s.phase);
  const loadError = useOptions((s) => s.loadError);
  useEffect(() => init(), [init]);

  return (
    <main className="options">
      <header className="page-header">
        <h1>
          <span className="logo" aria-hidden="true" />
          Redline settings
        </h1>
        <p className="rl-muted">Writing help in every text field, with a local checker and your own model.</p>
      </header>
      {phase === 'loading' && <p className="rl-muted">Loading your settings…</p>}
      {phase === 'error' && (
        <p role="alert" className="callout rl-error">
          Couldn't load your settings: {loadError}
        </p>
      )}
      {phase === 'ready' && (
        <>
          <ConnectionSection />
          <TaskModelsSection />
          <ChecksSection />
          <SitesSection />
          <DictionarySection />
          <StyleRulesSection />
          <IgnoredRulesSection />
          <RewritesSection />
          <AdvancedSection />
          <SpendingSection />
          <UsageSection />
        </>
      )}
    </main>
  );
}
