// Settings → Documents (administrators change it): the supplier's details checked with the shared
// validators before they are sent (INN, KPP, OGRN, BIK and the accounts' control digits), VAT rate and
// mode, how numbering works, and per kind the template: download, upload a DOCX, back to the default.
import { useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { documentKinds, documentSettingsSchema, vatModes, type DocumentKind } from '@svyaz/shared';
import { api } from '../../api/client';
import { can, useMe } from '../../app/session';
import { translateProblem } from '../../lib/problems';
import { ErrorState, Loading, useErrorMessage } from '../States';
import { useToast } from '../Toasts';
import { Field, SelectField, SettingsTable, useSubmit } from '../settings/SettingsForm';
import './documents.css';

const textFields = ['name', 'inn', 'kpp', 'ogrn', 'address', 'phone', 'bankName', 'bik', 'account', 'corrAccount', 'director', 'accountant'] as const;
type Supplier = Record<(typeof textFields)[number], string | null> & { vatRate: number; vatMode: (typeof vatModes)[number] };

interface TemplateView {
  kind: DocumentKind;
  custom: boolean;
  fileName: string | null;
  uploadedAt: string | null;
}

/** The draft as the API takes it (empty text → null), or the problems the shared schema finds, by field. */
export function checkSupplierDraft(draft: Record<string, string>): { body: Record<string, unknown> } | { problems: Record<string, string> } {
  const body: Record<string, unknown> = {};
  for (const name of textFields) body[name] = name === 'name' ? draft.name.trim() : draft[name]?.trim() || null;
  body.vatRate = draft.vatRate;
  body.vatMode = draft.vatMode;
  const parsed = documentSettingsSchema.safeParse(body);
  if (parsed.success) return { body: parsed.data };
  const problems: Record<string, string> = {};
  for (const issue of parsed.error.issues) problems[String(issue.path[0])] ??= issue.message;
  return { problems };
}

export function DocumentsSettings() {
  const { t } = useTranslation();
  const { permissions } = useMe();
  const isAdmin = can(permissions, 'settings', 'update');
  const settings = useQuery({ queryKey: ['document-settings'], queryFn: () => api<Supplier>('/document-settings') });
  if (settings.isPending) return <Loading />;
  if (settings.isError) return <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />;
  return (
    <div className="settings-section documents-settings">
      <h2>{t('documents.settings.title')}</h2>
      <p className="muted">{t('documents.settings.intro')}</p>
      {!isAdmin && <p className="muted">{t('documents.settings.adminOnly')}</p>}
      <SupplierForm key={JSON.stringify(settings.data)} initial={settings.data} readOnly={!isAdmin} />
      <section className="card">
        <h2>{t('documents.settings.numbering')}</h2>
        <p>{t('documents.settings.numberingInfo')}</p>
      </section>
      <Templates readOnly={!isAdmin} />
    </div>
  );
}

function SupplierForm({ initial, readOnly }: { initial: Supplier; readOnly: boolean }) {
  const { t } = useTranslation();
  const toast = useToast();
  const client = useQueryClient();
  const { errors, setErrors, busy, submit } = useSubmit();
  const [draft, setDraft] = useState<Record<string, string>>(() => ({
    ...Object.fromEntries(textFields.map((name) => [name, initial[name] ?? ''])),
    vatRate: String(initial.vatRate),
    vatMode: initial.vatMode,
  }));
  const set = (name: string) => (value: string) => setDraft((current) => ({ ...current, [name]: value }));

  async function save() {
    const checked = checkSupplierDraft(draft);
    if ('problems' in checked) {
      setErrors(Object.fromEntries(Object.entries(checked.problems).map(([name, problem]) => [name, translateProblem(problem, t)])));
      return;
    }
    const ok = await submit(() => api('/document-settings', { method: 'PUT', body: checked.body }));
    if (ok) {
      toast({ message: t('documents.settings.saved'), tone: 'success' });
      void client.invalidateQueries({ queryKey: ['document-settings'] });
    }
  }

  return (
    <form
      className="card record-form"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h2>{t('documents.settings.supplier')}</h2>
      <fieldset disabled={readOnly} className="form-grid plain-fieldset">
        {textFields.map((name) => (
          <Field key={name} id={`supplier-${name}`} label={t(`documents.settings.${name}`)} value={draft[name]} onChange={set(name)} error={errors[name]} />
        ))}
        <Field id="supplier-vatRate" label={t('documents.settings.vatRate')} type="number" value={draft.vatRate} onChange={set('vatRate')} error={errors.vatRate} />
        <SelectField id="supplier-vatMode" label={t('documents.settings.vatMode')} value={draft.vatMode} onChange={set('vatMode')} error={errors.vatMode} options={vatModes.map((mode) => ({ value: mode, label: t(`documents.settings.vatModes.${mode}`) }))} />
      </fieldset>
      <p className="muted small">{t('documents.settings.vatRateHint')}</p>
      {!readOnly && (
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('app.save')}
          </button>
        </div>
      )}
    </form>
  );
}

function Templates({ readOnly }: { readOnly: boolean }) {
  const { t } = useTranslation();
  const toast = useToast();
  const message = useErrorMessage();
  const client = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [uploadKind, setUploadKind] = useState<DocumentKind | null>(null);
  const templates = useQuery({ queryKey: ['document-templates'], queryFn: () => api<{ data: TemplateView[]; placeholders: string[]; linePlaceholders: string[] }>('/document-templates') });
  const refresh = () => client.invalidateQueries({ queryKey: ['document-templates'] });

  async function upload(kind: DocumentKind, file: File) {
    const form = new FormData();
    form.append('file', file);
    try {
      await api(`/document-templates/${kind}`, { method: 'PUT', body: form });
      toast({ message: t('documents.settings.uploaded'), tone: 'success' });
      void refresh();
    } catch (error) {
      toast({ message: message(error), tone: 'error' });
    }
  }

  async function revert(kind: DocumentKind) {
    if (!window.confirm(t('documents.settings.confirmRevert', { kind: t(`documents.kinds.${kind}`) }))) return;
    try {
      await api(`/document-templates/${kind}`, { method: 'DELETE' });
      toast({ message: t('documents.settings.reverted'), tone: 'success' });
      void refresh();
    } catch (error) {
      toast({ message: message(error), tone: 'error' });
    }
  }

  if (templates.isPending) return <Loading />;
  if (templates.isError) return <ErrorState error={templates.error} onRetry={() => void templates.refetch()} />;
  const byKind = new Map(templates.data.data.map((item) => [item.kind, item]));
  return (
    <section className="card document-templates">
      <h2>{t('documents.settings.templates')}</h2>
      <p className="muted">{t('documents.settings.templatesIntro')}</p>
      <input
        ref={input}
        type="file"
        accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        hidden
        data-testid="template-file"
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file && uploadKind) void upload(uploadKind, file);
          event.target.value = '';
        }}
      />
      <SettingsTable caption={t('documents.settings.templates')} headers={[t('documents.kind'), t('documents.settings.template'), '']}>
        {documentKinds.map((kind) => {
          const template = byKind.get(kind);
          return (
            <tr key={kind} data-testid={`template-${kind}`}>
              <td>{t(`documents.kinds.${kind}`)}</td>
              <td>{template?.custom ? t('documents.settings.custom', { name: template.fileName }) : t('documents.settings.builtIn')}</td>
              <td className="documents-actions">
                <a className="button button-small" href={`/api/v1/document-templates/${kind}/file`} download>
                  {t('documents.settings.downloadTemplate')}
                </a>
                {!readOnly && (
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => {
                      setUploadKind(kind);
                      input.current?.click();
                    }}
                  >
                    {t('documents.settings.upload')}
                  </button>
                )}
                {!readOnly && template?.custom && (
                  <button type="button" className="button button-small" onClick={() => void revert(kind)}>
                    {t('documents.settings.revert')}
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </SettingsTable>
      <h3>{t('documents.settings.placeholders')}</h3>
      <p className="muted small">{t('documents.settings.placeholdersHint')}</p>
      <ul className="placeholders">
        {templates.data.placeholders.map((name) => (
          <li key={name}>
            <code>{`{${name}}`}</code>
          </li>
        ))}
      </ul>
      <p className="muted small">{t('documents.settings.linePlaceholders')}</p>
      <ul className="placeholders">
        {templates.data.linePlaceholders.map((name) => (
          <li key={name}>
            <code>{`{${name}}`}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}
