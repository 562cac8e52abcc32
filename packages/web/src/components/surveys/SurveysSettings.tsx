// Settings → Surveys: the list, the editor (kind, texts in Russian and English, low-score threshold,
// mailbox, the question builder; for CSAT whether it goes out when a case is resolved and what a low score
// does to the case: reopen it, flag it for the team head, or nothing), sending to a saved view of contacts, and the report with charts.
// The server validates the whole survey and names each problem's field (questions[1].options…).
import { lazy, Suspense, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { surveyLowScoreActions, surveyQuestionTypes, type SurveyKind, type SurveyLowScoreAction, type SurveyQuestionType } from '@svyaz/shared';
import { api } from '../../api/client';
import { ErrorState, Loading } from '../States';
import { useToast } from '../Toasts';
import { Field, SelectField, SettingsTable, useSubmit } from '../settings/SettingsForm';
import { useMailboxes } from '../settings/MailSettings';

const Chart = lazy(() => import('../Chart'));

type Localized = { ru: string; en: string };
interface Question { key: string; type: SurveyQuestionType; label: Localized; required: boolean; options: string[]; min: number; max: number }
interface Survey { id: string; kind: SurveyKind; name: string; isActive: boolean; language: 'ru' | 'en'; subject: Localized; intro: Localized; question: Localized; thanks: Localized; questions: Question[]; lowScoreThreshold: number | null; mailboxId: string | null; expiresDays: number; resurveyDays: number; sendAfterResolution: boolean; lowScoreAction: SurveyLowScoreAction; invitations?: number; responses?: number }
interface Report { invitations: number; responses: number; responseRate: number | null; csatPercent: number | null; nps: number | null; average: number | null; lowScores: number; distribution: { score: number; count: number }[]; trend: { week: string; responses: number; average: number | null }[]; byOwner: { id: string | null; name: string | null; responses: number; average: number | null }[] }

const empty = (): Localized => ({ ru: '', en: '' });
const blank = (): Omit<Survey, 'id'> => ({ kind: 'nps', name: '', isActive: true, language: 'ru', subject: empty(), intro: empty(), question: empty(), thanks: empty(), questions: [], lowScoreThreshold: null, mailboxId: null, expiresDays: 30, resurveyDays: 90, sendAfterResolution: true, lowScoreAction: 'reopen' });

const editableKeys = ['name', 'isActive', 'language', 'subject', 'intro', 'question', 'thanks', 'questions', 'lowScoreThreshold', 'mailboxId', 'expiresDays', 'resurveyDays', 'sendAfterResolution', 'lowScoreAction'] as const;

function SurveyEditor({ initial, onDone }: { initial: Survey | null; onDone: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [draft, setDraft] = useState<Omit<Survey, 'id'>>(() => (initial ? { ...blank(), ...initial } : blank()));
  const { errors, busy, submit } = useSubmit();
  // The same query (and cache entry) as Settings → Email: one shape under one key.
  const mailboxes = useMailboxes();
  const set = <K extends keyof Omit<Survey, 'id'>>(key: K, value: Omit<Survey, 'id'>[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const setText = (key: 'subject' | 'intro' | 'question' | 'thanks', lang: 'ru' | 'en', value: string) => set(key, { ...draft[key], [lang]: value });
  const setQuestion = (index: number, patch: Partial<Question>) => set('questions', draft.questions.map((question, at) => (at === index ? { ...question, ...patch } : question)));
  async function save(event: React.FormEvent) {
    event.preventDefault();
    // Only what the editor edits: the list's rows also carry counts, the author and timestamps, which the
    // server's strict schema would refuse.
    const payload = {
      ...Object.fromEntries(editableKeys.map((key) => [key, draft[key]])),
      ...(initial ? {} : { kind: draft.kind }),
      ...(draft.kind === 'csat' ? {} : { sendAfterResolution: undefined, lowScoreAction: undefined }),
    };
    const ok = await submit(() => api(initial ? `/surveys/${initial.id}` : '/surveys', { method: initial ? 'PATCH' : 'POST', body: JSON.parse(JSON.stringify(payload)) }));
    if (ok) {
      toast({ message: t('surveys.saved') });
      onDone();
    }
  }
  return (
    <form className="settings-form" onSubmit={save} aria-label={t('surveys.editor')}>
      {!initial && <SelectField id="survey-kind" label={t('surveys.kind')} value={draft.kind} onChange={(value) => set('kind', value as SurveyKind)} options={(['csat', 'nps', 'custom'] as const).map((kind) => ({ value: kind, label: t(`surveys.kinds.${kind}`) }))} error={errors.kind} />}
      <Field id="survey-name" label={t('surveys.name')} value={draft.name} onChange={(value) => set('name', value)} error={errors.name} required />
      <SelectField id="survey-language" label={t('surveys.language')} value={draft.language} onChange={(value) => set('language', value as 'ru' | 'en')} options={[{ value: 'ru', label: 'Русский' }, { value: 'en', label: 'English' }]} error={errors.language} />
      {(['subject', 'question', 'intro', 'thanks'] as const).map((key) =>
        (['ru', 'en'] as const).map((lang) => <Field key={`${key}-${lang}`} id={`survey-${key}-${lang}`} label={`${t(`surveys.texts.${key}`)} (${lang})`} value={draft[key][lang]} onChange={(value) => setText(key, lang, value)} error={errors[`${key}.${lang}`] ?? (lang === 'ru' ? errors[key] : undefined)} />),
      )}
      <Field id="survey-threshold" label={t('surveys.threshold')} type="number" value={draft.lowScoreThreshold === null ? '' : String(draft.lowScoreThreshold)} onChange={(value) => set('lowScoreThreshold', value === '' ? null : Number(value))} error={errors.lowScoreThreshold} />
      <SelectField id="survey-mailbox" label={t('surveys.mailbox')} value={draft.mailboxId ?? ''} onChange={(value) => set('mailboxId', value || null)} options={[{ value: '', label: '—' }, ...(mailboxes.data ?? []).map((mailbox) => ({ value: mailbox.id, label: `${mailbox.name} <${mailbox.emailAddress}>` }))]} error={errors.mailboxId} />
      {draft.kind === 'csat' && (
        <fieldset className="survey-csat">
          <legend>{t('surveys.afterResolution')}</legend>
          <label>
            <input id="survey-send-after-resolution" type="checkbox" checked={draft.sendAfterResolution} onChange={(event) => set('sendAfterResolution', event.target.checked)} /> {t('surveys.sendAfterResolution')}
          </label>
          {errors.sendAfterResolution && <p className="field-error">{errors.sendAfterResolution}</p>}
          <SelectField id="survey-low-score-action" label={t('surveys.lowScoreAction')} value={draft.lowScoreAction} onChange={(value) => set('lowScoreAction', value as SurveyLowScoreAction)} options={surveyLowScoreActions.map((action) => ({ value: action, label: t(`surveys.lowScoreActions.${action}`) }))} error={errors.lowScoreAction} />
          <Field id="survey-resurvey" label={t('surveys.resurveyDays')} type="number" value={String(draft.resurveyDays)} onChange={(value) => set('resurveyDays', Number(value))} error={errors.resurveyDays} />
          <p className="hint">{t('surveys.afterResolutionHint')}</p>
        </fieldset>
      )}
      <Field id="survey-expires" label={t('surveys.expiresDays')} type="number" value={String(draft.expiresDays)} onChange={(value) => set('expiresDays', Number(value))} error={errors.expiresDays} />
      <fieldset>
        <legend>{t('surveys.questions')}</legend>
        {errors.questions && <p className="field-error">{errors.questions}</p>}
        {draft.questions.map((question, index) => (
          <div key={index} className="survey-question">
            <Field id={`survey-q${index}-key`} label={t('surveys.questionKey')} value={question.key} onChange={(value) => setQuestion(index, { key: value })} error={errors[`questions[${index}].key`]} />
            <SelectField id={`survey-q${index}-type`} label={t('surveys.questionType')} value={question.type} onChange={(value) => setQuestion(index, { type: value as SurveyQuestionType })} options={surveyQuestionTypes.map((type) => ({ value: type, label: t(`surveys.types.${type}`) }))} />
            <Field id={`survey-q${index}-label-ru`} label={`${t('surveys.questionLabel')} (ru)`} value={question.label.ru} onChange={(value) => setQuestion(index, { label: { ...question.label, ru: value } })} error={errors[`questions[${index}].label`]} />
            <Field id={`survey-q${index}-label-en`} label={`${t('surveys.questionLabel')} (en)`} value={question.label.en} onChange={(value) => setQuestion(index, { label: { ...question.label, en: value } })} />
            {(question.type === 'single' || question.type === 'multiple') && <Field id={`survey-q${index}-options`} label={t('surveys.options')} value={question.options.join(', ')} onChange={(value) => setQuestion(index, { options: value.split(',').map((item) => item.trim()).filter(Boolean) })} error={errors[`questions[${index}].options`]} />}
            <label><input type="checkbox" checked={question.required} onChange={(event) => setQuestion(index, { required: event.target.checked })} /> {t('surveys.required')}</label>
            <button type="button" className="button" onClick={() => set('questions', draft.questions.filter((_, at) => at !== index))}>{t('surveys.removeQuestion')}</button>
          </div>
        ))}
        <button type="button" className="button" onClick={() => set('questions', [...draft.questions, { key: `q${draft.questions.length + 1}`, type: 'text', label: empty(), required: false, options: [], min: 1, max: 5 }])}>{t('surveys.addQuestion')}</button>
      </fieldset>
      <label><input type="checkbox" checked={draft.isActive} onChange={(event) => set('isActive', event.target.checked)} /> {t('surveys.active')}</label>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy}>{t('surveys.save')}</button>
        <button type="button" className="button" onClick={onDone}>{t('surveys.cancel')}</button>
      </div>
    </form>
  );
}

function SendPanel({ survey, onDone }: { survey: Survey; onDone: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const views = useQuery({ queryKey: ['saved-views', 'contacts'], queryFn: () => api<{ data: { id: string; name: string }[] }>('/saved-views', { query: { object: 'contacts' } }) });
  const [viewId, setViewId] = useState('');
  const { errors, busy, submit } = useSubmit();
  async function send() {
    let result: { sent: number; skippedNoEmail: number; skippedRecent: number } | undefined;
    const ok = await submit(async () => (result = await api(`/surveys/${survey.id}/send`, { method: 'POST', body: { savedViewId: viewId || null } })));
    if (ok && result) {
      toast({ message: t('surveys.sentResult', result) });
      onDone();
    }
  }
  return (
    <div className="settings-form" role="group" aria-label={t('surveys.send')}>
      <SelectField id="survey-send-view" label={t('surveys.savedView')} value={viewId} onChange={setViewId} options={[{ value: '', label: '—' }, ...(views.data?.data ?? []).map((view) => ({ value: view.id, label: view.name }))]} error={errors.savedViewId ?? errors.mailboxId} />
      <button type="button" className="button primary" disabled={busy || !viewId} onClick={send}>{t('surveys.send')}</button>
    </div>
  );
}

export function SurveyReport({ survey }: { survey: Survey }) {
  const { t } = useTranslation();
  const report = useQuery({ queryKey: ['survey-report', survey.id], queryFn: () => api<Report>(`/surveys/${survey.id}/report`) });
  if (report.isPending) return <Loading />;
  if (report.isError) return <ErrorState error={report.error} />;
  const data = report.data;
  const bars = (labels: string[], values: number[]) => ({ xAxis: { type: 'category', data: labels }, yAxis: { type: 'value', minInterval: 1 }, series: [{ type: 'bar', data: values }], grid: { left: 40, right: 16, top: 16, bottom: 30 } });
  return (
    <section aria-label={t('surveys.report')} className="survey-report">
      <dl className="survey-figures">
        <div><dt>{t('surveys.figures.responses')}</dt><dd>{data.responses} / {data.invitations}</dd></div>
        <div><dt>{t('surveys.figures.rate')}</dt><dd>{data.responseRate === null ? '—' : `${data.responseRate} %`}</dd></div>
        {survey.kind === 'csat' && <div><dt>CSAT</dt><dd>{data.csatPercent === null ? '—' : `${data.csatPercent} %`}</dd></div>}
        {survey.kind === 'nps' && <div><dt>NPS</dt><dd>{data.nps ?? '—'}</dd></div>}
        <div><dt>{t('surveys.figures.average')}</dt><dd>{data.average ?? '—'}</dd></div>
        <div><dt>{t('surveys.figures.low')}</dt><dd>{data.lowScores}</dd></div>
      </dl>
      <Suspense fallback={<Loading />}>
        <h3>{t('surveys.distribution')}</h3>
        <Chart label={t('surveys.distribution')} height={220} option={bars(data.distribution.map((item) => String(item.score)), data.distribution.map((item) => item.count))} />
        <h3>{t('surveys.trend')}</h3>
        <Chart label={t('surveys.trend')} height={220} option={bars(data.trend.map((item) => item.week), data.trend.map((item) => item.responses))} />
      </Suspense>
      <SettingsTable headers={[t('surveys.owner'), t('surveys.figures.responses'), t('surveys.figures.average')]}>
        {data.byOwner.map((row) => (
          <tr key={row.id ?? 'none'}><td>{row.name ?? '—'}</td><td>{row.responses}</td><td>{row.average ?? '—'}</td></tr>
        ))}
      </SettingsTable>
    </section>
  );
}

export function SurveysSettings() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const list = useQuery({ queryKey: ['surveys'], queryFn: () => api<{ data: Survey[] }>('/surveys') });
  const [mode, setMode] = useState<{ kind: 'edit' | 'send' | 'report'; survey: Survey | null } | null>(null);
  const done = () => {
    setMode(null);
    void client.invalidateQueries({ queryKey: ['surveys'] });
  };
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorState error={list.error} />;
  return (
    <section aria-labelledby="surveys-title">
      <h2 id="surveys-title">{t('surveys.title')}</h2>
      <p>{t('surveys.intro')}</p>
      <button type="button" className="button primary" onClick={() => setMode({ kind: 'edit', survey: null })}>{t('surveys.create')}</button>
      {list.data.data.length === 0 ? (
        <p>{t('surveys.none')}</p>
      ) : (
        <SettingsTable headers={[t('surveys.name'), t('surveys.kind'), t('surveys.figures.responses'), '']}>
          {list.data.data.map((survey) => (
            <tr key={survey.id}>
              <td>{survey.name}{survey.isActive ? '' : ` (${t('surveys.inactive')})`}</td>
              <td>
                {t(`surveys.kinds.${survey.kind}`)}
                {survey.kind === 'csat' && ` · ${survey.sendAfterResolution ? t('surveys.autoAfterResolution') : t('surveys.notAfterResolution')} · ${t(`surveys.lowScoreActions.${survey.lowScoreAction}`)}`}
              </td>
              <td>{survey.responses ?? 0} / {survey.invitations ?? 0}</td>
              <td>
                <button type="button" className="button" onClick={() => setMode({ kind: 'edit', survey })}>{t('surveys.edit')}</button>
                {survey.kind !== 'csat' && <button type="button" className="button" onClick={() => setMode({ kind: 'send', survey })}>{t('surveys.send')}</button>}
                <button type="button" className="button" onClick={() => setMode({ kind: 'report', survey })}>{t('surveys.report')}</button>
              </td>
            </tr>
          ))}
        </SettingsTable>
      )}
      {mode?.kind === 'edit' && <SurveyEditor key={mode.survey?.id ?? 'new'} initial={mode.survey} onDone={done} />}
      {mode?.kind === 'send' && mode.survey && <SendPanel survey={mode.survey} onDone={done} />}
      {mode?.kind === 'report' && mode.survey && <SurveyReport survey={mode.survey} />}
    </section>
  );
}
