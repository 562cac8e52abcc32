// A report definition as the API takes it: a source, the links to join, filters with the list's
// operators, up to two group-bys (date fields in day…year buckets), measures and a chart kind. The
// shape is checked here; fields, links and rights against the object metadata in report-compiler.ts.
import { z } from 'zod';
import { filterOperators } from '../../core/records/list-query.js';
import { reportSources } from './report-objects.js';

export const dateBuckets = ['day', 'week', 'month', 'quarter', 'year'] as const;
export const measureFunctions = ['count', 'sum', 'avg', 'min', 'max', 'distinctCount'] as const;
export const chartKinds = ['bar', 'line', 'pie', 'donut', 'funnel', 'table', 'pivot'] as const;

const path = z.string().trim().min(1).max(200).regex(/^[A-Za-z0-9_.]+$/, { message: 'must be a field name such as amount or company.industry' });

export const reportDefinitionSchema = z
  .strictObject({
    source: z.enum(reportSources),
    joins: z.array(path).max(6).default([]),
    filters: z
      .array(z.strictObject({ field: path, op: z.enum(filterOperators).default('eq'), value: z.union([z.string().max(2000), z.number(), z.boolean()]).transform(String) }))
      .max(30)
      .default([]),
    groupBy: z.array(z.strictObject({ field: path, bucket: z.enum(dateBuckets).optional() })).max(2, { message: 'at most two group-by fields' }).default([]),
    measures: z
      .array(z.strictObject({ fn: z.enum(measureFunctions), field: path.optional() }))
      .min(1, { message: 'needs at least one measure' })
      .max(6)
      .default([{ fn: 'count' }]),
    chart: z.enum(chartKinds).default('bar'),
    /** UTC offset the date buckets are local to. */
    tz: z.string().regex(/^[+-](0\d|1[0-4]):[0-5]\d$/, { message: 'must be a UTC offset such as +03:00' }).default('+03:00'),
  })
  .superRefine((definition, context) => {
    if (definition.chart === 'pivot' && definition.groupBy.length !== 2) context.addIssue({ code: 'custom', path: ['chart'], message: 'a pivot needs two group-by fields' });
    if (['pie', 'donut', 'funnel'].includes(definition.chart) && definition.groupBy.length !== 1) context.addIssue({ code: 'custom', path: ['chart'], message: `a ${definition.chart} chart needs exactly one group-by field` });
  });

export type ReportDefinition = z.infer<typeof reportDefinitionSchema>;

/** The cell to drill into: one value per group-by (as the run returned it; null for "empty"). */
export const drillSchema = z.strictObject({
  definition: reportDefinitionSchema,
  cell: z.array(z.union([z.string().max(500), z.null()])).max(2).default([]),
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
export const savedDrillSchema = drillSchema.omit({ definition: true });

export const savedReportCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(150),
  visibility: z.enum(['private', 'team']).default('private'),
  definition: reportDefinitionSchema,
});
export const savedReportUpdateSchema = z.strictObject({
  name: z.string().trim().min(1).max(150).optional(),
  visibility: z.enum(['private', 'team']).optional(),
  definition: reportDefinitionSchema.optional(),
});
