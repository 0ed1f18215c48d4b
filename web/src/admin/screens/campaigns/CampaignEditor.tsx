// A campaign draft: audience from lists and segments with exclusions and its live count, A/B variants with
// their templates, holdout, schedule, and what the contact-pressure policy does with what exceeds it. Once
// launched, the campaign is shown read-only.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, newIdempotencyKey } from '../../../shared/api.ts';
import { SelectField, TextField } from '../../../shared/components/forms.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { ErrorState, Loading, Notice, errorMessage } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { navigate } from '../../../shared/router.ts';
import { useProgram } from '../../session.tsx';
import { CampaignResults } from './CampaignResults.tsx';
import { CampaignReview } from './CampaignReview.tsx';
import { CampaignSending } from './CampaignSending.tsx';
import { Figure } from './ContactPolicy.tsx';
import type { Audience, AudienceCount, Campaign, Schedule, Variant } from './types.ts';

interface Named {
  id: string;
  name: string;
}
interface Template extends Named {
  channel: 'email' | 'sms';
  purpose: string;
}
type Draft = Omit<Campaign, 'id' | 'state' | 'progress' | 'winner' | 'recordedAt' | 'createdAt'>;
type Role = 'none' | 'include' | 'exclude';

const EMPTY: Draft = {
  name: '',
  channel: 'email',
  audience: { lists: [], segments: [], excludeLists: [], excludeSegments: [] },
  variants: [{ templateId: '' }],
  abTest: null,
  holdoutPercent: 0,
  attributionDays: 5,
  onExceed: 'defer',
  schedule: { kind: 'now' },
  sendRatePerMinute: null,
};

export function CampaignEditor(props: { campaignId?: string }) {
  const program = useProgram();
  const { t } = useI18n();
  const options = useResource(
    (signal) =>
      Promise.all([
        api.get<{ items: Named[] }>(program.api('/lists'), { signal }),
        program.can('segments:read')
          ? api.get<{ items: Named[] }>(program.api('/segments'), { signal })
          : Promise.resolve({ items: [] }),
        api.get<{ items: Template[] }>(program.api('/templates'), { signal }),
        props.campaignId
          ? api.get<Campaign>(program.api(`/campaigns/${props.campaignId}`), { signal })
          : Promise.resolve(undefined),
      ]),
    [program.programId, props.campaignId],
  );
  // The review step asks again after each save; it warns while the form holds changes not saved.
  const [version, setVersion] = useState(0);
  const [dirty, setDirty] = useState(false);
  const { reload } = options;
  const onSaved = useCallback(() => {
    setDirty(false);
    setVersion((v) => v + 1);
    reload();
  }, [reload]);
  if (options.error) return <ErrorState error={options.error} onRetry={options.reload} />;
  if (!options.data) return <Loading />;
  const [lists, segments, templates, campaign] = options.data;
  return (
    <>
      <PageHead title={campaign ? campaign.name : t('campaigns.new')} />
      <Editor
        campaign={campaign}
        lists={lists.items}
        segments={segments.items}
        templates={templates.items.filter((x) => x.purpose === 'marketing')}
        onSaved={onSaved}
        onDirty={() => setDirty(true)}
      />
      {campaign && campaign.state === 'draft' && (
        <CampaignReview campaign={campaign} version={version} dirty={dirty} onLaunched={options.reload} />
      )}
      {campaign && campaign.state !== 'draft' && (
        <>
          <CampaignSending campaign={campaign} onChange={options.reload} />
          <CampaignResults key={campaign.state} campaignId={campaign.id} />
        </>
      )}
    </>
  );
}

/** The fields a draft is made of (the input of POST and PATCH), from a campaign as read. */
function draftOf(c: Campaign): Draft {
  return {
    name: c.name,
    channel: c.channel,
    audience: c.audience,
    variants: c.variants.map((v) => ({ templateId: v.templateId, subject: v.subject ?? null })),
    abTest: c.abTest,
    holdoutPercent: c.holdoutPercent,
    attributionDays: c.attributionDays,
    onExceed: c.onExceed,
    schedule: c.schedule,
    sendRatePerMinute: c.sendRatePerMinute ?? null,
  };
}

function roleOf(audience: Audience, kind: 'list' | 'segment', id: string): Role {
  const [inc, exc] =
    kind === 'list' ? [audience.lists, audience.excludeLists] : [audience.segments, audience.excludeSegments];
  return inc.includes(id) ? 'include' : exc.includes(id) ? 'exclude' : 'none';
}

function withRole(audience: Audience, kind: 'list' | 'segment', id: string, role: Role): Audience {
  const [inc, exc] =
    kind === 'list' ? (['lists', 'excludeLists'] as const) : (['segments', 'excludeSegments'] as const);
  const next = {
    ...audience,
    [inc]: audience[inc].filter((x) => x !== id),
    [exc]: audience[exc].filter((x) => x !== id),
  };
  if (role === 'include') next[inc] = [...next[inc], id];
  if (role === 'exclude') next[exc] = [...next[exc], id];
  return next;
}

function Editor(props: {
  campaign: Campaign | undefined;
  lists: Named[];
  segments: Named[];
  templates: Template[];
  onSaved(): void;
  onDirty(): void;
}) {
  const { t } = useI18n();
  const program = useProgram();
  const editable = program.can('messaging:write') && (!props.campaign || props.campaign.state === 'draft');
  const [draft, setDraft] = useState<Draft>(() => (props.campaign ? draftOf(props.campaign) : EMPTY));
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const set = (patch: Partial<Draft>) => {
    setSaved(false);
    props.onDirty();
    setDraft((d) => ({ ...d, ...patch }));
  };
  const templates = props.templates.filter((x) => x.channel === draft.channel);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(undefined);
    const body = {
      ...draft,
      variants: draft.variants.map((v) => ({ templateId: v.templateId, subject: v.subject || null })),
      abTest:
        draft.variants.length > 1
          ? (draft.abTest ?? { testPercent: 20, metric: 'open', winnerDelayMinutes: 240 })
          : null,
    };
    try {
      if (props.campaign) {
        await api.patch(program.api(`/campaigns/${props.campaign.id}`), body, {
          idempotencyKey: newIdempotencyKey(),
        });
        setSaved(true);
        props.onSaved();
      } else {
        const created = await api.post<Campaign>(program.api('/campaigns'), body, {
          idempotencyKey: newIdempotencyKey(),
        });
        navigate(program.link(`/campaigns/${created.id}`));
      }
    } catch (err) {
      setError(err);
    }
  }

  const ab = draft.abTest ?? { testPercent: 20, metric: 'open' as const, winnerDelayMinutes: 240 };
  return (
    <form onSubmit={(e) => void save(e)} data-testid="campaign-editor">
      {props.campaign && props.campaign.state !== 'draft' && (
        <Notice kind="info">
          {t('campaigns.notDraft', { state: t(`campaigns.state.${props.campaign.state}`) })}
        </Notice>
      )}
      {saved && <Notice kind="success">{t('campaigns.saved')}</Notice>}
      {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      <fieldset disabled={!editable}>
        <legend>{t('campaigns.basics')}</legend>
        <div className="form-grid">
          <TextField
            label={t('campaigns.name')}
            required
            maxLength={200}
            value={draft.name}
            onChange={(e) => set({ name: e.currentTarget.value })}
          />
          <SelectField
            label={t('campaigns.channel')}
            value={draft.channel}
            onChange={(e) =>
              set({
                channel: e.currentTarget.value === 'sms' ? 'sms' : 'email',
                variants: [{ templateId: '' }],
              })
            }
            options={[
              { value: 'email', label: t('policy.channel.email') },
              { value: 'sms', label: t('policy.channel.sms') },
            ]}
          />
        </div>
      </fieldset>
      <fieldset disabled={!editable}>
        <legend>{t('campaigns.audience')}</legend>
        <table className="data" data-testid="audience-picker">
          <tbody>
            {[
              ...props.lists.map((l) => ['list', l] as const),
              ...props.segments.map((s) => ['segment', s] as const),
            ].map(([kind, item]) => (
              <tr key={item.id}>
                <th scope="row">
                  {item.name} <span className="muted">({t(`campaigns.kind.${kind}`)})</span>
                </th>
                <td>
                  <SelectField
                    label={t('campaigns.use', { name: item.name })}
                    value={roleOf(draft.audience, kind, item.id)}
                    onChange={(e) =>
                      set({
                        audience: withRole(draft.audience, kind, item.id, e.currentTarget.value as Role),
                      })
                    }
                    options={[
                      { value: 'none', label: t('campaigns.role.none') },
                      { value: 'include', label: t('campaigns.role.include') },
                      { value: 'exclude', label: t('campaigns.role.exclude') },
                    ]}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <LiveCount channel={draft.channel} audience={draft.audience} />
      </fieldset>
      <fieldset disabled={!editable}>
        <legend>{t('campaigns.variants')}</legend>
        {templates.length === 0 && <Notice kind="info">{t('campaigns.noTemplates')}</Notice>}
        {draft.variants.map((v, i) => (
          <div key={i} className="form-grid" data-testid={`variant-${'ABCD'[i]}`}>
            <SelectField
              label={t('campaigns.variantTemplate', { key: 'ABCD'[i]! })}
              required
              value={v.templateId}
              onChange={(e) =>
                set({
                  variants: draft.variants.map((x, j) =>
                    j === i ? { ...x, templateId: e.currentTarget.value } : x,
                  ),
                })
              }
              options={[{ value: '', label: '—' }, ...templates.map((x) => ({ value: x.id, label: x.name }))]}
            />
            {draft.channel === 'email' && (
              <TextField
                label={t('campaigns.variantSubject', { key: 'ABCD'[i]! })}
                maxLength={300}
                value={v.subject ?? ''}
                onChange={(e) =>
                  set({
                    variants: draft.variants.map((x, j): Variant =>
                      j === i ? { ...x, subject: e.currentTarget.value } : x,
                    ),
                  })
                }
              />
            )}
            {i > 0 && (
              <button
                type="button"
                className="btn"
                onClick={() => set({ variants: draft.variants.filter((_, j) => j !== i) })}
              >
                {t('campaigns.removeVariant', { key: 'ABCD'[i]! })}
              </button>
            )}
          </div>
        ))}
        {draft.variants.length < 4 && (
          <button
            type="button"
            className="btn"
            onClick={() =>
              set({ variants: [...draft.variants, { templateId: '' }], abTest: draft.abTest ?? ab })
            }
          >
            {t('campaigns.addVariant')}
          </button>
        )}
        {draft.variants.length > 1 && (
          <div className="form-grid">
            <TextField
              label={t('campaigns.testPercent')}
              type="number"
              min={1}
              max={100}
              required
              value={ab.testPercent}
              onChange={(e) => set({ abTest: { ...ab, testPercent: Number(e.currentTarget.value) } })}
            />
            <SelectField
              label={t('campaigns.metric')}
              value={ab.metric}
              onChange={(e) => set({ abTest: { ...ab, metric: e.currentTarget.value as typeof ab.metric } })}
              options={(['open', 'click', 'conversion'] as const).map((m) => ({
                value: m,
                label: t(`campaigns.metric.${m}`),
              }))}
            />
            <TextField
              label={t('campaigns.winnerDelay')}
              hint={t('campaigns.winnerDelayHint')}
              type="number"
              min={1}
              value={ab.winnerDelayMinutes ?? ''}
              onChange={(e) =>
                set({
                  abTest: {
                    ...ab,
                    winnerDelayMinutes: e.currentTarget.value === '' ? null : Number(e.currentTarget.value),
                  },
                })
              }
            />
          </div>
        )}
      </fieldset>
      <fieldset disabled={!editable}>
        <legend>{t('campaigns.measure')}</legend>
        <div className="form-grid">
          <TextField
            label={t('campaigns.holdout')}
            hint={t('campaigns.holdoutHint')}
            type="number"
            min={0}
            max={50}
            value={draft.holdoutPercent}
            onChange={(e) => set({ holdoutPercent: Number(e.currentTarget.value) })}
          />
          <TextField
            label={t('campaigns.attribution')}
            type="number"
            min={1}
            max={90}
            value={draft.attributionDays}
            onChange={(e) => set({ attributionDays: Number(e.currentTarget.value) })}
          />
        </div>
      </fieldset>
      <fieldset disabled={!editable}>
        <legend>{t('campaigns.when')}</legend>
        <ScheduleFields schedule={draft.schedule} onChange={(schedule) => set({ schedule })} />
        <TextField
          label={t('campaigns.rate')}
          hint={t('campaigns.rateHint')}
          type="number"
          min={1}
          value={draft.sendRatePerMinute ?? ''}
          onChange={(e) =>
            set({ sendRatePerMinute: e.currentTarget.value === '' ? null : Number(e.currentTarget.value) })
          }
        />
        <SelectField
          label={t('policy.onExceed')}
          value={draft.onExceed}
          onChange={(e) => set({ onExceed: e.currentTarget.value === 'drop' ? 'drop' : 'defer' })}
          options={[
            { value: 'defer', label: t('policy.exceed.defer') },
            { value: 'drop', label: t('policy.exceed.drop') },
          ]}
        />
      </fieldset>
      {editable && (
        <button type="submit" className="btn btn-primary">
          {t('campaigns.saveDraft')}
        </button>
      )}
    </form>
  );
}

function ScheduleFields(props: { schedule: Schedule; onChange: (s: Schedule) => void }) {
  const { t } = useI18n();
  const s = props.schedule;
  return (
    <div className="form-grid">
      <SelectField
        label={t('campaigns.schedule')}
        value={s.kind}
        onChange={(e) => {
          const kind = e.currentTarget.value;
          props.onChange(
            kind === 'at'
              ? { kind, at: '' }
              : kind === 'local'
                ? { kind, date: '', time: '09:00' }
                : { kind: 'now' },
          );
        }}
        options={(['now', 'at', 'local'] as const).map((k) => ({
          value: k,
          label: t(`campaigns.schedule.${k}`),
        }))}
      />
      {s.kind === 'at' && (
        <TextField
          label={t('campaigns.at')}
          type="datetime-local"
          required
          dir="ltr"
          value={s.at ? s.at.slice(0, 16) : ''}
          onChange={(e) =>
            props.onChange({
              kind: 'at',
              at: e.currentTarget.value ? new Date(e.currentTarget.value).toISOString() : '',
            })
          }
        />
      )}
      {s.kind === 'local' && (
        <>
          <TextField
            label={t('campaigns.date')}
            type="date"
            required
            dir="ltr"
            value={s.date}
            onChange={(e) => props.onChange({ ...s, date: e.currentTarget.value })}
          />
          <TextField
            label={t('campaigns.time')}
            type="time"
            required
            dir="ltr"
            value={s.time}
            onChange={(e) => props.onChange({ ...s, time: e.currentTarget.value })}
          />
        </>
      )}
    </div>
  );
}

/** The audience being edited, counted as it changes: everyone in it, and who could not be sent to and why. */
function LiveCount(props: { channel: 'email' | 'sms'; audience: Audience }) {
  const { t, number } = useI18n();
  const program = useProgram();
  const [count, setCount] = useState<AudienceCount>();
  const [error, setError] = useState<unknown>();
  const key = JSON.stringify([props.channel, props.audience]);
  const empty = props.audience.lists.length + props.audience.segments.length === 0;
  useEffect(() => {
    if (empty) return;
    const controller = new AbortController();
    setError(undefined);
    api
      .post<AudienceCount>(
        program.api('/campaigns/audience-count'),
        { channel: props.channel, audience: props.audience },
        { signal: controller.signal },
      )
      .then(setCount, (err: unknown) => {
        if ((err as Error).name !== 'AbortError') setError(err);
      });
    return () => controller.abort();
    // `key` stands for the channel and the audience: a new count when either changes.
  }, [key, program.programId]);
  if (empty) return <p className="muted">{t('campaigns.pickAudience')}</p>;
  if (error !== undefined) return <Notice kind="error">{errorMessage(error, t)}</Notice>;
  if (!count) return <Loading />;
  return (
    <div data-testid="audience-count" aria-live="polite">
      <div className="kpis">
        <Figure id="count-audience" label={t('campaigns.count.audience')} value={number(count.audience)} />
        <Figure id="count-eligible" label={t('campaigns.count.eligible')} value={number(count.eligible)} />
      </div>
      <p>
        {t('campaigns.count.notSendable', {
          noConsent: number(count.notSendable.noConsent),
          invalidAddress: number(count.notSendable.invalidAddress),
          suppressed: number(count.notSendable.suppressed),
        })}
      </p>
    </div>
  );
}
