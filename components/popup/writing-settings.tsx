import { useId, useState } from 'react';
import { isSiteEnabled, TONES, type Tone } from '@/utils/settings';
import { usePopup } from './store';

const TONE_LABELS: Record<Tone, string> = {
  neutral: 'Neutral',
  formal: 'Formal',
  friendly: 'Friendly',
  concise: 'Concise',
  confident: 'Confident',
  academic: 'Academic',
};

/** Saves on blur or Enter, not per keystroke, so a half-typed id never reaches the background. */
function ModelField({ id }: { id: string }) {
  const saved = usePopup((s) => s.settings?.model ?? '');
  const loaded = usePopup((s) => s.settings !== null);
  const setModel = usePopup((s) => s.setModel);
  // null = not editing: the field shows the stored model (and follows changes made elsewhere).
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft !== null) void setModel(draft);
    setDraft(null);
  };
  return (
    <input
      id={id}
      type="text"
      value={draft ?? saved}
      disabled={!loaded}
      placeholder="e.g. gpt-4o-mini"
      spellCheck={false}
      autoComplete="off"
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
        if (e.key === 'Escape' && draft !== null) {
          e.preventDefault();
          setDraft(null);
        }
      }}
    />
  );
}

function SiteSwitch() {
  const site = usePopup((s) => s.site);
  const settings = usePopup((s) => s.settings);
  const setSiteEnabled = usePopup((s) => s.setSiteEnabled);
  if (site.kind === 'loading' || !settings) return <p className="rl-site rl-muted">Checking this page…</p>;
  if (site.kind === 'unsupported')
    return <p className="rl-site rl-muted">Redline doesn’t run on this page.</p>;
  const enabled = isSiteEnabled(settings, site.hostname);
  return (
    <label className="rl-site rl-switch">
      <span className="rl-switch-text">
        Check writing on <strong>{site.hostname}</strong>
      </span>
      <input
        type="checkbox"
        role="switch"
        checked={enabled}
        onChange={(e) => void setSiteEnabled(e.target.checked)}
      />
      <span className="rl-switch-track" aria-hidden="true" />
    </label>
  );
}

/** Tone, model and the on/off switch for the current site. */
export function WritingSettings() {
  const tone = usePopup((s) => s.settings?.tone);
  const setTone = usePopup((s) => s.setTone);
  const toneId = useId();
  const modelId = useId();
  return (
    <section className="rl-settings" aria-label="Writing settings">
      <div className="rl-fields">
        <div className="rl-field">
          <label htmlFor={toneId}>Tone</label>
          <select
            id={toneId}
            value={tone ?? 'neutral'}
            disabled={tone === undefined}
            onChange={(e) => void setTone(e.target.value as Tone)}
          >
            {TONES.map((t) => (
              <option key={t} value={t}>
                {TONE_LABELS[t]}
              </option>
            ))}
          </select>
        </div>
        <div className="rl-field rl-field-grow">
          <label htmlFor={modelId}>Model</label>
          <ModelField id={modelId} />
        </div>
      </div>
      <SiteSwitch />
    </section>
  );
}
