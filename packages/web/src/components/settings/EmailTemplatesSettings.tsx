// Settings → Mail → Email templates (administrators): name, language, subject and HTML body with
// placeholders such as {{contact.firstName}}; the server rejects an unknown placeholder, naming the field.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorState, Loading, useErrorMessage } from '../States';
import { useToast } from '../Toasts';
import { Field, SelectField, SettingsTable, useSubmit } from './SettingsForm';

interface EmailTemplate {
  id: string;
  name: string;
  language: 'ru' | 'en';
  subject: string;
  bodyHtml: string;
}

export function useEmailTemplates() {
  return useQuery({ queryKey: ['email-templates'], queryFn: async () => api<{ data: EmailTemplate[]; placeholders: string[] }>('/email-templates') });
}

export function EmailTemplatesSettings() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const templates = useEmailTemplates();
  const [editing, setEditing] = useState<EmailTemplate | 'new' | null>(null);
  if (templates.isPending) return <Loading />;
  if (templates.isError) return <ErrorState error={templates.error} onRetry={() => void templates.refetch()} />;
  async function remove(template: EmailTemplate) {
    if (!window.confirm(t('emailTemplates.confirmDelete', { name: template.name }))) return;
    try {
      await api(`/email-templates/${template.id}`, { method: 'DELETE' });
      toast({ message: t('emailTemplates.deleted'), tone: 'success' });
    } catch (error) {
      toast({ message: message(error), tone: 'error' });
    }
    await client.invalidateQueries({ queryKey: ['email-templates'] });
  }
  return (
    <section className="settings-subsection" aria-labelledby="email-templates-title">
      <h2 id="email-templates-title">{t('emailTemplates.title')}</h2>
      <p className="muted">{t('emailTemplates.intro')}</p>
      {templates.data.data.length === 0 ? (
        <p className="muted">{t('emailTemplates.none')}</p>
      ) : (
        <SettingsTable headers={[t('emailTemplates.name'), t('emailTemplates.language'), t('emailTemplates.subject'), '']} caption={t('emailTemplates.title')}>
          {templates.data.data.map((template) => (
            <tr key={template.id}>
              <td>{template.name}</td>
              <td>{t(`emailTemplates.languages.${template.language}`)}</td>
              <td>{template.subject}</td>
              <td className="row-actions">
                <button type="button" className="button" onClick={() => setEditing(template)} aria-label={t('emailTemplates.editAction', { name: template.name })}>
                  {t('emailTemplates.editButton')}
                </button>
                <button type="button" className="button button-danger" onClick={() => void remove(template)} aria-label={t('emailTemplates.deleteAction', { name: template.name })}>
                  {t('emailTemplates.deleteButton')}
                </button>
              </td>
            </tr>
          ))}
        </SettingsTable>
      )}
      {editing ? (
        <TemplateForm key={editing === 'new' ? 'new' : editing.id} template={editing === 'new' ? null : editing} placeholders={templates.data.placeholders} onDone={() => setEditing(null)} />
      ) : (
        <div className="form-actions">
          <button type="button" className="button" onClick={() => setEditing('new')}>
            {t('emailTemplates.add')}
          </button>
        </div>
      )}
    </section>
  );
}

function TemplateForm({ template, placeholders, onDone }: { template: EmailTemplate | null; placeholders: string[]; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const toast = useToast();
  const { errors, busy, submit } = useSubmit((field) => `template-${field}`);
  const [name, setName] = useState(template?.name ?? '');
  const [language, setLanguage] = useState<string>(template?.language ?? (i18n.language.startsWith('en') ? 'en' : 'ru'));
  const [subject, setSubject] = useState(template?.subject ?? '');
  const [bodyHtml, setBodyHtml] = useState(template?.bodyHtml ?? '');
  async function save() {
    const body = { name: name.trim(), language, subject, bodyHtml };
    const ok = await submit(() => (template ? api(`/email-templates/${template.id}`, { method: 'PATCH', body }) : api('/email-templates', { method: 'POST', body })));
    if (!ok) return;
    toast({ message: t('emailTemplates.saved'), tone: 'success' });
    await client.invalidateQueries({ queryKey: ['email-templates'] });
    onDone();
  }
  return (
    <form
      className="card record-form"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h2>{template ? template.name : t('emailTemplates.add')}</h2>
      <div className="form-grid">
        <Field id="template-name" label={t('emailTemplates.name')} value={name} onChange={setName} error={errors['template-name']} required />
        <SelectField
          id="template-language"
          label={t('emailTemplates.language')}
          value={language}
          onChange={setLanguage}
          error={errors['template-language']}
          options={(['ru', 'en'] as const).map((value) => ({ value, label: t(`emailTemplates.languages.${value}`) }))}
        />
        <Field id="template-subject" label={t('emailTemplates.subject')} value={subject} onChange={setSubject} error={errors['template-subject']} className="span-2" />
        <Field id="template-bodyHtml" label={t('emailTemplates.body')} error={errors['template-bodyHtml']} className="span-2">
          <textarea id="template-bodyHtml" rows={10} value={bodyHtml} onChange={(event) => setBodyHtml(event.target.value)} aria-invalid={errors['template-bodyHtml'] ? true : undefined} />
        </Field>
      </div>
      <div className="placeholder-list">
        <span className="muted">
          {t('emailTemplates.placeholders')} ({t('emailTemplates.placeholdersHint')}):
        </span>{' '}
        {placeholders.map((placeholder) => (
          <button
            key={placeholder}
            type="button"
            className="chip"
            onClick={() => {
              void navigator.clipboard?.writeText(`{{${placeholder}}}`);
              setBodyHtml((current) => `${current}{{${placeholder}}}`);
            }}
          >
            {`{{${placeholder}}}`}
          </button>
        ))}
      </div>
      <div className="form-actions">
        <button type="button" className="button" onClick={onDone} disabled={busy}>
          {t('app.cancel')}
        </button>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('app.saving') : t('app.save')}
        </button>
      </div>
    </form>
  );
}
