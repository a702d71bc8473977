/**
 * Messages between the background and the offscreen document that hosts the linter (Chromium).
 * They travel over `runtime.sendMessage`, which every extension context hears, so each carries a
 * `target` the document answers to and everything else ignores.
 */
import type { ParagraphRequest } from '../text/types';
import type { CheckerSettings } from './local-checker';

export const OFFSCREEN_TARGET = 'redline-local-checker';

/** The offscreen document's page, built from an unlisted HTML entrypoint of that name. */
export const OFFSCREEN_PAGE = '/local-check-offscreen.html';

export type OffscreenRequest = { target: typeof OFFSCREEN_TARGET; settings: CheckerSettings } & (
  | { op: 'warm' }
  | { op: 'check'; paragraphs: ParagraphRequest[]; scope: string }
  | { op: 'configure' }
  | { op: 'languages'; texts: string[]; scope: string }
);

/** Shape check on the document's side; the contents come from Redline's own background. */
export function isOffscreenRequest(message: unknown): message is OffscreenRequest {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Record<string, unknown>;
  if (m.target !== OFFSCREEN_TARGET || typeof m.settings !== 'object' || m.settings === null) return false;
  if (m.op === 'check') return Array.isArray(m.paragraphs) && typeof m.scope === 'string';
  if (m.op === 'languages') return Array.isArray(m.texts) && typeof m.scope === 'string';
  return m.op === 'warm' || m.op === 'configure';
}
