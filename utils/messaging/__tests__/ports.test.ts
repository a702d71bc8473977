import { describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { createPortClient } from '../ports';
import type { CheckRequest, CheckResult } from '../protocol';
import { servePort, type PortService } from '../serve-port';

/*
 * The port helpers end to end in memory: the real client (ports.ts) talking to the real server
 * (serve-port.ts) over a linked pair of ports that behaves like `runtime.connect`'s: messages arrive
 * asynchronously as copies, and a disconnect is seen by the other end only.
 */

type Listener = (...args: unknown[]) => void;

function linkedPorts(name: string): {
  client: Runtime.Port;
  server: Runtime.Port;
  broken: { value: boolean };
} {
  const broken = { value: false };
  const make = () => {
    const message = new Set<Listener>();
    const disconnect = new Set<Listener>();
    const port = {
      name,
      sender: { id: 'redline', url: 'https://example.com/' },
      onMessage: {
        addListener: (l: Listener) => void message.add(l),
        removeListener: (l: Listener) => void message.delete(l),
        hasListener: (l: Listener) => message.has(l),
      },
      onDisconnect: {
        addListener: (l: Listener) => void disconnect.add(l),
        removeListener: (l: Listener) => void disconnect.delete(l),
        hasListener: (l: Listener) => disconnect.has(l),
      },
    } as unknown as Runtime.Port;
    return { port, message, disconnect };
  };
  const a = make();
  const b = make();
  let open = true;
  const wire = (from: typeof a, to: typeof b) => {
    from.port.postMessage = (data: unknown) => {
      if (broken.value) throw new Error('Extension context invalidated.');
      if (!open) throw new Error('Attempting to use a disconnected port object');
      const copy = JSON.parse(JSON.stringify(data)) as unknown;
      queueMicrotask(() => to.message.forEach((l) => l(copy, to.port)));
    };
    from.port.disconnect = () => {
      if (!open) return;
      open = false;
      queueMicrotask(() => to.disconnect.forEach((l) => l(to.port)));
    };
  };
  wire(a, b);
  wire(b, a);
  return { client: a.port, server: b.port, broken };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A streaming service: emits `chunks` pieces, one per tick, unless aborted. */
function rewriteLikeService(overrides: Partial<PortService<'redline-rewrite'>> = {}) {
  const seen = { signals: [] as AbortSignal[], handled: 0 };
  const service: PortService<'redline-rewrite'> = {
    accepts: () => true,
    parse: (raw) =>
      typeof raw === 'object' && raw !== null && typeof (raw as { text?: unknown }).text === 'string'
        ? (raw as never)
        : null,
    refuse: (reason) => ({ ok: false, code: reason, message: reason }) as never,
    maxInFlight: 2,
    async handle(request, call) {
      seen.handled++;
      seen.signals.push(call.signal);
      const words = (request as unknown as { text: string }).text.split(' ');
      for (const word of words) {
        if (call.signal.aborted) return { ok: false, code: 'aborted', message: 'Stopped.' } as never;
        call.emit({ type: 'delta', text: `${word} ` });
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      return { ok: true, text: request.text } as never;
    },
    ...overrides,
  };
  return { service, seen };
}

function setup(service: PortService<'redline-rewrite'>) {
  const ports: ReturnType<typeof linkedPorts>[] = [];
  const holds = { held: 0, released: 0 };
  const keepAlive = {
    hold: () => {
      holds.held++;
      return () => void holds.released++;
    },
  };
  const client = createPortClient('redline-rewrite', (name) => {
    const pair = linkedPorts(name);
    ports.push(pair);
    servePort(pair.server, service as never, keepAlive);
    return pair.client;
  });
  return { client, ports, holds };
}

const request = (text: string) => ({ grant: 'g', text }) as never;

describe('port helpers', () => {
  it('streams one message per chunk, in order, then exactly one result; the worker is held meanwhile', async () => {
    const { service } = rewriteLikeService();
    const { client, holds } = setup(service);
    const chunks: string[] = [];
    const call = client.request(request('one two three'), (chunk) => {
      if (chunk.type === 'delta') chunks.push(chunk.text);
    });
    const outcome = await call.result;
    expect(chunks).toEqual(['one ', 'two ', 'three ']);
    expect(outcome).toEqual({ ok: true, result: { ok: true, text: 'one two three' } });
    expect(holds).toEqual({ held: 1, released: 1 });
  });

  it('cancel aborts that request only; its end still arrives', async () => {
    const { service, seen } = rewriteLikeService();
    const { client } = setup(service);
    const first = client.request(request('a b c d e f g h'));
    const second = client.request(request('x y'));
    await flush();
    first.cancel();
    expect(await first.result).toEqual({
      ok: true,
      result: { ok: false, code: 'aborted', message: 'Stopped.' },
    });
    expect(await second.result).toEqual({ ok: true, result: { ok: true, text: 'x y' } });
    expect(seen.signals[0]?.aborted).toBe(true);
    expect(seen.signals[1]?.aborted).toBe(false);
  });

  it('the port closing aborts everything in flight on the server and settles the client as lost', async () => {
    const { service, seen } = rewriteLikeService();
    const { client, ports } = setup(service);
    const lost = vi.fn();
    client.onLost(lost);
    const call = client.request(request('a b c d e f g h'));
    await flush();
    // The background side goes (worker stopped): the page sees it lost.
    ports[0]?.server.disconnect();
    expect(await call.result).toEqual({ ok: false, lost: true });
    expect(lost).toHaveBeenCalledTimes(1);
    // The next request opens a new port.
    expect(await client.request(request('again')).result).toMatchObject({ ok: true });
    expect(ports).toHaveLength(2);
    expect(seen.handled).toBe(2);
  });

  it('close() from the page aborts the server’s work and does not count as lost', async () => {
    const { service, seen } = rewriteLikeService();
    const { client } = setup(service);
    const lost = vi.fn();
    client.onLost(lost);
    const call = client.request(request('a b c d e f g h'));
    await flush();
    client.close();
    expect(await call.result).toEqual({ ok: false, lost: true });
    await flush();
    expect(seen.signals[0]?.aborted).toBe(true);
    expect(lost).not.toHaveBeenCalled();
  });

  it('refuses malformed requests and more than its in-flight cap, without running them', async () => {
    const { service, seen } = rewriteLikeService({ maxInFlight: 1 });
    const { client } = setup(service);
    expect(await client.request({ nonsense: true } as never).result).toEqual({
      ok: true,
      result: { ok: false, code: 'malformed', message: 'malformed' },
    });
    const running = client.request(request('a b c d'));
    const refused = client.request(request('x'));
    expect(await refused.result).toEqual({ ok: true, result: { ok: false, code: 'busy', message: 'busy' } });
    await running.result;
    expect(seen.handled).toBe(1);
  });

  it('ignores messages that are not the wire format, and a repeated id', async () => {
    const { service, seen } = rewriteLikeService();
    const pair = linkedPorts('redline-rewrite');
    const posted: unknown[] = [];
    pair.client.onMessage.addListener((m: unknown) => void posted.push(m));
    servePort(pair.server, service as never, { hold: () => () => undefined });
    pair.client.postMessage({ type: 'start', id: 'x', request: request('a') });
    pair.client.postMessage('hello');
    pair.client.postMessage({ type: 'start', id: 1, request: request('slow one two three') });
    pair.client.postMessage({ type: 'start', id: 1, request: request('again') });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(seen.handled).toBe(1);
    expect(posted.filter((m) => (m as { type: string }).type === 'end')).toHaveLength(1);
  });

  it('an orphaned page (extension reloaded) gets lost at once, and its lost listeners are told', async () => {
    const { service } = rewriteLikeService();
    const { client, ports } = setup(service);
    await client.request(request('first')).result;
    const lost = vi.fn();
    client.onLost(lost);
    if (ports[0]) ports[0].broken.value = true;
    expect(await client.request(request('second')).result).toEqual({ ok: false, lost: true });
    expect(lost).toHaveBeenCalled();
  });

  it('types a check request end to end too (the server half never sees the page’s objects)', async () => {
    const received: CheckRequest[] = [];
    const service: PortService<'redline-check'> = {
      accepts: () => true,
      parse: (raw) => raw as CheckRequest,
      refuse: () => ({ ok: false, code: 'x', message: 'x' }),
      maxInFlight: 4,
      async handle(req) {
        received.push(req);
        const result: CheckResult = {
          ok: true,
          results: req.paragraphs.map((p) => ({ hash: p.hash, suggestions: [] })),
        };
        return result;
      },
    };
    const paragraphs = [{ hash: 'h1', text: 'Hello.' }];
    const client = createPortClient('redline-check', (name) => {
      const pair = linkedPorts(name);
      servePort(pair.server, service, { hold: () => () => undefined });
      return pair.client;
    });
    expect(await client.request({ checker: 'local', paragraphs }).result).toEqual({
      ok: true,
      result: { ok: true, results: [{ hash: 'h1', suggestions: [] }] },
    });
    expect(received[0]?.paragraphs).toEqual(paragraphs);
    expect(received[0]?.paragraphs).not.toBe(paragraphs);
  });
});
