// One reward's form: kind and its setting, cost, stock and limits, texts per language with a live preview
// of the member's card in the language being edited.
import { useState, type FormEvent } from 'react';
import { api, newIdempotencyKey } from '../../../shared/api.ts';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../../shared/components/forms.tsx';
import { LANGUAGE_NAMES } from '../../../shared/components/LanguageSwitch.tsx';
import { Notice, errorMessage } from '../../../shared/components/states.tsx';
import { useI18n, type MessageKey } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';
import { REWARD_KINDS, type Reward, type RewardKind, type TextLocale } from './types.ts';

const EFFECT_FIELD: Partial<Record<RewardKind, { key: string; label: MessageKey; number: boolean }>> = {
  percentage_discount: { key: 'percent', label: 'rewards.percent', number: true },
  fixed_discount: { key: 'amount', label: 'rewards.amount', number: true },
  gift_card: { key: 'value', label: 'rewards.value', number: true },
  free_product: { key: 'sku', label: 'rewards.sku', number: false },
  partner_product: { key: 'partnerId', label: 'rewards.partnerId', number: false },
  donation: { key: 'cause', label: 'rewards.cause', number: false },
};
const TEXT_LOCALES: TextLocale[] = ['he', 'fa', 'en'];

const optionalInt = (v: FormDataEntryValue | null) =>
  v === null || String(v).trim() === '' ? null : Number(v);

export function RewardEditor(props: {
  reward?: Reward;
  tiers: { key: string; name: string }[];
  onSaved(): void;
  onCancel(): void;
}) {
  const { t, number } = useI18n();
  const program = useProgram();
  const r = props.reward;
  const [kind, setKind] = useState<RewardKind>(r?.kind ?? 'free_product');
  const [texts, setTexts] = useState(r?.texts ?? {});
  const [editing, setEditing] = useState<TextLocale>('he');
  const [cost, setCost] = useState(r?.costPoints ?? 100);
  const [error, setError] = useState<unknown>();
  const field = EFFECT_FIELD[kind];
  const text = texts[editing] ?? { name: '' };

  function setText(part: 'name' | 'description' | 'terms', value: string) {
    setTexts({ ...texts, [editing]: { ...text, [part]: value } });
  }

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(undefined);
    const data = new FormData(event.currentTarget);
    const effectValue = field ? data.get('effect') : null;
    const body = {
      kind,
      costPoints: cost,
      stock: optionalInt(data.get('stock')),
      perMemberLimit: optionalInt(data.get('perMemberLimit')),
      couponValidDays: optionalInt(data.get('couponValidDays')),
      minTier: String(data.get('minTier') ?? '') || null,
      imageUrl: String(data.get('imageUrl') ?? '').trim() || null,
      businessCost: Number(data.get('businessCost') ?? 0),
      sortOrder: Number(data.get('sortOrder') ?? 0),
      active: data.get('active') === 'on',
      // Only languages with a name are kept; the portal falls back to another language.
      texts: Object.fromEntries(Object.entries(texts).filter(([, v]) => v?.name.trim())),
      effect:
        field && effectValue !== null
          ? { [field.key]: field.number ? Number(effectValue) : String(effectValue) }
          : {},
    };
    try {
      if (r) await api.put(program.api(`/rewards/${r.id}`), body);
      else await api.post(program.api('/rewards'), body, { idempotencyKey: newIdempotencyKey() });
      props.onSaved();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <form
      className="card reward-editor"
      aria-label={r ? t('rewards.edit') : t('rewards.new')}
      onSubmit={(e) => void save(e)}
    >
      <h2>{r ? t('rewards.edit') : t('rewards.new')}</h2>
      {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      <div className="grid-2">
        <div>
          <SelectField
            label={t('rewards.kind')}
            name="kind"
            value={kind}
            onChange={(e) => setKind(e.target.value as RewardKind)}

            options={REWARD_KINDS.map((k) => ({ value: k, label: t(`rewards.kind.${k}`) }))}
          />
          {field && (
            <TextField
              key={kind}
              label={t(field.label)}
              name="effect"
              required
              type={field.number ? 'number' : 'text'}
              min={field.number ? 1 : undefined}
              defaultValue={r?.kind === kind ? String(r.effect[field.key] ?? '') : ''}
            />
          )}
          <TextField
            label={t('rewards.costPoints')}
            name="costPoints"
            type="number"
            min={0}
            required
            value={String(cost)}
            onChange={(e) => setCost(Number(e.target.value))}
          />
          <TextField
            label={t('rewards.stock')}
            name="stock"
            type="number"
            min={0}
            defaultValue={r?.stockTotal ?? ''}
          />
          <TextField
            label={t('rewards.perMemberLimit')}
            name="perMemberLimit"
            type="number"
            min={1}
            defaultValue={r?.perMemberLimit ?? ''}
          />
          <TextField
            label={t('rewards.couponValidDays')}
            name="couponValidDays"
            type="number"
            min={1}
            defaultValue={r?.couponValidDays ?? ''}
          />
          <SelectField
            label={t('rewards.minTier')}
            name="minTier"
            defaultValue={r?.minTier ?? ''}
            options={[
              { value: '', label: t('rewards.anyTier') },
              ...props.tiers.map((tier) => ({ value: tier.key, label: tier.name })),
            ]}
          />
          <TextField
            label={t('rewards.businessCost')}
            name="businessCost"
            type="number"
            min={0}
            defaultValue={r?.businessCost ?? 0}
          />
          <TextField
            label={t('rewards.imageUrl')}
            name="imageUrl"
            type="url"
            defaultValue={r?.imageUrl ?? ''}
          />
          <TextField
            label={t('rewards.sortOrder')}
            name="sortOrder"
            type="number"
            defaultValue={r?.sortOrder ?? 0}
          />
          <CheckboxField label={t('rewards.active')} name="active" defaultChecked={r?.active ?? true} />
        </div>
        <div>
          <div className="btn-row" role="tablist">
            {TEXT_LOCALES.map((l) => (
              <button
                key={l}
                type="button"
                role="tab"
                aria-selected={l === editing}
                className={`btn ${l === editing ? 'btn-primary' : ''}`}
                lang={l}
                onClick={() => setEditing(l)}
              >
                {LANGUAGE_NAMES[l]}
              </button>
            ))}
          </div>
          <fieldset lang={editing} dir={editing === 'en' ? 'ltr' : 'rtl'}>
            <legend>{t('rewards.texts', { language: LANGUAGE_NAMES[editing] })}</legend>
            <TextField
              label={t('rewards.name')}
              name={`name-${editing}`}
              value={text.name}
              maxLength={120}
              onChange={(e) => setText('name', e.target.value)}
            />
            <TextAreaField
              label={t('rewards.description')}
              name={`description-${editing}`}
              value={text.description ?? ''}
              maxLength={2000}
              onChange={(e) => setText('description', e.target.value)}
            />
            <TextAreaField
              label={t('rewards.terms')}
              name={`terms-${editing}`}
              value={text.terms ?? ''}
              maxLength={4000}
              onChange={(e) => setText('terms', e.target.value)}
            />
          </fieldset>
          <section
            aria-label={t('rewards.preview', { language: LANGUAGE_NAMES[editing] })}
            className="reward-preview"
            lang={editing}
            dir={editing === 'en' ? 'ltr' : 'rtl'}
            data-testid="reward-preview"
          >
            <p className="muted">{t('rewards.preview', { language: LANGUAGE_NAMES[editing] })}</p>
            <strong>{text.name}</strong>
            {text.description && <p>{text.description}</p>}
            {text.terms && <p className="muted hint">{text.terms}</p>}
            <p className="num">
              {cost === 0 ? t('rewards.free') : t('rewards.cost', { points: number(cost) })}
            </p>
          </section>
        </div>
      </div>
      <div className="btn-row">
        <button type="submit" className="btn btn-primary">
          {t('common.save')}
        </button>
        <button type="button" className="btn" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
