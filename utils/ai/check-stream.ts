/**
 * A check reply read as it streams: each suggestion object is validated the moment its closing
 * brace arrives (`@streamparser/json`, one pass over the text), so its underline need not wait for
 * the rest of the reply. What is seen here is only shown early: the whole reply is still parsed by
 * `parseCheckReply` at the end, and that is what counts and is cached.
 */
import { JSONParser } from '@streamparser/json';
import { checkItem, MAX_ITEMS, type CheckItem } from './check-reply';

export class CheckItemStream {
  readonly #parser = new JSONParser({ paths: ['$.suggestions.*'], keepStack: false });
  readonly #items: CheckItem[] = [];
  #fresh: CheckItem[] = [];
  /** Text before the JSON begins (a reasoning model's `<think>`, a code fence): held until `{`. */
  #lead: string | null = '';
  /** The reply stopped being JSON this parser can follow: nothing more is shown early. */
  #broken = false;

  constructor() {
    this.#parser.onValue = ({ value }) => {
      if (this.#items.length >= MAX_ITEMS) return;
      const item = checkItem(value);
      if (item) {
        this.#items.push(item);
        this.#fresh.push(item);
      }
    };
    this.#parser.onError = () => {
      this.#broken = true;
    };
  }

  /** Every valid item so far, in reply order. */
  get items(): readonly CheckItem[] {
    return this.#items;
  }

  /** Reads the next piece of content; returns the items it completed (often none). */
  push(delta: string): CheckItem[] {
    if (this.#broken || !delta) return [];
    let text = delta;
    if (this.#lead !== null) {
      const lead = (this.#lead + delta).replace(/<think>[\s\S]*?<\/think>/g, '');
      // Inside an unfinished reasoning section, or no JSON yet: wait for more.
      const brace = lead.includes('<think>') ? -1 : lead.indexOf('{');
      if (brace === -1) {
        this.#lead = lead.length > 64 * 1024 ? null : lead;
        if (this.#lead === null) this.#broken = true;
        return [];
      }
      this.#lead = null;
      text = lead.slice(brace);
    }
    try {
      if (!this.#parser.isEnded) this.#parser.write(text);
    } catch {
      this.#broken = true;
    }
    const fresh = this.#fresh;
    this.#fresh = [];
    return fresh;
  }
}
