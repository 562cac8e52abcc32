// Lost reasons of a pipeline (issue 16): the defaults every new pipeline gets, and the request bodies
// of the settings API (add, rename, archive/restore, reorder).
import { z } from 'zod';

/** The defaults: key (translated by the interface until renamed), Russian label, "other" flag. */
export const defaultLostReasons = [
  { key: 'expensive', label: 'Дорого', isOther: false },
  { key: 'competitor', label: 'Выбрали конкурента', isOther: false },
  { key: 'noBudget', label: 'Нет бюджета', isOther: false },
  { key: 'unreachable', label: 'Не дозвонились', isOther: false },
  { key: 'postponed', label: 'Отложили решение', isOther: false },
  { key: 'other', label: 'Другое', isOther: true },
] as const;

const label = z.string().trim().min(1, { message: 'must not be empty' }).max(100, { message: 'must be at most 100 characters' });
const uuid = z.uuid({ message: 'must be a UUID' });

export const lostReasonCreateSchema = z.strictObject({ label, isOther: z.boolean().optional() });
export const lostReasonUpdateSchema = z.strictObject({ label: label.optional(), isOther: z.boolean().optional(), archived: z.boolean().optional() });
export const lostReasonOrderSchema = z.strictObject({ ids: z.array(uuid).min(1, { message: 'must name at least one reason' }).max(200, { message: 'at most 200 reasons' }) });
export const lostReasonListQuerySchema = z.strictObject({ includeArchived: z.enum(['true', 'false'], { message: 'must be true or false' }).optional() });
