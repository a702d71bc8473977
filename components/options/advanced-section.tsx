import type { ReactNode } from 'react';
import { knownPrice } from '@/utils/providers';
import { DEFAULT_CHAT_SYSTEM_MESSAGE, type AdvancedSettings } from '@/utils/settings';
import { DraftField } from './fields';
import { useOptions } from './options-context';
import { Section } from './section';
import {
  ADVANCED_NUMBER_RULES,
  formatNumber,
  MAX_CHAT_SYSTEM_MESSAGE,
  parseNumberField,
  type AdvancedNumberKey,
  type NumberRule,
  type Parsed,
} from './validation';

function parseSystemMessage(text: string): Parsed<string> {
  return text.length > MAX_CHAT_SYSTEM_MESSAGE
    ? { ok: false, error: `At most ${MAX_CHAT_SYSTEM_MESSAGE.toLocaleString('en-US')} characters.` }
    : { ok: true, value: text };
}

interface NumberFieldProps {
  name: AdvancedNumberKey;
  label: string;
  hint: ReactNode;
  placeholder?: string;
  value: number | null;
  onSave(patch: Partial<AdvancedSettings>): void;
}

export function NumberField({ name, label, hint, placeholder, value, onSave }: NumberFieldProps) {
  const rule: NumberRule = ADVANCED_NUMBER_RULES[name];
  return (
    <DraftField<number | null>
      label={label}
      hint={hint}
      value={value}
      format={formatNumber}
      parse={(text) => parseNumberField(text, rule)}
      onCommit={(next) => onSave({ [name]: next })}
      inputMode={rule.integer ? 'numeric' : 'decimal'}
      placeholder={placeholder}
    />
  );
}

/** The check model's prices, when checks have a model of their own. */
const CHECK_PRICES = [
  { name: 'checkPriceInputPerM', tokens: 'input', kind: 'input' },
  { name: 'checkPriceOutputPerM', tokens: 'output', kind: 'output' },
  { name: 'checkPriceCachedInputPerM', tokens: 'cached input', kind: 'cachedInput' },
] as const;

/** Sampling, limits and prices. Saves each field when it holds a valid value. */
export function AdvancedSection() {
  const advanced = useOptions((s) => s.settings.advanced);
  const model = useOptions((s) => s.settings.model);
  const checkModel = useOptions((s) => s.settings.checkModel.trim());
  const ownCheckModel = checkModel !== '' && checkModel !== model.trim();
  const knownCheck = knownPrice(checkModel);
  const checkHint = (mine: number | null, knownValue: number | undefined): string =>
    mine !== null
      ? 'Your price.'
      : knownValue === undefined
        ? `No known price for “${checkModel}”: enter one to see its cost and count it against the limits.`
        : `Empty: uses $${knownValue}, the estimated price of ${checkModel}.`;
  const update = useOptions((s) => s.update);
  const save = (patch: Partial<AdvancedSettings>) =>
    void update('advanced', (current) => ({ advanced: { ...current.advanced, ...patch } }));

  const known = knownPrice(model);
  const priceHint = (mine: number | null, knownValue: number | undefined): string => {
    if (mine !== null) {
      return knownValue === undefined
        ? 'Your price.'
        : `Your price; clear it to use the estimated $${knownValue}.`;
    }
    return knownValue === undefined
      ? `No known price for “${model}”: enter one to see cost estimates.`
      : `Empty: uses $${knownValue}, the estimated price of ${model}.`;
  };

  return (
    <Section
      title="Advanced"
      autosave="advanced"
      intro="Fine-tuning for rewrites and chat. The defaults suit most models; each field saves when its value is valid."
    >
      <div className="grid-2">
        <NumberField
          name="temperature"
          label="Temperature"
          hint="0 to 2. Higher is more varied; checks always use a low, fixed value."
          value={advanced.temperature}
          onSave={save}
        />
        <NumberField
          name="topP"
          label="Top P"
          hint="Above 0, up to 1. Leave at 1 and let temperature do the work."
          value={advanced.topP}
          onSave={save}
        />
        <NumberField
          name="maxTokensRewrite"
          label="Max tokens for rewrites"
          hint="Longest rewrite reply; shorter selections get less."
          value={advanced.maxTokensRewrite}
          onSave={save}
        />
        <NumberField
          name="maxTokensChat"
          label="Max tokens for chat"
          hint="Longest reply to one chat message."
          value={advanced.maxTokensChat}
          onSave={save}
        />
        <NumberField
          name="requestsPerMinute"
          label="Requests per minute"
          hint="Extra requests wait their turn. 0 = no cap."
          value={advanced.requestsPerMinute}
          onSave={save}
        />
        <div aria-hidden="true" />
        <NumberField
          name="priceInputPerM"
          label="Price per million input tokens (USD)"
          hint={priceHint(advanced.priceInputPerM, known?.input)}
          placeholder={known ? String(known.input) : 'unknown'}
          value={advanced.priceInputPerM}
          onSave={save}
        />
        <NumberField
          name="priceOutputPerM"
          label="Price per million output tokens (USD)"
          hint={priceHint(advanced.priceOutputPerM, known?.output)}
          placeholder={known ? String(known.output) : 'unknown'}
          value={advanced.priceOutputPerM}
          onSave={save}
        />
        <NumberField
          name="priceCachedInputPerM"
          label="Price per million cached input tokens (USD)"
          hint={
            advanced.priceCachedInputPerM !== null
              ? 'Your price.'
              : advanced.priceInputPerM !== null
                ? 'Empty: the input price you set.'
                : priceHint(null, known?.cachedInput)
          }
          placeholder={
            advanced.priceInputPerM !== null
              ? String(advanced.priceInputPerM)
              : known
                ? String(known.cachedInput)
                : 'unknown'
          }
          value={advanced.priceCachedInputPerM}
          onSave={save}
        />
        {ownCheckModel &&
          CHECK_PRICES.map(({ name, tokens, kind }) => (
            <NumberField
              key={name}
              name={name}
              label={`Price per million ${tokens} tokens for ${checkModel} (checks, USD)`}
              hint={checkHint(advanced[name], knownCheck?.[kind])}
              placeholder={knownCheck ? String(knownCheck[kind]) : 'unknown'}
              value={advanced[name]}
              onSave={save}
            />
          ))}
      </div>
      <DraftField
        label="Chat system message"
        hint="The instructions every chat starts with."
        value={advanced.chatSystemMessage}
        format={(value) => value}
        parse={parseSystemMessage}
        onCommit={(chatSystemMessage) => save({ chatSystemMessage })}
        multiline
        rows={4}
      />
      {advanced.chatSystemMessage !== DEFAULT_CHAT_SYSTEM_MESSAGE && (
        <button type="button" onClick={() => save({ chatSystemMessage: DEFAULT_CHAT_SYSTEM_MESSAGE })}>
          Restore the default system message
        </button>
      )}
    </Section>
  );
}
