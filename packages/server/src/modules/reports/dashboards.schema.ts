// Dashboards and report schedules as the API takes them. Widgets are kept in the order the user
// arranged them; width is in quarters of the row, height in rows of the grid.
import { z } from 'zod';
import { chartKinds } from './report-builder.schema.js';

export const MAX_WIDGETS = 24;
const uuid = z.string().uuid({ message: 'must be an id' });

export const widgetSchema = z.strictObject({
  id: uuid.optional(),
  reportId: uuid,
  title: z.string().trim().max(150).optional(),
  chart: z.enum(chartKinds).optional(),
  width: z.number().int().min(1).max(4).default(2),
  height: z.number().int().min(1).max(3).default(1),
});
export type Widget = z.infer<typeof widgetSchema> & { id: string };

const widgets = z.array(widgetSchema).max(MAX_WIDGETS, { message: `a dashboard holds at most ${MAX_WIDGETS} widgets` });
export const dashboardCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(150),
  visibility: z.enum(['private', 'team']).default('private'),
  widgets: widgets.default([]),
});
export const dashboardUpdateSchema = z.strictObject({
  name: z.string().trim().min(1).max(150).optional(),
  visibility: z.enum(['private', 'team']).optional(),
  widgets: widgets.optional(),
});

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time such as 09:00' });
const timeZone = z
  .string()
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, { message: 'must be a time zone such as Europe/Moscow' });

const scheduleFields = {
  mailboxId: uuid,
  recipients: z.array(z.string().trim().toLowerCase().email({ message: 'must be an email address' })).min(1, { message: 'needs at least one recipient' }).max(20),
  format: z.enum(['xlsx', 'pdf']).default('xlsx'),
  frequency: z.enum(['daily', 'weekly', 'monthly']),
  /** ISO weekday, 1 = Monday (weekly only). */
  weekday: z.number().int().min(1).max(7).nullish(),
  /** Day of the month; 29–31 fall on the last day of shorter months (monthly only). */
  monthDay: z.number().int().min(1).max(31).nullish(),
  sendTime: time.default('09:00'),
  timeZone: timeZone.default('Europe/Moscow'),
  isActive: z.boolean().default(true),
};

function refineCadence(value: { frequency?: string; weekday?: number | null; monthDay?: number | null }, context: z.RefinementCtx) {
  if (value.frequency === 'weekly' && !value.weekday) context.addIssue({ code: 'custom', path: ['weekday'], message: 'a weekly schedule needs a weekday (1 = Monday … 7 = Sunday)' });
  if (value.frequency === 'monthly' && !value.monthDay) context.addIssue({ code: 'custom', path: ['monthDay'], message: 'a monthly schedule needs a day of the month' });
}

export const scheduleCreateSchema = z.strictObject({ reportId: uuid, ...scheduleFields }).superRefine(refineCadence);
export const scheduleUpdateSchema = z
  .strictObject({
    mailboxId: scheduleFields.mailboxId.optional(),
    recipients: scheduleFields.recipients.optional(),
    format: z.enum(['xlsx', 'pdf']).optional(),
    frequency: scheduleFields.frequency.optional(),
    weekday: scheduleFields.weekday,
    monthDay: scheduleFields.monthDay,
    sendTime: time.optional(),
    timeZone: timeZone.optional(),
    isActive: z.boolean().optional(),
  });
export type ScheduleInput = z.infer<typeof scheduleCreateSchema>;
