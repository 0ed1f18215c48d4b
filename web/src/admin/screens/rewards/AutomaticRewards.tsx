// Automatic rewards: rules that give a reward from the catalog when a member has earned N points, reaches a
// tier, or their birthday month begins — each once per member (birthdays once a year). The list shows how
// many coupons each rule gave and how many it had to skip (out of stock, reward not offered).
import { useState, type FormEvent } from 'react';
import { api, newIdempotencyKey } from '../../../shared/api.ts';
import { Icon } from '../../../shared/components/Icon.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { CheckboxField, SelectField, TextField } from '../../../shared/components/forms.tsx';
import { EmptyState, ErrorState, Loading, Notice, errorMessage } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';
import { rewardName, type Reward } from './types.ts';

export type RuleTrigger = 'points_earned' | 'tier_reached' | 'birthday_month';
const TRIGGERS: RuleTrigger[] = ['points_earned', 'tier_reached', 'birthday_month'];

export interface RewardRule {
  id: string;
  name: string;
  trigger: RuleTrigger;
  points: number | null;
  tier: string | null;
  rewardId: string;
  active: boolean;
  issued: number;
  skipped: number;
}

function RuleEditor(props: {
  rule?: RewardRule;
  rewards: Reward[];
  tiers: { key: string; name: string }[];
  onSaved(): void;
  onCancel(): void;
}) {
  const { t, locale } = useI18n();
  const program = useProgram();
  const r = props.rule;
  const [trigger, setTrigger] = useState<RuleTrigger>(r?.trigger ?? 'points_earned');
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const body = {
      name: String(data.get('name') ?? ''),
      trigger,
      points: trigger === 'points_earned' ? Number(data.get('points')) : null,
      tier: trigger === 'tier_reached' ? String(data.get('tier') ?? '') : null,
      rewardId: String(data.get('rewardId') ?? ''),
      active: data.get('active') === 'on',
    };
    setError(undefined);
    setSaving(true);
    try {
      const options = { idempotencyKey: newIdempotencyKey() };
      if (r) await api.put(program.api(`/reward-rules/${r.id}`), body, options);
      else await api.post(program.api('/reward-rules'), body, options);
      props.onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="card" onSubmit={(e) => void save(e)} aria-labelledby="rule-editor-title">
      <h2 id="rule-editor-title">{r ? t('autoRewards.edit') : t('autoRewards.new')}</h2>
      {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      <div className="grid-2">
        <TextField
          label={t('autoRewards.name')}
          name="name"
          required
          maxLength={120}
          defaultValue={r?.name}
        />
        <SelectField
          label={t('autoRewards.trigger')}
          name="trigger"
          value={trigger}
          onChange={(e) => setTrigger(e.currentTarget.value as RuleTrigger)}
          options={TRIGGERS.map((x) => ({ value: x, label: t(`autoRewards.trigger.${x}`) }))}
        />
        {trigger === 'points_earned' && (
          <TextField
            label={t('autoRewards.points')}
            name="points"
            type="number"
            min={1}
            required
            defaultValue={r?.points ?? 100}
            hint={t('autoRewards.pointsHint')}
          />
        )}
        {trigger === 'tier_reached' && (
          <SelectField
            label={t('autoRewards.tier')}
            name="tier"
            required
            defaultValue={r?.tier ?? props.tiers[1]?.key ?? props.tiers[0]?.key ?? ''}
            options={props.tiers.map((x) => ({ value: x.key, label: x.name }))}
            hint={t('autoRewards.tierHint')}
          />
        )}
        {trigger === 'birthday_month' && <p className="hint">{t('autoRewards.birthdayHint')}</p>}
        <SelectField
          label={t('autoRewards.reward')}
          name="rewardId"
          required
          defaultValue={r?.rewardId ?? props.rewards[0]?.id ?? ''}
          options={props.rewards.map((x) => ({ value: x.id, label: rewardName(x, locale) }))}
        />
        <CheckboxField label={t('autoRewards.active')} name="active" defaultChecked={r?.active ?? true} />
      </div>
      <p className="hint">{t('autoRewards.onceHint')}</p>
      <div className="btn-row">
        <button type="submit" className="btn btn-primary" disabled={saving}>
          {t('autoRewards.save')}
        </button>
        <button type="button" className="btn" onClick={props.onCancel}>
          {t('autoRewards.cancel')}
        </button>
      </div>
    </form>
  );
}

export function AutomaticRewards() {
  const { t, number, locale } = useI18n();
  const program = useProgram();
  const canWrite = program.can('rewards:write');
  const rules = useResource(
    (signal) => api.get<{ items: RewardRule[] }>(program.api('/reward-rules'), { signal }),
    [program.programId],
  );
  const rewards = useResource(
    (signal) => api.get<{ items: Reward[] }>(program.api('/rewards'), { signal }),
    [program.programId],
  );
  const tiers = useResource(
    (signal) =>
      api
        .get<{ items: { key: string; name: string }[] }>(program.api('/tiers'), { signal })
        .catch(() => ({ items: [] })),
    [program.programId],
  );
  const [editing, setEditing] = useState<RewardRule | 'new'>();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<unknown>();
  const rewardList = rewards.data?.items ?? [];
  const tierList = tiers.data?.items ?? [];
  const rewardOf = (id: string) => rewardList.find((x) => x.id === id);
  const tierName = (key: string | null) => tierList.find((x) => x.key === key)?.name ?? key ?? '';

  const when = (r: RewardRule) =>
    r.trigger === 'points_earned'
      ? t('autoRewards.when.points_earned', { points: number(r.points ?? 0) })
      : r.trigger === 'tier_reached'
        ? t('autoRewards.when.tier_reached', { tier: tierName(r.tier) })
        : t('autoRewards.when.birthday_month');

  async function disable(rule: RewardRule) {
    setError(undefined);
    try {
      await api.post(program.api(`/reward-rules/${rule.id}/disable`), undefined, {
        idempotencyKey: newIdempotencyKey(),
      });
      setNotice(t('autoRewards.disabled'));
      rules.reload();
    } catch (e) {
      setError(e);
    }
  }

  const loadError = rules.error ?? rewards.error;
  return (
    <>
      <PageHead title={t('nav.autoRewards')}>
        {canWrite && !editing && rewardList.length > 0 && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              setNotice(undefined);
              setEditing('new');
            }}
          >
            <Icon name="plus" /> {t('autoRewards.new')}
          </button>
        )}
      </PageHead>
      <p className="hint">{t('autoRewards.intro')}</p>
      {notice && <Notice kind="success">{notice}</Notice>}
      {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      {editing && (
        <RuleEditor
          key={editing === 'new' ? 'new' : editing.id}
          rule={editing === 'new' ? undefined : editing}
          rewards={rewardList}
          tiers={tierList}
          onSaved={() => {
            setEditing(undefined);
            setNotice(t('autoRewards.saved'));
            rules.reload();
          }}
          onCancel={() => setEditing(undefined)}
        />
      )}
      {loadError ? (
        <ErrorState
          error={loadError}
          onRetry={() => {
            rules.reload();
            rewards.reload();
          }}
        />
      ) : !rules.data || !rewards.data ? (
        <Loading />
      ) : rules.data.items.length === 0 ? (
        <EmptyState title={t('autoRewards.empty')}>
          {rewardList.length === 0 && <p>{t('autoRewards.needReward')}</p>}
        </EmptyState>
      ) : (
        <div className="card table-wrap">
          <table className="data stack">
            <caption className="sr-only">{t('nav.autoRewards')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('autoRewards.name')}</th>
                <th scope="col">{t('autoRewards.whenCol')}</th>
                <th scope="col">{t('autoRewards.reward')}</th>
                <th scope="col" className="end">
                  {t('autoRewards.issued')}
                </th>
                <th scope="col" className="end">
                  {t('autoRewards.skipped')}
                </th>
                <th scope="col">{t('autoRewards.state')}</th>
              </tr>
            </thead>
            <tbody>
              {rules.data.items.map((r) => {
                const reward = rewardOf(r.rewardId);
                return (
                  <tr key={r.id} data-rule={r.name}>
                    <td data-label={t('autoRewards.name')}>
                      {canWrite ? (
                        <button
                          type="button"
                          className="btn btn-link"
                          onClick={() => {
                            setNotice(undefined);
                            setEditing(r);
                          }}
                        >
                          <bdi>{r.name}</bdi>
                        </button>
                      ) : (
                        <bdi>{r.name}</bdi>
                      )}
                    </td>
                    <td data-label={t('autoRewards.whenCol')}>{when(r)}</td>
                    <td data-label={t('autoRewards.reward')}>{reward ? rewardName(reward, locale) : ''}</td>
                    <td data-label={t('autoRewards.issued')} className="end num">
                      {number(r.issued)}
                    </td>
                    <td data-label={t('autoRewards.skipped')} className="end num">
                      {number(r.skipped)}
                    </td>
                    <td data-label={t('autoRewards.state')}>
                      {r.active ? t('autoRewards.on') : t('autoRewards.off')}
                      {canWrite && r.active && (
                        <>
                          {' '}
                          <button type="button" className="btn" onClick={() => void disable(r)}>
                            {t('autoRewards.disable')}
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
