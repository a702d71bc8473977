/**
 * e2e builds only (`import.meta.env.MODE === 'e2e'`): lets a test fire the context menu and the
 * rewrite shortcut as a person's click or key press would, in browsers whose driver cannot (Firefox
 * over WebDriver BiDi reaches neither the browser's menus nor its shortcuts; the Chromium specs
 * dispatch `chrome.contextMenus.onClicked` in the service worker instead).
 *
 * A port named `redline-e2e-hooks`, answered only for Redline's own pages. The message names the tab
 * by URL; the background's own listeners (context-menu.ts) run with that tab, as the browser's event
 * would have called them.
 */
import browser from 'webextension-polyfill';
import type { Menus, Runtime, Tabs } from 'webextension-polyfill';

export const E2E_HOOKS_PORT = 'redline-e2e-hooks';

interface MenuListeners {
  onMenuClick(info: Menus.OnClickData, tab: Tabs.Tab | undefined): void;
  onCommand(command: string, tab: Tabs.Tab | undefined): void;
}

type HookMessage =
  | { hook: 'menuClick'; pageUrl: string; menuItemId: string; editable: boolean }
  | { hook: 'command'; pageUrl: string; command: string };

function fromExtensionPage(port: Runtime.Port): boolean {
  const url = port.sender?.url ?? '';
  return port.sender?.id === browser.runtime.id && url.startsWith(browser.runtime.getURL('/'));
}

export function exposeMenuForTests(listeners: MenuListeners): void {
  if (import.meta.env.MODE !== 'e2e') return;
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== E2E_HOOKS_PORT) return;
    if (!fromExtensionPage(port)) {
      port.disconnect();
      return;
    }
    port.onMessage.addListener((raw: unknown) => {
      const message = raw as HookMessage;
      void (async () => {
        const tab = (await browser.tabs.query({})).find((t) => t.url === message.pageUrl);
        if (!tab) {
          port.postMessage({ ok: false, error: `no tab at ${message.pageUrl}` });
          return;
        }
        if (message.hook === 'menuClick') {
          listeners.onMenuClick(
            {
              menuItemId: message.menuItemId,
              parentMenuItemId: 'redline',
              editable: message.editable,
              pageUrl: message.pageUrl,
              frameId: 0,
              modifiers: [],
            },
            tab,
          );
        } else {
          listeners.onCommand(message.command, tab);
        }
        port.postMessage({ ok: true });
      })();
    });
  });
}
