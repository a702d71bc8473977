import { spendingState } from '@/utils/spending';
import { formatCost, priceFor } from '@/utils/usage';
import { NumberField } from './advanced-section';
import { useOptions } from './options-context';
import { Section } from './section';

/** Daily and monthly limits on what the model may cost, with what is spent so far. */
export function SpendingSection() {
  const settings = useOptions((s) => s.settings);
  const advanced = settings.advanced;
  const usage = useOptions((s) => s.usage);
  const update = useOptions((s) => s.update);
  const save = (patch: Partial<typeof advanced>) =>
    void update('spending', (current) => ({ advanced: { ...current.advanced, ...patch } }));
  const state = spendingState(usage, advanced, new Date());
  const limited = advanced.dailyLimitUSD !== null || advanced.monthlyLimitUSD !== null;
  // Models a limit cannot count: no known price and none entered in Advanced.
  const checkModel = settings.checkModel.trim() || settings.model.trim();
  const unpriced = [
    ...new Set([
      ...(settings.model.trim() && !priceFor(settings, 'chat', settings.model.trim())
        ? [settings.model.trim()]
        : []),
      ...(checkModel && !priceFor(settings, 'check', checkModel) ? [checkModel] : []),
    ]),
  ];
  const spent = (usd: number, limit: number | null, when: string) =>
    limit === null
      ? `${formatCost(usd)} ${when}; no limit.`
      : `${formatCost(usd)} of ${formatCost(limit)} ${when}.`;

  return (
    <Section
      id="spending"
      title="Spending limits"
      autosave="spending"
      intro="At a limit Redline stops asking your model (local checks continue) until the day or month is over, or you raise the limit. Costs are estimated from the prices in Advanced; a model with no price is not counted."
    >
      <div className="grid-2">
        <NumberField
          name="dailyLimitUSD"
          label="Daily limit (USD)"
          hint={spent(state.daily.spentUSD, advanced.dailyLimitUSD, 'today')}
          placeholder="No limit"
          value={advanced.dailyLimitUSD}
          onSave={save}
        />
        <NumberField
          name="monthlyLimitUSD"
          label="Monthly limit (USD)"
          hint={spent(state.monthly.spentUSD, advanced.monthlyLimitUSD, 'this month')}
          placeholder="No limit"
          value={advanced.monthlyLimitUSD}
          onSave={save}
        />
      </div>
      {limited && unpriced.length > 0 && (
        <p className="callout rl-warn">
          No price for {unpriced.map((m) => `“${m}”`).join(' or ')}: its requests cannot be counted against
          these limits. Enter its prices in Advanced.
        </p>
      )}
      {state.reached && (
        <p className="callout rl-warn" role="status">
          {state.reached === 'daily' ? 'Daily' : 'Monthly'} limit reached — local checks continue.
        </p>
      )}
    </Section>
  );
}
