// The rule editor: a group of conditions and groups (all / any, optionally negated), nested up to
// MAX_GROUP_LEVEL. Each condition picks a field, its parameters, an operator and a value; an API error naming
// a node is shown on that condition's value, parameter or row.
import { CheckboxField, SelectField, TextField } from '../../../shared/components/forms.tsx';
import { Icon } from '../../../shared/components/Icon.tsx';
import { useI18n, type MessageKey } from '../../../shared/i18n/index.tsx';
import {
  MAX_GROUP_LEVEL,
  PROPERTY_OPS,
  changeNode,
  needsValue,
  newCondition,
  newFilter,
  newGroup,
  simpleParams,
  takesFilters,
  takesList,
  type DraftCondition,
  type DraftFilter,
  type DraftGroup,
  type DraftNode,
  type FieldInfo,
} from './rule-draft.ts';
import { fieldLabel, groupLabel, optionLabel } from './rule-summary.ts';

export interface NodeError {
  id: number;
  part: 'value' | 'params' | 'node';
  message: string;
}

export interface Choices {
  lists: { id: string; name: string }[];
  campaigns: { id: string; name: string }[];
  /** The tier ladder, by key, named in the user's language. */
  tiers: { key: string; name: string }[];
}

interface EditorProps {
  root: DraftGroup;
  fields: FieldInfo[];
  choices: Choices;
  error: NodeError | undefined;
  onChange: (root: DraftGroup) => void;
}

export function RuleEditor(props: EditorProps) {
  return <GroupEditor {...props} group={props.root} level={1} />;
}

function GroupEditor(props: EditorProps & { group: DraftGroup; level: number }) {
  const { t } = useI18n();
  const { group, level, root, onChange } = props;
  const change = (id: number, f: (n: DraftNode) => DraftNode | null) => onChange(changeNode(root, id, f));
  const add = (node: DraftNode) =>
    change(group.id, (g) => ({ ...(g as DraftGroup), children: [...(g as DraftGroup).children, node] }));
  const first = props.fields[0];
  return (
    <fieldset
      className="card stack"
      data-testid={`group-${level}`}
      aria-label={`${t('segments.group')} ${level}`}
    >
      <legend>{level === 1 ? t('segments.builder') : t('segments.group')}</legend>
      <div className="btn-row" style={{ alignItems: 'flex-end', flexWrap: 'wrap' }}>
        <SelectField
          label={level === 1 ? t('segments.match') : t('segments.groupMatch')}
          value={group.match}
          onChange={(e) =>
            change(group.id, (g) => ({ ...(g as DraftGroup), match: e.target.value as 'and' | 'or' }))
          }
          options={[
            { value: 'and', label: t('segments.match.and') },
            { value: 'or', label: t('segments.match.or') },
          ]}
        />
        {level > 1 && (
          <>
            <label className="btn-row">
              <input
                type="checkbox"
                checked={group.negate}
                onChange={(e) => change(group.id, (g) => ({ ...g, negate: e.target.checked }))}
              />
              {t('segments.notGroup')}
            </label>
            <button type="button" className="btn" onClick={() => change(group.id, () => null)}>
              {t('segments.removeGroup')}
            </button>
          </>
        )}
      </div>
      {group.children.length === 0 && level > 1 && <p className="muted">{t('segments.emptyGroup')}</p>}
      <ol className="stack" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {group.children.map((child, index) => (
          <li key={child.id}>
            {child.kind === 'group' ? (
              <GroupEditor {...props} group={child} level={level + 1} />
            ) : (
              <ConditionEditor
                {...props}
                condition={child}
                index={index + 1}
                onPatch={(patch) => change(child.id, (c) => ({ ...c, ...patch }) as DraftNode)}
                onRemove={() => change(child.id, () => null)}
              />
            )}
          </li>
        ))}
      </ol>
      <div className="btn-row">
        <button
          type="button"
          className="btn"
          disabled={!first}
          onClick={() => first && add(newCondition(first))}
        >
          <Icon name="plus" /> {t('segments.addCondition')}
        </button>
        {level < MAX_GROUP_LEVEL && (
          <button
            type="button"
            className="btn"
            disabled={!first}
            onClick={() =>
              first &&
              add({ ...newGroup(group.match === 'and' ? 'or' : 'and'), children: [newCondition(first)] })
            }
          >
            <Icon name="plus" /> {t('segments.addGroup')}
          </button>
        )}
      </div>
    </fieldset>
  );
}

function ConditionEditor(
  props: EditorProps & {
    condition: DraftCondition;
    index: number;
    onPatch: (patch: Partial<DraftCondition>) => void;
    onRemove: () => void;
  },
) {
  const { t } = useI18n();
  const { condition: c, fields, onPatch, choices } = props;
  const field = fields.find((f) => f.key === c.field) ?? fields[0]!;
  const error = props.error?.id === c.id ? props.error : undefined;
  const paramLabel = (key: string) => t(`segments.param.${key}` as MessageKey);
  const params = simpleParams(field);
  return (
    <div
      className="card"
      role="group"
      aria-label={`${t('segments.field')} ${props.index}`}
      data-testid="condition"
    >
      <div className="btn-row" style={{ alignItems: 'flex-end', flexWrap: 'wrap' }}>
        <label className="btn-row">
          <input type="checkbox" checked={c.negate} onChange={(e) => onPatch({ negate: e.target.checked })} />
          {t('segments.not')}
        </label>
        <SelectField
          label={t('segments.field')}
          value={c.field}
          onChange={(e) => {
            const next = fields.find((f) => f.key === e.target.value)!;
            onPatch({ field: next.key, op: next.operators[0]!, value: '', params: {}, where: [] });
          }}
          options={fields.map((f) => ({
            value: f.key,
            label: `${groupLabel(t, f.key.startsWith('attribute.') ? 'attributes' : f.group)} · ${fieldLabel(t, f)}`,
          }))}
        />
        {params.map(([key, schema], i) => {
          const paramError = error?.part === 'params' && i === 0 ? error.message : undefined;
          const set = (v: string) => onPatch({ params: { ...c.params, [key]: v } });
          if (key === 'campaignId')
            return (
              <SelectField
                key={key}
                label={paramLabel(key)}
                error={paramError}
                value={c.params[key] ?? ''}
                onChange={(e) => set(e.target.value)}
                options={[
                  { value: '', label: t('segments.anyCampaign') },
                  ...choices.campaigns.map((x) => ({ value: x.id, label: x.name })),
                ]}
              />
            );
          if (schema.enum)
            return (
              <SelectField
                key={key}
                label={paramLabel(key)}
                error={paramError}
                value={c.params[key] ?? String(schema.default ?? schema.enum[0])}
                onChange={(e) => set(e.target.value)}
                options={schema.enum.map((v) => ({
                  value: String(v),
                  label: optionLabel(t, key, String(v)),
                }))}
              />
            );
          return (
            <TextField
              key={key}
              label={paramLabel(key)}
              error={paramError}
              inputMode={schema.type === 'string' ? 'text' : 'numeric'}
              placeholder={schema.default === undefined ? undefined : String(schema.default)}
              value={c.params[key] ?? ''}
              onChange={(e) => set(e.target.value)}
            />
          );
        })}
        <SelectField
          label={t('segments.op')}
          value={c.op}
          onChange={(e) => onPatch({ op: e.target.value })}
          options={field.operators.map((op) => ({ value: op, label: t(`segments.op.${op}` as MessageKey) }))}
        />
        {needsValue(c.op) && (
          <ValueInput
            field={field}
            condition={c}
            choices={choices}
            error={error?.part === 'value' ? error.message : undefined}
            onPatch={onPatch}
          />
        )}
        <button type="button" className="btn" onClick={props.onRemove}>
          {t('segments.remove')}
        </button>
      </div>
      {takesFilters(field) && (
        <FilterRows
          filters={c.where}
          max={field.params?.properties?.where?.maxItems ?? 10}
          onChange={(where) => onPatch({ where })}
        />
      )}
      {error?.part === 'node' && (
        <p className="error" role="alert">
          {error.message}
        </p>
      )}
    </div>
  );
}

function ValueInput(props: {
  field: FieldInfo;
  condition: DraftCondition;
  choices: Choices;
  error: string | undefined;
  onPatch: (patch: Partial<DraftCondition>) => void;
}) {
  const { t } = useI18n();
  const { field, condition: c, error } = props;
  const set = (value: string) => props.onPatch({ value });
  const common = {
    label: t('segments.value'),
    error,
    value: c.value,
    onChange: (e: { target: { value: string } }) => set(e.target.value),
  };
  if (field.type === 'boolean')
    return (
      <SelectField
        {...common}
        value={c.value || 'true'}
        options={[
          { value: 'true', label: t('segments.true') },
          { value: 'false', label: t('segments.false') },
        ]}
      />
    );
  if (field.key === 'list.subscribed' && props.choices.lists.length > 0)
    return (
      <SelectField
        {...common}
        options={[
          { value: '', label: t('segments.anyList') },
          ...props.choices.lists.map((l) => ({ value: l.id, label: l.name })),
        ]}
      />
    );
  if (field.key === 'loyalty.tier' && props.choices.tiers.length > 0)
    return takesList(c.op) ? (
      <TierChecklist {...props} />
    ) : (
      <SelectField
        {...common}
        value={c.value || ''}
        options={[
          { value: '', label: t('segments.chooseTier') },
          ...props.choices.tiers.map((x) => ({ value: x.key, label: x.name })),
        ]}
      />
    );
  if (field.type === 'enum' && !takesList(c.op) && field.options)
    return (
      <SelectField
        {...common}
        value={c.value || ''}
        options={[
          { value: '', label: '—' },
          ...field.options.map((o) => ({ value: o, label: optionLabel(t, field.key, o) })),
        ]}
      />
    );
  const dateInput =
    field.type === 'date' || (field.type === 'timestamp' && ['before', 'after'].includes(c.op));
  return (
    <TextField
      {...common}
      hint={takesList(c.op) ? t('segments.valueHint') : undefined}
      type={dateInput ? 'date' : 'text'}
      inputMode={
        field.type === 'number' || c.op.endsWith('_days') || c.op === 'more_than_days_ago'
          ? 'numeric'
          : undefined
      }
    />
  );
}

/** Tiers for "is one of" / "is none of": a checkbox per tier, kept as the comma list the draft holds. */
function TierChecklist(props: {
  condition: DraftCondition;
  choices: Choices;
  error: string | undefined;
  onPatch: (patch: Partial<DraftCondition>) => void;
}) {
  const { t } = useI18n();
  const picked = new Set(
    props.condition.value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  const toggle = (key: string, on: boolean) => {
    const next = props.choices.tiers.map((x) => x.key).filter((k) => (k === key ? on : picked.has(k)));
    props.onPatch({ value: next.join(', ') });
  };
  return (
    <fieldset className="check-row">
      <legend>{t('segments.tiers')}</legend>
      {props.choices.tiers.map((x) => (
        <CheckboxField
          key={x.key}
          label={x.name}
          checked={picked.has(x.key)}
          onChange={(e) => toggle(x.key, e.target.checked)}
        />
      ))}
      {props.error && (
        <p className="error" role="alert">
          {props.error}
        </p>
      )}
    </fieldset>
  );
}

/** An event condition's property filters: property, comparison, value and how the value is typed. */
function FilterRows(props: {
  filters: DraftFilter[];
  max: number;
  onChange: (filters: DraftFilter[]) => void;
}) {
  const { t } = useI18n();
  const { filters } = props;
  const patch = (id: number, change: Partial<DraftFilter>) =>
    props.onChange(filters.map((f) => (f.id === id ? { ...f, ...change } : f)));
  return (
    <fieldset className="stack" data-testid="event-filters">
      <legend>{t('segments.filters')}</legend>
      {filters.length === 0 && <p className="muted">{t('segments.noFilters')}</p>}
      <ol className="stack" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {filters.map((f, index) => {
          const ordering = f.op === 'gt' || f.op === 'gte' || f.op === 'lt' || f.op === 'lte';
          const kind = ordering ? 'number' : f.op === 'contains' ? 'text' : f.kind;
          return (
            <li
              key={f.id}
              className="btn-row"
              role="group"
              aria-label={`${t('segments.filter')} ${index + 1}`}
              style={{ alignItems: 'flex-end', flexWrap: 'wrap' }}
            >
              <TextField
                label={t('segments.filter.property')}
                value={f.property}
                maxLength={100}
                dir="auto"
                onChange={(e) => patch(f.id, { property: e.target.value })}
              />
              <SelectField
                label={t('segments.filter.op')}
                value={f.op}
                onChange={(e) => patch(f.id, { op: e.target.value as DraftFilter['op'] })}
                options={PROPERTY_OPS.map((op) => ({
                  value: op,
                  label: t(`segments.op.${op}` as MessageKey),
                }))}
              />
              {!ordering && f.op !== 'contains' && (
                <SelectField
                  label={t('segments.filter.kind')}
                  value={f.kind}
                  onChange={(e) => patch(f.id, { kind: e.target.value as DraftFilter['kind'] })}
                  options={(['text', 'number', 'boolean'] as const).map((k) => ({
                    value: k,
                    label: t(`segments.filter.kind.${k}`),
                  }))}
                />
              )}
              {kind === 'boolean' ? (
                <SelectField
                  label={t('segments.filter.value')}
                  value={f.value || 'true'}
                  onChange={(e) => patch(f.id, { value: e.target.value })}
                  options={[
                    { value: 'true', label: t('segments.true') },
                    { value: 'false', label: t('segments.false') },
                  ]}
                />
              ) : (
                <TextField
                  label={t('segments.filter.value')}
                  value={f.value}
                  maxLength={500}
                  dir="auto"
                  inputMode={kind === 'number' ? 'decimal' : undefined}
                  onChange={(e) => patch(f.id, { value: e.target.value })}
                />
              )}
              <button
                type="button"
                className="btn"
                onClick={() => props.onChange(filters.filter((x) => x.id !== f.id))}
              >
                {t('segments.removeFilter')}
              </button>
            </li>
          );
        })}
      </ol>
      {filters.length < props.max && (
        <div className="btn-row">
          <button type="button" className="btn" onClick={() => props.onChange([...filters, newFilter()])}>
            <Icon name="plus" /> {t('segments.addFilter')}
          </button>
        </div>
      )}
    </fieldset>
  );
}
