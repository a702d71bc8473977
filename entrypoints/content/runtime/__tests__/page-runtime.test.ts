// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CheckRequest, CheckResult } from '@/utils/messaging/protocol';
import type { PortClient } from '@/utils/messaging/ports';
import { createPageRuntime, type PageRuntime } from '../page-runtime';
import type { PageTransport } from '../transport';

/*
 * The page runtime with happy-dom and a fake transport: what goes out to which checker, teardown,
 * and the extension going away. (The real browser, views included, is in tests/e2e.)
 */

const DEBOUNCE_MS = 20;

/** A person's event: happy-dom, like browsers, marks dispatched events untrusted. */
function personEvent<E extends Event>(event: E): E {
  Object.defineProperty(event, 'isTrusted', { value: true });
  return event;
}

function fakeTransport() {
  const requests: CheckRequest[] = [];
  const sent: string[] = [];
  const lost = new Set<() => void>();
  const state = { alive: true, closed: 0, status: { enabled: true } };
  const check = {
    request(request: CheckRequest) {
      requests.push(request);
      const result: CheckResult = {
        ok: true,
        results: request.paragraphs.map((p) => ({ hash: p.hash, suggestions: [] })),
      };
      return { result: Promise.resolve({ ok: true as const, result }), cancel: () => undefined };
    },
    onLost(listener: () => void) {
      lost.add(listener);
      return () => lost.delete(listener);
    },
    close: () => void state.closed++,
  } as unknown as PortClient<'redline-check'>;
  const rewrite = {
    request: vi.fn(),
    onLost: () => () => undefined,
    close: vi.fn(),
  } as unknown as PortClient<'redline-rewrite'>;
  const transport: PageTransport = {
    send: (async (kind: string) => {
      sent.push(kind);
      if (kind === 'site.status') return state.status;
      return {};
    }) as PageTransport['send'],
    check,
    rewrite,
    alive: () => state.alive,
  };
  const texts = (checker: 'local' | 'llm') =>
    requests.filter((r) => r.checker === checker).flatMap((r) => r.paragraphs.map((p) => p.text));
  return { transport, requests, sent, lost, state, texts };
}

/** A visible textarea (happy-dom lays nothing out: the box is given). */
function textarea(): HTMLTextAreaElement {
  const field = document.createElement('textarea');
  field.getBoundingClientRect = () => DOMRect.fromRect({ x: 10, y: 10, width: 400, height: 120 });
  document.body.append(field);
  return field;
}

/** Writes text as a script does: value, then an input event nobody typed. */
function scriptWrites(field: HTMLTextAreaElement, text: string) {
  field.value = text;
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

/** Writes text as a person does: a trusted key and input. */
function personTypes(field: HTMLTextAreaElement, text: string) {
  field.dispatchEvent(personEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true })));
  field.value = text;
  field.dispatchEvent(personEvent(new InputEvent('input', { bubbles: true })));
}

const settle = () => new Promise((resolve) => setTimeout(resolve, DEBOUNCE_MS * 4));

let runtime: PageRuntime | undefined;
let life: AbortController | undefined;

function start(fake: ReturnType<typeof fakeTransport>, onExtensionGone?: () => void) {
  life = new AbortController();
  runtime = createPageRuntime({
    document,
    signal: life.signal,
    transport: fake.transport,
    sensitive: new WeakSet(),
    debounceMs: DEBOUNCE_MS,
    onExtensionGone,
  });
  return runtime;
}

afterEach(() => {
  life?.abort();
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

describe('page runtime', () => {
  it('sends script-written text to the local checker only, and a person’s text to the model too', async () => {
    const fake = fakeTransport();
    const page = start(fake);
    const field = textarea();
    page.attach(field);
    scriptWrites(field, 'Written by the page.');
    await settle();
    expect(fake.texts('local')).toContain('Written by the page.');
    expect(fake.texts('llm')).toEqual([]);

    personTypes(field, 'Written by a person.');
    await settle();
    expect(fake.texts('llm')).toContain('Written by a person.');

    // Past the second in which a change still counts as the person's, the page writes over it: local only.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    scriptWrites(field, 'Written by the page again, later.');
    await settle();
    expect(fake.texts('local')).toContain('Written by the page again, later.');
    expect(fake.texts('llm')).not.toContain('Written by the page again, later.');
  });

  it('checks nothing in a field nobody can see', async () => {
    const fake = fakeTransport();
    const page = start(fake);
    const field = textarea();
    field.getBoundingClientRect = () => DOMRect.fromRect({ x: 10, y: 10, width: 4, height: 4 });
    page.attach(field);
    personTypes(field, 'A lure too small to see.');
    await settle();
    expect(fake.requests).toEqual([]);
  });

  it('a hidden tab does not re-check after a settings change until it is seen again', async () => {
    const fake = fakeTransport();
    const page = start(fake);
    const field = textarea();
    page.attach(field);
    personTypes(field, 'Checked once.');
    await settle();
    const before = fake.requests.length;

    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    await page.configChanged();
    await settle();
    expect(fake.requests.length).toBe(before);

    visibility.mockReturnValue('visible');
    document.dispatchEvent(new Event('visibilitychange'));
    await settle();
    expect(fake.requests.length).toBeGreaterThan(before);
  });

  it('removes everything when its signal aborts: no more checks, ports closed, underlines gone', async () => {
    const fake = fakeTransport();
    const page = start(fake);
    const field = textarea();
    page.attach(field);
    personTypes(field, 'Before the update.');
    await settle();
    const before = fake.requests.length;

    life?.abort();
    expect(fake.state.closed).toBe(1);
    expect(page.overlay.getState().underlines).toEqual([]);
    personTypes(field, 'After the update.');
    field.dispatchEvent(personEvent(new FocusEvent('focusin', { bubbles: true })));
    page.attach(field);
    await settle();
    expect(fake.requests.length).toBe(before);
  });

  it('says the extension is gone when its port closes and the extension id is no more', async () => {
    const fake = fakeTransport();
    const gone = vi.fn();
    start(fake, gone);
    // A service worker's idle stop closes the port too: the extension is still there.
    for (const listener of fake.lost) listener();
    expect(gone).not.toHaveBeenCalled();
    // The browser marks the script orphaned a moment after the port closed.
    for (const listener of fake.lost) listener();
    fake.state.alive = false;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(gone).toHaveBeenCalled();
  });
});
