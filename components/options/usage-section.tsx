import { useEffect } from 'react';
import { dayKey, formatCost, usageReport, type UsageRow } from '@/utils/usage';
import type { UsageTask } from '@/utils/settings';
import { useOptions } from './options-context';
import { Section } from './section';

const TASK_LABEL: Record<UsageTask, string> = { check: 'Checks', rewrite: 'Rewrite', chat: 'Chat' };

const cost = (row: Pick<UsageRow, 'costUSD' | 'unpriced'>) =>
  row.unpriced
    ? row.costUSD > 0
      ? `~${formatCost(row.costUSD)}+`
      : 'unknown'
    : `~${formatCost(row.costUSD)}`;

/** Where the money went: tokens and estimated cost per day for the last 30 days, by task and model. */
export function UsageSection() {
  const usage = useOptions((s) => s.usage);
  const { rows, total } = usageReport(usage, dayKey());
  const number = new Intl.NumberFormat();

  // Opened from the popup's usage line (options.html#usage): bring the section into view.
  useEffect(() => {
    if (location.hash === '#usage') document.getElementById('usage')?.scrollIntoView();
  }, []);

  return (
    <Section
      id="usage"
      title="Usage"
      intro="Tokens your model used for Redline in the last 30 days, by day, task and model, and what they cost at the prices in Advanced. Cached input is the part of the prompt your provider served from its prompt cache, priced lower."
    >
      {rows.length === 0 ? (
        <p className="empty rl-muted">No model requests in the last 30 days.</p>
      ) : (
        // Focusable so that a narrow window can scroll it with the keyboard.
        <div className="table-scroll" tabIndex={0}>
          <table className="usage-table" aria-label="Model usage, last 30 days">
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Task</th>
                <th scope="col">Model</th>
                <th scope="col">Requests</th>
                <th scope="col">Input tokens</th>
                <th scope="col">Cached input</th>
                <th scope="col">Output tokens</th>
                <th scope="col">Cost</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.day}|${row.task ?? ''}|${row.model ?? ''}`}>
                  <td>{row.day}</td>
                  <td>{row.task ? TASK_LABEL[row.task] : 'All'}</td>
                  <td>{row.model ?? '—'}</td>
                  <td>{number.format(row.requests)}</td>
                  <td>{number.format(row.promptTokens)}</td>
                  <td>{number.format(row.cachedTokens)}</td>
                  <td>{number.format(row.completionTokens)}</td>
                  <td>{cost(row)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={3}>
                  30 days
                </th>
                <td>{number.format(total.requests)}</td>
                <td>{number.format(total.promptTokens)}</td>
                <td>{number.format(total.cachedTokens)}</td>
                <td>{number.format(total.completionTokens)}</td>
                <td>{cost(total)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </Section>
  );
}
