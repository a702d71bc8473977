import { limitDetail, limitTitle, nearMessage, spendingState } from '@/utils/spending';
import { needsKeyNotice, usePopup } from './store';

/** The no-key and privacy-mode notices, and any failed save. */
export function PopupNotices() {
  const privacyMode = usePopup((s) => s.settings?.privacyMode ?? false);
  const showKeyNotice = usePopup((s) => needsKeyNotice(s.settings, s.key));
  const problem = usePopup((s) => s.problem);
  const openOptions = usePopup((s) => s.openOptions);
  const advanced = usePopup((s) => s.settings?.advanced);
  const usage = usePopup((s) => s.usage);
  const stop = usePopup((s) => s.spendingStop);
  const spending = advanced ? spendingState(usage, advanced, new Date(), 0, stop) : null;
  const near = spending && nearMessage(spending);
  return (
    <>
      {spending?.reached && (
        <section className="rl-notice rl-notice-error" role="alert" aria-label="Spending limit">
          <p>
            <strong>{limitTitle(spending.reached)}</strong>
          </p>
          <p>
            {limitDetail(spending.reached)}{' '}
            <button type="button" className="rl-link-button" onClick={() => void openOptions()}>
              Open settings
            </button>
          </p>
        </section>
      )}
      {near && (
        <p className="rl-notice" role="status" aria-label="Spending limit">
          {near}
        </p>
      )}
      {showKeyNotice && (
        <section className="rl-notice" aria-label="API key">
          <p>
            No API key yet — add one in Settings to get model suggestions, rewrites and chat. Local spelling
            and grammar checks work without a key.{' '}
            <button type="button" className="rl-link-button" onClick={() => void openOptions()}>
              Open settings
            </button>
          </p>
        </section>
      )}
      {privacyMode && (
        <p className="rl-notice rl-notice-privacy" role="status">
          <strong>Privacy mode: local checks only</strong>
        </p>
      )}
      {problem && (
        <p className="rl-notice rl-notice-error" role="alert">
          {problem}
        </p>
      )}
    </>
  );
}
