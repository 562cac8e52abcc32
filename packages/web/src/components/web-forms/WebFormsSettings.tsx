// Settings → Web forms: the list, the builder (fields mapped to lead fields and custom fields, required
// flags, the 152-FZ consent text, allowed origins, assignment rules, the first task), the snippet to
// copy onto a site, and the submissions with links to their leads. The server validates the whole
// form and names the field of each problem (fields[2].target, assignment.fallback.userId…), shown beside it.
import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { webFormFieldTypes, webFormLeadTargets, type WebFormInput } from '@svyaz/shared';
import { api } from '../../api/client';
import { can, useMe } from '../../app/session';
import { currentLocale } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useUsers } from '../../lib/lookups';
import { ErrorState, Loading, useErrorMessage } from '../States';
import { useToast } from '../Toasts';
import { Field, SelectField, SettingsTable, useSubmit } from '../settings/SettingsForm';
import { useTeams } from '../settings/UsersSettings';
import './web-forms.css';

export interface WebForm extends WebFormInput {
  id: string;
  key: string;
  submissionCount: number;
  spamCount: number;
}
type Localized = { ru: string; en: string };
type Assignee = { type: 'user'; userId: string } | { type: 'team'; teamId: string };
interface FieldDraft {
  key: string;
  target: string;
  type: (typeof webFormFieldTypes)[number];
  label: Localized;
  required: boolean;
  options: string;
}
interface RuleDraft {
  match: 'region' | 'source';
  values: string;
  assignee: Assignee;
}

/** The server's field names as input ids: fields[1].label.ru → webform-fields-1-label-ru. */
export const fieldId = (field: string) => `webform-${field.replace(/[[\].]+/g, '-').replace(/-$/, '')}`;

function useWebForms() {
  return useQuery({ queryKey: ['web-forms'], queryFn: async () => (await api<{ data: WebForm[] }>('/web-forms')).data });
}

export function WebFormsSettings() {
  const { t } = useTranslation();
  const { permissions } = useMe();
  const forms = useWebForms();
  const [editing, setEditing] = useState<WebForm | 'new' | null>(null);
  const [viewing, setViewing] = useState<WebForm | null>(null);
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  if (forms.isPending) return <Loading />;
  if (forms.isError) return <ErrorState error={forms.error} onRetry={() => void forms.refetch()} />;
  const mayChange = can(permissions, 'settings', 'update');
  async function remove(form: WebForm) {
    if (!window.confirm(t('webForms.confirmDelete', { name: form.name }))) return;
    try {
      await api(`/web-forms/${form.id}`, { method: 'DELETE' });
      toast({ message: t('webForms.deleted'), tone: 'success' });
    } catch (error) {
      toast({ message: message(error), tone: 'error' });
    }
    if (viewing?.id === form.id) setViewing(null);
    await client.invalidateQueries({ queryKey: ['web-forms'] });
  }
  return (
    <div className="settings-section web-forms">
      <h2>{t('webForms.title')}</h2>
      <p className="muted">{t('webForms.intro')}</p>
      {forms.data.length === 0 ? (
        <p className="muted">{t('webForms.none')}</p>
      ) : (
        <SettingsTable headers={[t('webForms.name'), t('webForms.status'), t('webForms.submissions'), '']} caption={t('webForms.title')}>
          {forms.data.map((form) => (
            <tr key={form.id}>
              <td>{form.name}</td>
              <td>{form.isActive ? t('webForms.active') : t('webForms.inactive')}</td>
              <td>
                {form.submissionCount}
                {form.spamCount ? <span className="muted"> {t('webForms.spam', { count: form.spamCount })}</span> : null}
              </td>
              <td className="row-actions">
                <button type="button" className="button" onClick={() => setViewing(form)} aria-label={t('webForms.openAction', { name: form.name })}>
                  {t('webForms.open')}
                </button>
                {mayChange && (
                  <>
                    <button type="button" className="button" onClick={() => setEditing(form)} aria-label={t('webForms.editAction', { name: form.name })}>
                      {t('webForms.edit')}
                    </button>
                    <button type="button" className="button button-danger" onClick={() => void remove(form)} aria-label={t('webForms.deleteAction', { name: form.name })}>
                      {t('webForms.delete')}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </SettingsTable>
      )}
      {editing ? (
        <WebFormBuilder key={editing === 'new' ? 'new' : editing.id} form={editing === 'new' ? null : editing} onDone={(saved) => (setEditing(null), saved && setViewing(saved))} />
      ) : (
        mayChange && (
          <div className="form-actions">
            <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
              {t('webForms.add')}
            </button>
          </div>
        )
      )}
      {viewing && !editing && <WebFormDetails key={viewing.id} form={forms.data.find((form) => form.id === viewing.id) ?? viewing} />}
    </div>
  );
}

/** The consent text a new form starts with, in both languages the form may be shown in (it is stored with each submission). */
const defaultConsent: Localized = {
  ru: 'Я даю согласие на обработку моих персональных данных в соответствии с Федеральным законом № 152-ФЗ «О персональных данных».',
  en: 'I consent to the processing of my personal data under Federal Law No. 152-FZ “On Personal Data”.',
};
const emptyField = (index: number): FieldDraft => ({ key: `field_${index + 1}`, target: 'none', type: 'text', label: { ru: '', en: '' }, required: false, options: '' });
const defaultFields: FieldDraft[] = [
  { key: 'name', target: 'firstName', type: 'text', label: { ru: 'Имя', en: 'Name' }, required: true, options: '' },
  { key: 'phone', target: 'phone', type: 'phone', label: { ru: 'Телефон', en: 'Phone' }, required: true, options: '' },
  { key: 'email', target: 'email', type: 'email', label: { ru: 'Эл. почта', en: 'Email' }, required: false, options: '' },
];

function WebFormBuilder({ form, onDone }: { form: WebForm | null; onDone: (saved: WebForm | null) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const toast = useToast();
  const users = useUsers();
  const teams = useTeams();
  const customFields = useQuery({ queryKey: ['custom-fields', 'leads'], queryFn: async () => (await api<{ data: { key: string; label: Localized; isArchived: boolean }[] }>('/custom-fields?object=leads')).data });
  const { errors, busy, submit } = useSubmit(fieldId);
  const locale = currentLocale();
  const [name, setName] = useState(form?.name ?? '');
  const [isActive, setIsActive] = useState(form?.isActive ?? true);
  const [language, setLanguage] = useState<'ru' | 'en'>(form?.language ?? 'ru');
  const [fields, setFields] = useState<FieldDraft[]>(form ? form.fields.map((field) => ({ ...field, options: field.options.join(', ') })) : defaultFields);
  const [consentEnabled, setConsentEnabled] = useState(form?.consent.enabled ?? true);
  const [consentText, setConsentText] = useState<Localized>(form?.consent.text ?? defaultConsent);
  const [origins, setOrigins] = useState((form?.allowedOrigins ?? []).join('\n'));
  const [success, setSuccess] = useState<Localized>(form?.successMessage ?? { ru: '', en: '' });
  const [redirectUrl, setRedirectUrl] = useState(form?.redirectUrl ?? '');
  const [leadSource, setLeadSource] = useState(form?.leadSource ?? '');
  const [target, setTarget] = useState<string>((form as { target?: string } | undefined)?.target ?? 'lead');
  const [fallback, setFallback] = useState<Assignee>(form?.assignment.fallback ?? { type: 'user', userId: '' });
  const [rules, setRules] = useState<RuleDraft[]>((form?.assignment.rules ?? []).map((rule) => ({ ...rule, values: rule.values.join(', ') })));
  const [taskEnabled, setTaskEnabled] = useState(form?.task.enabled ?? true);
  const [taskTitle, setTaskTitle] = useState<Localized>(form?.task.title ?? { ru: '', en: '' });
  const [taskHours, setTaskHours] = useState(String((form?.task.dueMinutes ?? 60) / 60));

  const split = (text: string, separator: RegExp) => text.split(separator).map((item) => item.trim()).filter(Boolean);
  async function save() {
    const body = {
      name: name.trim(),
      isActive,
      language,
      fields: fields.map((field) => ({ key: field.key.trim(), target: field.target, type: field.type, label: field.label, required: field.required, options: field.type === 'select' ? split(field.options, /,/) : [] })),
      consent: { enabled: consentEnabled, text: consentText },
      allowedOrigins: split(origins, /[\s,]+/),
      successMessage: success,
      redirectUrl: redirectUrl.trim() || null,
      leadSource: leadSource.trim() || null,
      target,
      assignment: { rules: rules.map((rule) => ({ match: rule.match, values: split(rule.values, /,/), assignee: rule.assignee })), fallback },
      task: { enabled: taskEnabled, title: taskTitle, dueMinutes: Math.round(Number(taskHours.replace(',', '.')) * 60) },
    };
    let saved: WebForm | null = null;
    const ok = await submit(async () => {
      saved = form ? await api<WebForm>(`/web-forms/${form.id}`, { method: 'PATCH', body }) : await api<WebForm>('/web-forms', { method: 'POST', body });
    });
    if (!ok) return;
    toast({ message: t('webForms.saved'), tone: 'success' });
    await client.invalidateQueries({ queryKey: ['web-forms'] });
    onDone(saved);
  }
  const setField = (index: number, patch: Partial<FieldDraft>) => setFields(fields.map((field, position) => (position === index ? { ...field, ...patch } : field)));
  const targetOptions = [
    ...webFormLeadTargets.map((target) => ({ value: target, label: t(`webForms.targets.${target}`) })),
    ...(customFields.data ?? []).filter((field) => !field.isArchived).map((field) => ({ value: `custom.${field.key}`, label: `${t('webForms.customField')}: ${field.label[locale === 'en' ? 'en' : 'ru'] || field.key}` })),
  ];
  const userOptions = [{ value: '', label: '—' }, ...(users.data ?? []).filter((user) => user.isActive).map((user) => ({ value: user.id, label: user.name }))];
  const teamOptions = [{ value: '', label: '—' }, ...(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))];
  const assigneeFields = (prefix: string, assignee: Assignee, change: (assignee: Assignee) => void) => (
    <>
      <SelectField
        id={fieldId(`${prefix}.type`)}
        label={t('webForms.assigneeType')}
        value={assignee.type}
        onChange={(type) => change(type === 'team' ? { type: 'team', teamId: '' } : { type: 'user', userId: '' })}
        options={[
          { value: 'user', label: t('webForms.assigneeUser') },
          { value: 'team', label: t('webForms.assigneeTeam') },
        ]}
      />
      {assignee.type === 'user' ? (
        <SelectField id={fieldId(`${prefix}.userId`)} label={t('webForms.user')} value={assignee.userId} onChange={(userId) => change({ type: 'user', userId })} options={userOptions} error={errors[fieldId(`${prefix}.userId`)]} />
      ) : (
        <SelectField id={fieldId(`${prefix}.teamId`)} label={t('webForms.team')} value={assignee.teamId} onChange={(teamId) => change({ type: 'team', teamId })} options={teamOptions} error={errors[fieldId(`${prefix}.teamId`)]} />
      )}
    </>
  );
  const localizedFields = (prefix: string, label: string, value: Localized, change: (value: Localized) => void, multiline = false) =>
    (['ru', 'en'] as const).map((lang) => (
      <Field key={lang} id={fieldId(`${prefix}.${lang}`)} label={`${label} (${lang.toUpperCase()})`} error={errors[fieldId(`${prefix}.${lang}`)] ?? (lang === 'ru' ? errors[fieldId(prefix)] : undefined)}>
        {multiline ? (
          <textarea id={fieldId(`${prefix}.${lang}`)} rows={3} value={value[lang]} onChange={(event) => change({ ...value, [lang]: event.target.value })} />
        ) : (
          <input id={fieldId(`${prefix}.${lang}`)} value={value[lang]} onChange={(event) => change({ ...value, [lang]: event.target.value })} />
        )}
      </Field>
    ));
  return (
    <form
      className="card record-form web-form-builder"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h2>{form ? t('webForms.editTitle', { name: form.name }) : t('webForms.add')}</h2>
      <div className="form-grid">
        <Field id="webform-name" label={t('webForms.name')} value={name} onChange={setName} error={errors['webform-name']} required />
        <SelectField id="webform-language" label={t('webForms.language')} value={language} onChange={(value) => setLanguage(value as 'ru' | 'en')} options={[{ value: 'ru', label: 'Русский' }, { value: 'en', label: 'English' }]} />
        <label className="checkbox-field">
          <input type="checkbox" checked={isActive} onChange={(event) => setIsActive(event.target.checked)} /> {t('webForms.active')}
        </label>
      </div>
      <fieldset>
        <legend>{t('webForms.fields')}</legend>
        {errors['webform-fields'] && <p className="field-error">{errors['webform-fields']}</p>}
        {fields.map((field, index) => (
          <div className="web-form-field" key={index} role="group" aria-label={t('webForms.fieldNumber', { number: index + 1 })}>
            <Field id={fieldId(`fields[${index}].label.ru`)} label={t('webForms.labelRu')} value={field.label.ru} onChange={(ru) => setField(index, { label: { ...field.label, ru } })} error={errors[fieldId(`fields[${index}].label.ru`)] ?? errors[fieldId(`fields[${index}].label`)]} />
            <Field id={fieldId(`fields[${index}].label.en`)} label={t('webForms.labelEn')} value={field.label.en} onChange={(en) => setField(index, { label: { ...field.label, en } })} error={errors[fieldId(`fields[${index}].label.en`)]} />
            <Field id={fieldId(`fields[${index}].key`)} label={t('webForms.key')} value={field.key} onChange={(key) => setField(index, { key })} error={errors[fieldId(`fields[${index}].key`)]} />
            <SelectField id={fieldId(`fields[${index}].type`)} label={t('webForms.type')} value={field.type} onChange={(type) => setField(index, { type: type as FieldDraft['type'] })} options={webFormFieldTypes.map((type) => ({ value: type, label: t(`webForms.types.${type}`) }))} />
            <SelectField id={fieldId(`fields[${index}].target`)} label={t('webForms.creates')} value={field.target} onChange={(target) => setField(index, { target })} options={targetOptions} error={errors[fieldId(`fields[${index}].target`)]} />
            {field.type === 'select' && <Field id={fieldId(`fields[${index}].options`)} label={t('webForms.options')} value={field.options} onChange={(options) => setField(index, { options })} error={errors[fieldId(`fields[${index}].options`)]} />}
            <label className="checkbox-field">
              <input type="checkbox" checked={field.required} onChange={(event) => setField(index, { required: event.target.checked })} /> {t('webForms.required')}
            </label>
            <button type="button" className="button button-danger" onClick={() => setFields(fields.filter((_, position) => position !== index))} aria-label={t('webForms.removeField', { number: index + 1 })}>
              {t('webForms.remove')}
            </button>
          </div>
        ))}
        <button type="button" className="button" onClick={() => setFields([...fields, emptyField(fields.length)])}>
          {t('webForms.addField')}
        </button>
      </fieldset>
      <fieldset>
        <legend>{t('webForms.consent')}</legend>
        <label className="checkbox-field">
          <input type="checkbox" checked={consentEnabled} onChange={(event) => setConsentEnabled(event.target.checked)} /> {t('webForms.consentEnabled')}
        </label>
        {consentEnabled && <div className="form-grid">{localizedFields('consent.text', t('webForms.consentText'), consentText, setConsentText, true)}</div>}
      </fieldset>
      <fieldset>
        <legend>{t('webForms.site')}</legend>
        <div className="form-grid">
          <Field id="webform-allowedOrigins" label={t('webForms.origins')} error={errors['webform-allowedOrigins'] ?? Object.entries(errors).find(([key]) => key.startsWith('webform-allowedOrigins-'))?.[1]}>
            <textarea id="webform-allowedOrigins" rows={3} value={origins} placeholder="https://example.ru" onChange={(event) => setOrigins(event.target.value)} />
          </Field>
          {localizedFields('successMessage', t('webForms.successMessage'), success, setSuccess)}
          <Field id="webform-redirectUrl" label={t('webForms.redirectUrl')} value={redirectUrl} onChange={setRedirectUrl} error={errors['webform-redirectUrl']} />
          <Field id="webform-leadSource" label={t('webForms.leadSource')} value={leadSource} onChange={setLeadSource} error={errors['webform-leadSource']} />
          <SelectField
            id="webform-target"
            label={t('webForms.creates')}
            value={target}
            onChange={setTarget}
            options={[
              { value: 'lead', label: t('webForms.createsOptions.lead') },
              { value: 'case', label: t('webForms.createsOptions.case') },
            ]}
            error={errors['webform-target']}
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('webForms.assignment')}</legend>
        <p className="muted">{t('webForms.assignmentHint')}</p>
        {rules.map((rule, index) => (
          <div className="web-form-field" key={index} role="group" aria-label={t('webForms.ruleNumber', { number: index + 1 })}>
            <SelectField
              id={fieldId(`assignment.rules[${index}].match`)}
              label={t('webForms.match')}
              value={rule.match}
              onChange={(match) => setRules(rules.map((item, position) => (position === index ? { ...item, match: match as RuleDraft['match'] } : item)))}
              options={[
                { value: 'region', label: t('webForms.matchRegion') },
                { value: 'source', label: t('webForms.matchSource') },
              ]}
            />
            <Field id={fieldId(`assignment.rules[${index}].values`)} label={t('webForms.values')} value={rule.values} onChange={(values) => setRules(rules.map((item, position) => (position === index ? { ...item, values } : item)))} error={errors[fieldId(`assignment.rules[${index}].values`)]} />
            {assigneeFields(`assignment.rules[${index}].assignee`, rule.assignee, (assignee) => setRules(rules.map((item, position) => (position === index ? { ...item, assignee } : item))))}
            <button type="button" className="button button-danger" onClick={() => setRules(rules.filter((_, position) => position !== index))} aria-label={t('webForms.removeRule', { number: index + 1 })}>
              {t('webForms.remove')}
            </button>
          </div>
        ))}
        <button type="button" className="button" onClick={() => setRules([...rules, { match: 'region', values: '', assignee: { type: 'user', userId: '' } }])}>
          {t('webForms.addRule')}
        </button>
        <h3>{t('webForms.fallback')}</h3>
        <div className="form-grid">{assigneeFields('assignment.fallback', fallback, setFallback)}</div>
      </fieldset>
      <fieldset>
        <legend>{t('webForms.task')}</legend>
        <label className="checkbox-field">
          <input type="checkbox" checked={taskEnabled} onChange={(event) => setTaskEnabled(event.target.checked)} /> {t('webForms.taskEnabled')}
        </label>
        {taskEnabled && (
          <div className="form-grid">
            {localizedFields('task.title', t('webForms.taskTitle'), taskTitle, setTaskTitle)}
            <Field id="webform-task-dueMinutes" label={t('webForms.taskHours')} type="number" value={taskHours} onChange={setTaskHours} error={errors['webform-task-dueMinutes']} />
          </div>
        )}
      </fieldset>
      <div className="form-actions">
        <button type="button" className="button" onClick={() => onDone(null)} disabled={busy}>
          {t('app.cancel')}
        </button>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('app.saving') : t('app.save')}
        </button>
      </div>
    </form>
  );
}

interface Submission {
  id: string;
  createdAt: string;
  leadId: string | null;
  leadTitle: string | null;
  ownerName: string | null;
  pageUrl: string | null;
  utm: Record<string, string>;
  matches: { type: string; name: string }[];
}

function WebFormDetails({ form }: { form: WebForm }) {
  const { t } = useTranslation();
  const toast = useToast();
  const locale = currentLocale();
  const snippet = useQuery({ queryKey: ['web-form-snippet', form.id, form.key], queryFn: () => api<{ script: string; html: string; endpoint: string }>(`/web-forms/${form.id}/snippet`) });
  const submissions = useQuery({ queryKey: ['web-form-submissions', form.id], queryFn: () => api<{ data: Submission[] }>(`/web-forms/${form.id}/submissions`) });
  async function copy(text: string) {
    try {
      await navigator.clipboard.writeText(text);
      toast({ message: t('webForms.copied'), tone: 'success' });
    } catch {
      toast({ message: t('webForms.copyFailed'), tone: 'error' });
    }
  }
  return (
    <section className="card web-form-details" aria-labelledby="web-form-details-title">
      <h2 id="web-form-details-title">{form.name}</h2>
      {snippet.data && (
        <>
          <div className="form-field">
            <label htmlFor="webform-snippet-script">{t('webForms.snippetScript')}</label>
            <textarea id="webform-snippet-script" readOnly rows={2} value={snippet.data.script} />
            <button type="button" className="button" onClick={() => void copy(snippet.data.script)}>
              {t('webForms.copyScript')}
            </button>
          </div>
          <div className="form-field">
            <label htmlFor="webform-snippet-html">{t('webForms.snippetHtml')}</label>
            <textarea id="webform-snippet-html" readOnly rows={8} value={snippet.data.html} />
            <button type="button" className="button" onClick={() => void copy(snippet.data.html)}>
              {t('webForms.copyHtml')}
            </button>
          </div>
        </>
      )}
      <h3>{t('webForms.submissionsTitle')}</h3>
      {submissions.isPending ? (
        <Loading />
      ) : submissions.isError ? (
        <ErrorState error={submissions.error} onRetry={() => void submissions.refetch()} />
      ) : submissions.data.data.length === 0 ? (
        <p className="muted">{t('webForms.noSubmissions')}</p>
      ) : (
        <SettingsTable headers={[t('webForms.when'), t('webForms.lead'), t('webForms.owner'), t('webForms.page'), t('webForms.matches')]} caption={t('webForms.submissionsTitle')}>
          {submissions.data.data.map((submission) => (
            <tr key={submission.id}>
              <td>{formatDateTime(submission.createdAt, locale)}</td>
              <td>{submission.leadId ? <Link to={`/leads/${submission.leadId}`}>{submission.leadTitle}</Link> : <span className="muted">{t('webForms.leadHidden')}</span>}</td>
              <td>{submission.ownerName ?? '—'}</td>
              <td className="web-form-page">{submission.pageUrl ?? '—'}{submission.utm.utm_source ? ` (${submission.utm.utm_source})` : ''}</td>
              <td>{submission.matches.length ? submission.matches.map((match) => match.name).join(', ') : '—'}</td>
            </tr>
          ))}
        </SettingsTable>
      )}
    </section>
  );
}
