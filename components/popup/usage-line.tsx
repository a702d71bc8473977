import { dayKey } from '@/utils/usage';
import { usePopup } from './store';
import { summarizeUsage } from './usage-summary';

/** Tokens used today and their estimated cost. */
export function UsageLine() {
  const today = usePopup((s) => s.usage[dayKey()]);
  const { text, detail } = summarizeUsage(today);
  return (
    <footer className="rl-usage rl-muted" title={detail}>
      {text}
    </footer>
  );
}
