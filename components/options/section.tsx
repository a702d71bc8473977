import { useEffect, useId, useState, type ReactNode } from 'react';
import { useOptions } from './options-context';
import type { SectionId } from './store';

/** How long "Saved" stays next to a section heading after an automatic save. */
const SAVED_VISIBLE_MS = 3000;

/** Says when a change in this section was saved (or why it was not). */
export function SaveIndicator({ section }: { section: SectionId }) {
  const autosave = useOptions((state) => state.autosave);
  const [hiddenSeq, setHiddenSeq] = useState(-1);
  useEffect(() => {
    if (autosave?.state !== 'saved') return;
    const { seq } = autosave;
    const timer = setTimeout(() => setHiddenSeq(seq), SAVED_VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [autosave]);
  const mine = autosave && autosave.section === section && autosave.seq !== hiddenSeq ? autosave : null;
  const text = !mine
    ? ''
    : mine.state === 'saving'
      ? 'Saving…'
      : mine.state === 'saved'
        ? 'Saved'
        : mine.message;
  const tone = mine?.state === 'error' ? 'rl-error' : mine?.state === 'saved' ? 'rl-ok' : 'rl-muted';
  return (
    <span role="status" className={`save-indicator ${tone}`}>
      {text}
    </span>
  );
}

interface SectionProps {
  title: string;
  /** Sections that save on change show when they did. */
  autosave?: SectionId;
  intro?: ReactNode;
  children: ReactNode;
  /** The page's anchor for this section (options.html#id). */
  id?: string;
}

export function Section({ title, autosave, intro, children, id }: SectionProps) {
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId} id={id}>
      <header className="card-header">
        <h2 id={headingId}>{title}</h2>
        {autosave && <SaveIndicator section={autosave} />}
      </header>
      {intro && <p className="intro rl-muted">{intro}</p>}
      {children}
    </section>
  );
}
