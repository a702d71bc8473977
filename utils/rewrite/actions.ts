/**
 * The rewrite actions and their context-menu items, shared by the background (menus, prompts) and
 * the page side (picker, panel). Pure: no `browser.*`, no DOM.
 */

/** Built-in rewrites, in menu order. Ids are part of the e2e contract (shared/DESIGN.md). */
export const BUILT_IN_ACTIONS = [
  'fix',
  'formal',
  'friendly',
  'concise',
  'confident',
  'shorten',
  'expand',
  'translate',
] as const;
export type BuiltInAction = (typeof BUILT_IN_ACTIONS)[number];

/** What a menu item asks for: a built-in rewrite, or the user's custom prompt number `index`. */
export type RewriteAction = { kind: 'built-in'; action: BuiltInAction } | { kind: 'custom'; index: number };

export const MENU_PARENT_ID = 'redline';
export const MENU_SEPARATOR_ID = 'redline-separator';
const MENU_PREFIX = 'redline-';
const CUSTOM_PREFIX = 'redline-custom-';

/** One entry of the menu (and of the in-page picker). */
export interface RewriteMenuItem {
  id: string;
  title: string;
}

/** What the menus need from the settings. */
export interface MenuSettings {
  translateLanguage: string;
  customPrompts: readonly { name: string }[];
}

const BUILT_IN_TITLES: Record<Exclude<BuiltInAction, 'translate'>, string> = {
  fix: 'Fix grammar',
  formal: 'Make formal',
  friendly: 'Make friendly',
  concise: 'Make concise',
  confident: 'Make confident',
  shorten: 'Shorten',
  expand: 'Expand',
};

export function menuIdFor(action: RewriteAction): string {
  return action.kind === 'custom' ? `${CUSTOM_PREFIX}${action.index}` : `${MENU_PREFIX}${action.action}`;
}

/** The action behind a menu item id, or null for ids that are not rewrites (the parent, others'). */
export function actionFromMenuId(id: string | number): RewriteAction | null {
  if (typeof id !== 'string') return null;
  if (id.startsWith(CUSTOM_PREFIX)) {
    const digits = id.slice(CUSTOM_PREFIX.length);
    return /^\d{1,2}$/.test(digits) ? { kind: 'custom', index: Number(digits) } : null;
  }
  const name = id.slice(MENU_PREFIX.length);
  return id.startsWith(MENU_PREFIX) && (BUILT_IN_ACTIONS as readonly string[]).includes(name)
    ? { kind: 'built-in', action: name as BuiltInAction }
    : null;
}

/** The rewrite entries under "Redline", built-ins first, then the custom prompts by name. */
export function rewriteMenuItems(settings: MenuSettings): RewriteMenuItem[] {
  const builtIns = BUILT_IN_ACTIONS.map((action) => ({
    id: menuIdFor({ kind: 'built-in', action }),
    title: action === 'translate' ? `Translate to ${settings.translateLanguage}` : BUILT_IN_TITLES[action],
  }));
  const custom = settings.customPrompts.map((prompt, index) => ({
    id: menuIdFor({ kind: 'custom', index }),
    title: prompt.name,
  }));
  return [...builtIns, ...custom];
}
