import { describe, expect, it } from 'vitest';
import { actionFromMenuId, menuIdFor, rewriteMenuItems } from '../actions';

describe('rewrite menu items', () => {
  it('lists the built-ins with the ids the e2e contract names, then the custom prompts', () => {
    const items = rewriteMenuItems({
      translateLanguage: 'German',
      customPrompts: [{ name: 'Tweet' }, { name: 'Haiku' }],
    });
    expect(items.map((i) => i.id)).toEqual([
      'redline-fix',
      'redline-formal',
      'redline-friendly',
      'redline-concise',
      'redline-confident',
      'redline-shorten',
      'redline-expand',
      'redline-translate',
      'redline-custom-0',
      'redline-custom-1',
    ]);
    expect(items.find((i) => i.id === 'redline-translate')?.title).toBe('Translate to German');
    expect(items.at(-1)?.title).toBe('Haiku');
  });

  it('maps ids back to actions, and nothing else', () => {
    expect(actionFromMenuId('redline-fix')).toEqual({ kind: 'built-in', action: 'fix' });
    expect(actionFromMenuId('redline-custom-9')).toEqual({ kind: 'custom', index: 9 });
    for (const id of [
      'redline',
      'redline-separator',
      'redline-custom-',
      'redline-custom-x',
      'other-fix',
      7,
    ]) {
      expect(actionFromMenuId(id)).toBeNull();
    }
    expect(actionFromMenuId(menuIdFor({ kind: 'custom', index: 3 }))).toEqual({ kind: 'custom', index: 3 });
  });
});
