// Settings → Service desk → categories (GET/POST/PATCH /case-categories): the workspace's case categories in
// their order (↑/↓ writes the new positions), each with its Russian and English name, whether the complaints
// report counts it, whether the portal's form offers it and whether it is in use at all. A key cannot change
// once it exists (cases store it); the server names the field of every problem (a taken or malformed key).
import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { can, useMe } from '../../app/session';
import { caseCategoriesKey, useCaseCategories, type CaseCategory } from '../../lib/case-categories';
import { ErrorState, Loading, useErrorMessage } from '../States';
import { useToast } from '../Toasts';
import { Field, useSubmit } from '../settings/SettingsForm';
import './cases.css';

type Flag = 'isComplaint' | 'onPortal' | 'isActive';
const flags: Flag[] = ['isComplaint', 'onPortal', 'isActive'];

export function CaseCategoriesSettings() {
  const { t } = useTranslation();
  const { permissions } = useMe();
  const editable = can(permissions, 'settings', 'update');
  const categories = useCaseCategories();
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const refresh = () => client.invalidateQueries({ queryKey: caseCategoriesKey });
  const patch = async (category: CaseCategory, body: Partial<CaseCategory>, done?: string) => {
    try {
      await api(`/case-categories/${category.id}`, { method: 'PATCH', body });
      if (done) toast({ message: done, tone: 'success' });
    } catch (error) {
      toast({ message: message(error), tone: 'error' });
    } finally {
      await refresh();
    }
  };
  if (categories.isPending) return <Loading />;
  if (categories.isError) return <ErrorState error={categories.error} />;
  const list = categories.data;
  const move = async (index: number, by: number) => {
    const order = [...list];
    const [item] = order.splice(index, 1);
    order.splice(index + by, 0, item);
    try {
      for (const [position, category] of order.entries()) if (category.position !== position + 1) await api(`/case-categories/${category.id}`, { method: 'PATCH', body: { position: position + 1 } });
    } catch (error) {
      toast({ message: message(error), tone: 'error' });
    } finally {
      await refresh();
    }
  };
  return (
    <section className="card" aria-labelledby="case-categories-title">
      <h2 id="case-categories-title">{t('caseCategories.title')}</h2>
      <p className="hint">{t('caseCategories.hint')}</p>
      <div className="sla-table-wrap">
        <table className="case-categories-table" aria-label={t('caseCategories.title')}>
          <thead>
            <tr>
              <th>{t('caseCategories.key')}</th>
              <th>{t('caseCategories.nameRu')}</th>
              <th>{t('caseCategories.nameEn')}</th>
              {flags.map((flag) => (
                <th key={flag}>{t(`caseCategories.${flag}`)}</th>
              ))}
              {editable && <th>{t('caseCategories.order')}</th>}
            </tr>
          </thead>
          <tbody>
            {list.map((category, index) => (
              <CategoryRow key={`${category.id}-${category.nameRu}-${category.nameEn}`} category={category} editable={editable} first={index === 0} last={index === list.length - 1} onPatch={patch} onMove={(by) => void move(index, by)} />
            ))}
          </tbody>
        </table>
      </div>
      {editable && <NewCategory onDone={refresh} />}
    </section>
  );
}

function CategoryRow({ category, editable, first, last, onPatch, onMove }: { category: CaseCategory; editable: boolean; first: boolean; last: boolean; onPatch: (category: CaseCategory, body: Partial<CaseCategory>, done?: string) => Promise<void>; onMove: (by: number) => void }) {
  const { t } = useTranslation();
  const [nameRu, setNameRu] = useState(category.nameRu);
  const [nameEn, setNameEn] = useState(category.nameEn);
  const changed = nameRu !== category.nameRu || nameEn !== category.nameEn;
  const label = category.nameRu || category.key;
  return (
    <tr className={category.isActive ? undefined : 'muted'}>
      <td>
        <code>{category.key}</code>
      </td>
      <td>{editable ? <input aria-label={`${t('caseCategories.nameRu')}: ${category.key}`} value={nameRu} onChange={(event) => setNameRu(event.target.value)} /> : category.nameRu}</td>
      <td>
        {editable ? <input aria-label={`${t('caseCategories.nameEn')}: ${category.key}`} value={nameEn} onChange={(event) => setNameEn(event.target.value)} /> : category.nameEn}
        {editable && changed && (
          <button type="button" className="button" onClick={() => void onPatch(category, { nameRu, nameEn }, t('caseCategories.saved'))}>
            {t('app.save')}
          </button>
        )}
      </td>
      {flags.map((flag) => (
        <td key={flag}>
          <input type="checkbox" aria-label={`${t(`caseCategories.${flag}`)}: ${label}`} checked={category[flag]} disabled={!editable} onChange={(event) => void onPatch(category, { [flag]: event.target.checked })} />
        </td>
      ))}
      {editable && (
        <td>
          <button type="button" className="button" disabled={first} aria-label={`${t('caseSettings.up')}: ${label}`} onClick={() => onMove(-1)}>
            ↑
          </button>
          <button type="button" className="button" disabled={last} aria-label={`${t('caseSettings.down')}: ${label}`} onClick={() => onMove(1)}>
            ↓
          </button>
        </td>
      )}
    </tr>
  );
}

function NewCategory({ onDone }: { onDone: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const toast = useToast();
  const { errors, busy, submit } = useSubmit();
  const [key, setKey] = useState('');
  const [nameRu, setNameRu] = useState('');
  const [nameEn, setNameEn] = useState('');
  const [isComplaint, setComplaint] = useState(false);
  const [onPortal, setOnPortal] = useState(true);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await submit(() => api('/case-categories', { method: 'POST', body: { key: key.trim(), nameRu, nameEn, isComplaint, onPortal } }));
    if (ok) {
      setKey('');
      setNameRu('');
      setNameEn('');
      setComplaint(false);
      toast({ message: t('caseCategories.saved'), tone: 'success' });
      await onDone();
    }
  };
  return (
    <form className="settings-form" onSubmit={save} noValidate aria-label={t('caseCategories.add')}>
      <Field id="category-key" label={t('caseCategories.key')} value={key} onChange={setKey} error={errors.key} required />
      <p className="hint">{t('caseCategories.keyHint')}</p>
      <Field id="category-name-ru" label={t('caseCategories.nameRu')} value={nameRu} onChange={setNameRu} error={errors.nameRu} required />
      <Field id="category-name-en" label={t('caseCategories.nameEn')} value={nameEn} onChange={setNameEn} error={errors.nameEn} required />
      <label className="checkbox">
        <input type="checkbox" checked={isComplaint} onChange={(event) => setComplaint(event.target.checked)} /> {t('caseCategories.isComplaint')}
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={onPortal} onChange={(event) => setOnPortal(event.target.checked)} /> {t('caseCategories.onPortal')}
      </label>
      <button type="submit" className="button button-primary" disabled={busy}>
        {t('caseCategories.add')}
      </button>
    </form>
  );
}
