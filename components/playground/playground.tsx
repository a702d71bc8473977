import browser from 'webextension-polyfill';
import './playground.css';

const SAMPLE =
  'Redline checks you writing as you type. This is a example of a sentence with a few mistake. ' +
  'He don’t like mornings, and and he could of said so sooner.';

/** Redline's own page for trying it out: the same fields people meet on the web. */
export function Playground() {
  return (
    <main className="playground">
      <header>
        <h1>
          <span className="mark">Redline</span> playground
        </h1>
        <p className="rl-muted">
          Type in any field below, pause, and mistakes get underlined. Local spelling and grammar checks run
          on your machine with no key; add a model in{' '}
          <a href="#" onClick={(event) => (event.preventDefault(), void browser.runtime.openOptionsPage())}>
            settings
          </a>{' '}
          for deeper suggestions, tone and rewrites.
        </p>
      </header>
      <section>
        <label htmlFor="pg-textarea">A textarea</label>
        <textarea id="pg-textarea" rows={6} defaultValue={SAMPLE} />
      </section>
      <section>
        <label htmlFor="pg-input">A text input</label>
        <input id="pg-input" type="text" defaultValue="Thanks for you help yesterday." />
      </section>
      <section>
        <span id="pg-editable-label">A rich text area (contenteditable)</span>
        <div
          className="editable"
          contentEditable
          suppressContentEditableWarning
          role="textbox"
          aria-multiline="true"
          aria-labelledby="pg-editable-label"
        >
          <p>Click a underline, or press Alt+Enter in a field, to see the suggestion.</p>
        </div>
      </section>
      <section>
        <label htmlFor="pg-password">Passwords are never read</label>
        <input id="pg-password" type="password" defaultValue="hunter2" />
      </section>
    </main>
  );
}
