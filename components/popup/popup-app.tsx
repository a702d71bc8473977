import { useEffect } from 'react';
import { ChatPanel } from './chat-panel';
import { PopupHeader } from './popup-header';
import { PopupNotices } from './popup-notices';
import { PopupStoreContext, type PopupStore } from './store';
import { UsageLine } from './usage-line';
import { WritingSettings } from './writing-settings';
import './popup.css';

/** The toolbar popup. Storage is the source of truth; the store follows it while the popup is open. */
export function PopupApp({ store }: { store: PopupStore }) {
  useEffect(() => store.getState().start(), [store]);
  return (
    <PopupStoreContext.Provider value={store}>
      <div className="rl-popup">
        <PopupHeader />
        <PopupNotices />
        <WritingSettings />
        <ChatPanel />
        <UsageLine />
      </div>
    </PopupStoreContext.Provider>
  );
}
