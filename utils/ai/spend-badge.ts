/**
 * The toolbar badge says when a spending limit stops model requests ("$" on red, and the title
 * says which limit and that local checks continue). It follows every change of the usage or the
 * settings, and wakes at the next local midnight, when a period resets.
 */
import browser from 'webextension-polyfill';
import { limitTitle, nextReset, type SpendingState } from '../spending';
import type { SpendGuard } from './spend-guard';
import { tellTabsConfigChanged } from '../sites';

const RESET_ALARM = 'redline-spending-reset';

export function showSpending(state: SpendingState): void {
  const action = browser.action;
  const name = browser.runtime.getManifest().name;
  const reached = state.reached;
  void action.setBadgeText({ text: reached ? '$' : '' }).catch(() => undefined);
  if (reached) void action.setBadgeBackgroundColor({ color: '#b3261e' }).catch(() => undefined);
  void action.setTitle({ title: reached ? `${name} — ${limitTitle(reached)}` : name }).catch(() => undefined);
}

export function registerSpendingBadge(guard: SpendGuard): void {
  const refresh = () => {
    void guard.state().then(showSpending, () => undefined);
    void browser.alarms.create(RESET_ALARM, { when: nextReset(new Date()).getTime() + 1000 });
  };
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && ('usage' in changes || 'settings' in changes || 'spendingStop' in changes))
      refresh();
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== RESET_ALARM) return;
    // A new day (or month): pages whose model checks stopped at the limit start them again.
    void browser.action
      .getBadgeText({})
      .then((text) => {
        if (text) void tellTabsConfigChanged();
      })
      .catch(() => undefined);
    refresh();
  });
  refresh();
}
