// The campaign editor: settings (name, sender mailbox, language, subject with an optional A/B subject,
// preheader, cost and attribution window), the message's blocks with placeholders inserted at the caret,
// the audience with its live count and exclusions, and beside it the server's preview and a test send.
// A started campaign keeps its message and audience: only its name, cost and attribution window change.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { useFieldErrorText } from '../States';
import { useToast } from '../Toasts';
import { can, useMe } from '../../app/session';
import { currentLocale } from '../../i18n';
import { draftOf, emptyCampaignDraft, insertPlaceholder, isEditable, placeholders, problemsByField, toApiBody, unknownPlaceholdersByField, type CampaignDraft, type CampaignRecord } from '../../lib/campaigns';
import { BlocksEditor } from './BlocksEditor';
import { AudiencePicker } from './AudiencePicker';
import { CampaignPreview } from './CampaignPreview';

interface Mailbox {
  id: string;
  name: string;
  emailAddress: string;
  displayName: string | null;
}

type Focused = { key: string; element: HTMLInputElement | HTMLTextAreaElement } | null;

export function CampaignEditor({ campaign, onSaved, onDirty }: { campaign?: CampaignRecord; onSaved: (saved: CampaignRecord) => void; onDirty?: (dirty: boolean) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const toast = useToast();
  const errorText = useFieldErrorText();
  const { permissions } = useMe();
  const mailboxes = useQuery({ queryKey: ['mailboxes'], queryFn: async () => (await api<{ data: Mailbox[] }>('/mailboxes')).data });
  const initial = useMemo(() => (campaign ? draftOf(campaign) : emptyCampaignDraft(currentLocale())), [campaign]);
  const [draft, setDraft] = useState<CampaignDraft>(initial);
  const [abOn, setAbOn] = useState(Boolean(initial.subjectB));
  const focused = useRef<Focused>(null);
  const locked = campaign ? !isEditable(campaign.status) : false;
  const mayWrite = campaign ? can(permissions, 'campaigns', 'update') : can(permissions, 'campaigns', 'create');
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial) || abOn !== Boolean(initial.subjectB);
  useEffect(() => onDirty?.(dirty), [dirty, onDirty]);
  // A new campaign takes the first mailbox the user may send from.
  useEffect(() => {
    if (!campaign && !draft.mailboxId && mailboxes.data?.length) setDraft((current) => ({ ...current, mailboxId: mailboxes.data[0].id }));
  }, [campaign, draft.mailboxId, mailboxes.data]);

  const save = useMutation({
    mutationFn: () => {
      const body = toApiBody(abOn ? draft : { ...draft, subjectB: '' });
      if (!campaign) return api<CampaignRecord>('/campaigns', { method: 'POST', body });
      const changed = locked ? { name: body.name, cost: body.cost ?? '0', attributionDays: body.attributionDays } : body;
      return api<CampaignRecord>(`/campaigns/${campaign.id}`, { method: 'PATCH', body: changed });
    },
    onSuccess: (saved) => {
      // The server's form of what was saved (a cost of "1000" comes back "1000.00"): nothing is left unsaved.
      if (campaign) {
        setDraft(draftOf({ ...campaign, ...saved, blocks: saved.blocks ?? draft.blocks }));
        setAbOn(Boolean(saved.subjectB));
      }
      client.setQueryData(['campaigns', saved.id], saved);
      void client.invalidateQueries({ queryKey: ['campaigns'] });
      toast({ message: t(campaign ? 'campaigns.editor.saved' : 'campaigns.editor.created'), tone: 'success' });
      onSaved(saved);
    },
  });
  const problems = save.error instanceof ApiError ? problemsByField(save.error.details) : {};
  const unknown = unknownPlaceholdersByField(draft);
  const set = <K extends keyof CampaignDraft>(key: K, value: CampaignDraft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const track = (key: string) => (event: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => {
    focused.current = { key, element: event.currentTarget };
  };
  const insert = (name: string) => {
    const target = focused.current ?? { key: 'subject', element: null as unknown as HTMLInputElement };
    const caret = target.element?.selectionStart;
    if (target.key.startsWith('block:')) {
      const index = Number(target.key.slice(6));
      const block = draft.blocks[index];
      if (!block || !('text' in block)) return;
      const next = insertPlaceholder(block.text, name, caret);
      set('blocks', draft.blocks.map((item, position) => (position === index ? { ...block, text: next.text } : item)));
      restoreCaret(target.element, next.caret);
    } else {
      const key = target.key as 'subject' | 'subjectB' | 'preheader';
      const next = insertPlaceholder(draft[key], name, caret);
      set(key, next.text);
      restoreCaret(target.element, next.caret);
    }
  };
  const disabled = locked || !mayWrite;
  const problemOf = (field: string) => problems[field] ?? (unknown[field] ? t('campaigns.editor.unknownPlaceholder', { names: unknown[field].map((name) => `{{${name}}}`).join(', '), interpolation: { escapeValue: false } }) : undefined);
  const hasUnknown = Object.keys(unknown).length > 0;

  return (
    <div className="campaign-editor">
      <div className="campaign-editor-main">
        {locked && <p className="notice">{t('campaigns.editor.readOnly')}</p>}
        {!mayWrite && <p className="notice">{t('campaigns.editor.noRights')}</p>}
        <fieldset className="card campaign-settings" disabled={!mayWrite}>
          <legend>{t('campaigns.editor.settings')}</legend>
          <TextField id="campaign-name" label={t('campaigns.editor.name')} value={draft.name} placeholder={t('campaigns.editor.namePlaceholder')} error={problems.name} onChange={(value) => set('name', value)} />
          <div className="campaign-row">
            <div className="field">
              <label htmlFor="campaign-mailbox">{t('campaigns.editor.mailbox')}</label>
              <select id="campaign-mailbox" value={draft.mailboxId} disabled={disabled} onChange={(event) => set('mailboxId', event.target.value)} aria-invalid={Boolean(problems.mailboxId)}>
                <option value="">{t('campaigns.editor.pickMailbox')}</option>
                {mailboxes.data?.map((mailbox) => (
                  <option key={mailbox.id} value={mailbox.id}>
                    {mailbox.displayName ? `${mailbox.displayName} <${mailbox.emailAddress}>` : mailbox.emailAddress} · {mailbox.name}
                  </option>
                ))}
              </select>
              {problems.mailboxId && <small className="field-error">{problems.mailboxId}</small>}
              {mailboxes.data && mailboxes.data.length === 0 && <small className="hint">{t('campaigns.editor.noMailbox')}</small>}
            </div>
            <div className="field">
              <label htmlFor="campaign-language">{t('campaigns.editor.language')}</label>
              <select id="campaign-language" value={draft.language} disabled={disabled} onChange={(event) => set('language', event.target.value as 'ru' | 'en')}>
                <option value="ru">{t('campaigns.editor.languages.ru')}</option>
                <option value="en">{t('campaigns.editor.languages.en')}</option>
              </select>
            </div>
          </div>
          <TextField id="campaign-subject" label={t('campaigns.editor.subject')} value={draft.subject} disabled={disabled} error={problemOf('subject')} onChange={(value) => set('subject', value)} onFocus={track('subject')} />
          <TextField id="campaign-preheader" label={t('campaigns.editor.preheader')} value={draft.preheader} disabled={disabled} error={problemOf('preheader')} onChange={(value) => set('preheader', value)} onFocus={track('preheader')} />
          <label className="inline-field campaign-ab-toggle">
            <input type="checkbox" checked={abOn} disabled={disabled} onChange={(event) => setAbOn(event.target.checked)} />
            {t('campaigns.editor.abTest')}
          </label>
          {abOn && (
            <div className="campaign-ab">
              <p className="hint">{t('campaigns.editor.abTestHint')}</p>
              <TextField id="campaign-subject-b" label={t('campaigns.editor.subjectB')} value={draft.subjectB} disabled={disabled} error={problemOf('subjectB')} onChange={(value) => set('subjectB', value)} onFocus={track('subjectB')} />
              <div className="campaign-row">
                <NumberField id="campaign-ab-percent" label={t('campaigns.editor.abTestPercent')} value={draft.abTestPercent} min={2} max={100} disabled={disabled} error={problems.abTestPercent} onChange={(value) => set('abTestPercent', value)} />
                <NumberField id="campaign-ab-hours" label={t('campaigns.editor.abTestHours')} value={draft.abTestHours} min={1} max={336} disabled={disabled} error={problems.abTestHours} onChange={(value) => set('abTestHours', value)} />
              </div>
            </div>
          )}
          <div className="campaign-row">
            <TextField id="campaign-cost" label={t('campaigns.editor.cost')} value={draft.cost} inputMode="decimal" error={problems.cost} onChange={(value) => set('cost', value)} />
            <NumberField id="campaign-attribution" label={t('campaigns.editor.attributionDays')} value={draft.attributionDays} min={1} max={365} error={problems.attributionDays} onChange={(value) => set('attributionDays', value)} />
          </div>
        </fieldset>

        <fieldset className="card campaign-body" disabled={disabled}>
          <legend>{t('campaigns.editor.body')}</legend>
          <div className="campaign-placeholders">
            <div className="field">
              <label htmlFor="campaign-placeholder">{t('campaigns.editor.placeholders')}</label>
              <select
                id="campaign-placeholder"
                value=""
                onChange={(event) => {
                  if (event.target.value) insert(event.target.value);
                }}
              >
                <option value="">—</option>
                {placeholders.map((name) => (
                  <option key={name} value={name}>
                    {t(`campaigns.editor.placeholderNames.${name.replace('.', '_')}`, { defaultValue: name })} {`{{${name}}}`}
                  </option>
                ))}
              </select>
            </div>
            <small className="hint">{t('campaigns.editor.placeholderHint')}</small>
          </div>
          <BlocksEditor blocks={draft.blocks} onChange={(blocks) => set('blocks', blocks)} problems={problems} unknown={unknown} onFocusText={(index) => track(`block:${index}`)} />
          {problems.blocks && <p className="field-error">{problems.blocks}</p>}
        </fieldset>

        <AudiencePicker audience={draft.audience} disabled={disabled} error={problems.audience} onChange={(audience) => set('audience', audience)} />

        {save.isError && !Object.keys(problems).length && (
          <p className="field-error" role="alert">
            {errorText(save.error)}
          </p>
        )}
        {mayWrite && (
          <div className="form-actions campaign-save">
            <button type="button" className="button button-primary" disabled={save.isPending || !draft.name.trim() || (!locked && (!draft.subject.trim() || !draft.mailboxId || !draft.audience || hasUnknown)) || (Boolean(campaign) && !dirty)} onClick={() => save.mutate()}>
              {t('campaigns.editor.save')}
            </button>
          </div>
        )}
      </div>
      <aside className="campaign-editor-side">
        <CampaignPreview campaign={campaign} dirty={dirty} />
      </aside>
    </div>
  );
}

function restoreCaret(element: HTMLInputElement | HTMLTextAreaElement | null | undefined, caret: number) {
  if (!element) return;
  requestAnimationFrame(() => {
    element.focus();
    element.setSelectionRange(caret, caret);
  });
}

function TextField({ id, label, value, onChange, error, disabled, placeholder, inputMode, onFocus }: { id: string; label: string; value: string; onChange: (value: string) => void; error?: string; disabled?: boolean; placeholder?: string; inputMode?: 'decimal'; onFocus?: (event: { currentTarget: HTMLInputElement }) => void }) {
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} type="text" value={value} disabled={disabled} placeholder={placeholder} inputMode={inputMode} aria-invalid={Boolean(error)} onChange={(event) => onChange(event.target.value)} onFocus={onFocus} onSelect={onFocus} />
      {error && <small className="field-error">{error}</small>}
    </div>
  );
}

function NumberField({ id, label, value, onChange, min, max, error, disabled }: { id: string; label: string; value: number; onChange: (value: number) => void; min: number; max: number; error?: string; disabled?: boolean }) {
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} type="number" value={value} min={min} max={max} disabled={disabled} aria-invalid={Boolean(error)} onChange={(event) => onChange(Math.round(Number(event.target.value)))} />
      {error && <small className="field-error">{error}</small>}
    </div>
  );
}
