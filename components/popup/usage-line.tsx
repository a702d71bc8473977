import { dayKey } from '@/utils/usage';
import { usePopup } from './store';
import { summarizeUsage } from './usage-summary';

/** Tokens used today and their estimated cost; opens where the money went, per day, task and model. */
export function UsageLine() {
  const today = usePopup((s) => s.usage[dayKey()]);
  const openUsage = usePopup((s) => s.openUsage);
  const { text, detail } = summarizeUsage(today);
  return (
    <footer className="rl-usage rl-muted" title={detail}>
      <span className="rl-usage-text">{text}</span>
      <button type="button" className="rl-link-button" onClick={() => void openUsage()}>
        Usage details
      </button>
    </footer>
  );
}
