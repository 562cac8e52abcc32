// Case categories are the workspace's (GET /case-categories: the built-in keys plus what an administrator
// added, each with a Russian and an English name), so every screen that shows or offers a case category asks
// for them here instead of translating the key: desk rows, the case card, list cells, filters and chips, the
// report builder. One cached query; until it arrives (or for a key it does not know) the built-in
// translation of the key is shown, else the key itself.
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import i18n, { currentLocale } from '../i18n';
import type { FieldDef, ObjectDef } from '../objects/definitions';

export interface CaseCategory {
  id: string;
  key: string;
  nameRu: string;
  nameEn: string;
  isComplaint: boolean;
  isActive: boolean;
  onPortal: boolean;
  position: number;
}

export const caseCategoriesKey = ['case-categories'] as const;

export function useCaseCategories(enabled = true) {
  return useQuery({
    queryKey: caseCategoriesKey,
    queryFn: async () => (await api<{ data: CaseCategory[] }>('/case-categories')).data,
    staleTime: 10 * 60_000,
    retry: false,
    enabled,
  });
}

/** A category's name in the interface language (the other language's name when one is empty). */
export function categoryName(category: Pick<CaseCategory, 'nameRu' | 'nameEn' | 'key'>, locale: 'ru' | 'en' = currentLocale()): string {
  return (locale === 'en' ? category.nameEn || category.nameRu : category.nameRu || category.nameEn) || category.key;
}

/** Names by key for the current language. */
export function categoryNames(categories: readonly CaseCategory[] | undefined, locale: 'ru' | 'en' = currentLocale()): Map<string, string> {
  return new Map((categories ?? []).map((category) => [category.key, categoryName(category, locale)]));
}

/** What a list cell, a chip or a heading shows for a key: the workspace's name, else the built-in translation, else the key. */
export function categoryLabel(key: string, names: Map<string, string> | undefined): string {
  return names?.get(key) ?? i18n.t(`enums.caseCategory.${key}`, { defaultValue: key });
}

/** Whether a field's values are the workspace's case categories. */
export function isCaseCategoryField(field: Pick<FieldDef, 'enumKey'> | undefined): boolean {
  return field?.enumKey === 'caseCategory';
}

/**
 * Names of dynamic enums per enumKey for FieldValue's display context (only `caseCategory` today); the
 * categories are asked for only when the object has such a field.
 */
export function useEnumNames(object: ObjectDef | undefined): Record<string, Map<string, string>> {
  const needed = Boolean(object?.fields.some(isCaseCategoryField));
  const { data } = useCaseCategories(needed);
  const locale = currentLocale();
  return useMemo((): Record<string, Map<string, string>> => (needed ? { caseCategory: categoryNames(data, locale) } : {}), [needed, data, locale]);
}

export interface EnumChoice {
  value: string;
  label: string;
}

/**
 * The choices a select offers for an enum field: the workspace's active categories in their order for a case
 * category (plus the current value when it has been switched off, so an old case still shows it; `all` lists
 * the inactive ones too, for filters), the translated built-in values otherwise.
 */
export function useEnumChoices(field: FieldDef, current?: string, all = false): EnumChoice[] {
  const dynamic = isCaseCategoryField(field);
  const { data } = useCaseCategories(dynamic);
  const locale = currentLocale();
  return useMemo(() => {
    if (dynamic && data) {
      const shown = data.filter((category) => all || category.isActive || category.key === current);
      const choices = shown.map((category) => ({ value: category.key, label: categoryName(category, locale) }));
      if (current && !choices.some((choice) => choice.value === current)) choices.push({ value: current, label: categoryLabel(current, undefined) });
      return choices;
    }
    return (field.options ?? []).map((option) => ({ value: option, label: i18n.t(`enums.${field.enumKey}.${option}`, { defaultValue: option }) }));
  }, [dynamic, data, all, current, locale, field.options, field.enumKey]);
}
