/**
 * The right-click menu (Redline → Fix grammar, Make formal, …, custom prompts) and the keyboard
 * shortcut that opens the same list as an in-page picker. Both only tell the tab what was chosen,
 * with a grant for that person's action (rewrite-grants.ts): the page side reads the selection and
 * streams the rewrite over the rewrite port, which runs only with the grant.
 */
import browser from 'webextension-polyfill';
import type { Menus, Tabs } from 'webextension-polyfill';
import type { RewriteGrants } from './ai/rewrite-grants';
import {
  MENU_PARENT_ID,
  MENU_SEPARATOR_ID,
  actionFromMenuId,
  menuIdFor,
  rewriteMenuItems,
  type MenuSettings,
} from './rewrite/actions';
import { getSettings, watchSettings } from './settings';
import { sendToTab } from './sites';

/** The `commands` entry in wxt.config.ts. */
export const PICKER_COMMAND = 'rewrite-selection';

const CONTEXTS: Menus.ContextType[] = ['selection', 'editable'];

function create(properties: Menus.CreateCreatePropertiesType): Promise<void> {
  return new Promise((resolve) => {
    browser.contextMenus.create(properties, () => {
      // A failed item (say, a duplicate id from a rebuild racing another) is logged, never thrown.
      const error = browser.runtime.lastError;
      if (error) console.warn('Redline: menu item', properties.id, error.message);
      resolve();
    });
  });
}

/** Replaces every Redline menu item with the current list. */
async function buildMenu(settings: MenuSettings): Promise<void> {
  await browser.contextMenus.removeAll();
  await create({ id: MENU_PARENT_ID, title: 'Redline', contexts: CONTEXTS });
  const items = rewriteMenuItems(settings);
  const firstCustom = menuIdFor({ kind: 'custom', index: 0 });
  for (const item of items) {
    // A line between the built-in rewrites and the user's own.
    if (item.id === firstCustom) {
      await create({
        id: MENU_SEPARATOR_ID,
        parentId: MENU_PARENT_ID,
        type: 'separator',
        contexts: CONTEXTS,
      });
    }
    await create({ id: item.id, parentId: MENU_PARENT_ID, title: item.title, contexts: CONTEXTS });
  }
}

const menuKey = (settings: MenuSettings) =>
  JSON.stringify([settings.translateLanguage, settings.customPrompts.map((p) => p.name)]);

/** Builds the menu now and again whenever its items change; routes clicks and the shortcut to the tab. */
export function registerContextMenu(grants: RewriteGrants): void {
  // Rebuilds run one after another: two at once would both create the same ids.
  let building: Promise<void> = Promise.resolve();
  let built = '';
  const rebuild = (settings: MenuSettings) => {
    const key = menuKey(settings);
    if (key === built) return;
    built = key;
    building = building
      .then(() => buildMenu(settings))
      .catch((error: unknown) => console.warn('Redline: menu', error));
  };
  void getSettings().then(rebuild);
  watchSettings(rebuild);

  const onMenuClick = (info: Menus.OnClickData, tab: Tabs.Tab | undefined) => {
    const id = String(info.menuItemId);
    const action = actionFromMenuId(id);
    const tabId = tab?.id;
    if (!action || tabId === undefined || tabId < 0) return;
    void getSettings().then((settings) => {
      const item = rewriteMenuItems(settings).find((entry) => entry.id === id);
      if (!item) return;
      // Resolved here, once: the page is told what to show and holds a grant for this action only.
      const frameId = info.frameId ?? 0;
      const grant = grants.issue({ tabId, frameId }, action);
      void sendToTab(tabId, { kind: 'rewrite.open', item, grant }, frameId);
    });
  };

  const onCommand = (command: string, tab: Tabs.Tab | undefined) => {
    if (command !== PICKER_COMMAND) return;
    void (async () => {
      const target = tab ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0];
      if (target?.id === undefined || target.id < 0) return;
      // Every frame hears it; the one that has focus answers and its picker names the choice.
      const grant = grants.issue({ tabId: target.id }, null);
      const items = rewriteMenuItems(await getSettings());
      await sendToTab(target.id, { kind: 'rewrite.picker', items, grant });
    })();
  };

  browser.contextMenus.onClicked.addListener(onMenuClick);
  browser.commands.onCommand.addListener(onCommand);
  // The Firefox lane fires these as a click or the shortcut would (Playwright dispatches Chromium's
  // events instead): WebDriver BiDi can neither open a browser menu nor press a browser shortcut.
  if (import.meta.env.MODE === 'e2e')
    void import('./testing/background-hooks').then(({ exposeMenuForTests }) =>
      exposeMenuForTests({ onMenuClick, onCommand }),
    );

  browser.tabs.onRemoved.addListener((tabId) => grants.forgetTab(tabId));
}
