// Trigger sequences in the web app (issue 14): the draft the editor holds, what it sends to the API, and the
// server's field problems (`steps[2].subject`, `trigger.productId`) mapped back to the step or field they name.
import type { SequenceStep, SequenceTrigger, SequenceTriggerKind } from '@svyaz/shared';
import type { FieldProblem } from '../api/client';

export interface SequenceSummary {
  id: string;
  name: string;
  isActive: boolean;
  ownerId: string | null;
  ownerName: string | null;
  mailboxId: string | null;
  trigger: SequenceTrigger;
  steps: SequenceStep[];
  reenrolment: 'never' | 'after_finish';
  running: number;
  finished: number;
  stopped: number;
  enrolled: number;
  createdAt: string;
  updatedAt: string;
}

/** The editor's trigger: every kind's fields at once, so switching kinds keeps what was typed. */
export interface TriggerDraft {
  kind: SequenceTriggerKind;
  productId: string;
  productName: string;
  category: string;
  days: string;
  daysBefore: string;
  stageId: string;
}

/** A step as typed: numbers stay text until sent, so a half-typed "1" is not lost. */
export type StepDraft =
  | { kind: 'email'; subject: string; body: string }
  | { kind: 'task'; title: string; dueInDays: string }
  | { kind: 'wait'; days: string; hours: string }
  | { kind: 'condition'; test: 'ordered_since_enrolment' | 'has_open_deal'; continueWhen: boolean };

export interface SequenceDraft {
  name: string;
  isActive: boolean;
  mailboxId: string;
  reenrolment: 'never' | 'after_finish';
  trigger: TriggerDraft;
  steps: StepDraft[];
}

export function newStep(kind: StepDraft['kind']): StepDraft {
  switch (kind) {
    case 'email':
      return { kind, subject: '', body: '' };
    case 'task':
      return { kind, title: '', dueInDays: '1' };
    case 'wait':
      return { kind, days: '1', hours: '' };
    default:
      return { kind: 'condition', test: 'ordered_since_enrolment', continueWhen: false };
  }
}

export function emptyDraft(): SequenceDraft {
  return {
    name: '',
    isActive: true,
    mailboxId: '',
    reenrolment: 'never',
    trigger: { kind: 'purchase', productId: '', productName: '', category: '', days: '30', daysBefore: '3', stageId: '' },
    steps: [newStep('email')],
  };
}

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

/** A saved sequence as the editor's draft. */
export function draftOf(sequence: SequenceSummary, productName = ''): SequenceDraft {
  const trigger = sequence.trigger as Partial<Record<string, unknown>> & { kind: SequenceTriggerKind };
  return {
    name: sequence.name,
    isActive: sequence.isActive,
    mailboxId: sequence.mailboxId ?? '',
    reenrolment: sequence.reenrolment,
    trigger: {
      ...emptyDraft().trigger,
      kind: trigger.kind,
      productId: text(trigger.productId),
      productName,
      category: text(trigger.category),
      ...(trigger.days !== undefined ? { days: text(trigger.days) } : {}),
      ...(trigger.daysBefore !== undefined ? { daysBefore: text(trigger.daysBefore) } : {}),
      stageId: text(trigger.stageId),
    },
    steps: sequence.steps.map((step): StepDraft => {
      if (step.kind === 'email') return { kind: 'email', subject: step.subject, body: step.body };
      if (step.kind === 'task') return { kind: 'task', title: step.title, dueInDays: text(step.dueInDays) };
      if (step.kind === 'wait') return { kind: 'wait', days: text(step.days), hours: text(step.hours) };
      return { kind: 'condition', test: step.test, continueWhen: step.continueWhen ?? true };
    }),
  };
}

/** A number field as typed: empty is absent; anything else is sent as typed for the server to judge. */
const number = (value: string): number | undefined => (value.trim() === '' ? undefined : Number(value.trim().replace(',', '.')));

export function toApiTrigger(trigger: TriggerDraft): Record<string, unknown> {
  switch (trigger.kind) {
    case 'purchase':
      return { kind: 'purchase', ...(trigger.productId ? { productId: trigger.productId } : {}), ...(trigger.category.trim() ? { category: trigger.category.trim() } : {}) };
    case 'new_product':
      return { kind: 'new_product', ...(trigger.category.trim() ? { category: trigger.category.trim() } : {}) };
    case 'days_since_order':
      return { kind: 'days_since_order', days: number(trigger.days) };
    case 'birthday':
      return { kind: 'birthday', daysBefore: number(trigger.daysBefore) ?? 0 };
    case 'deal_stage':
      return { kind: 'deal_stage', stageId: trigger.stageId };
    default:
      return { kind: 'manual' };
  }
}

export function toApiStep(step: StepDraft): Record<string, unknown> {
  switch (step.kind) {
    case 'email':
      return { kind: 'email', subject: step.subject, body: step.body };
    case 'task': {
      const due = number(step.dueInDays);
      return { kind: 'task', title: step.title, ...(due !== undefined ? { dueInDays: due } : {}) };
    }
    case 'wait': {
      const days = number(step.days);
      const hours = number(step.hours);
      return { kind: 'wait', ...(days !== undefined ? { days } : {}), ...(hours !== undefined ? { hours } : {}) };
    }
    default:
      return { kind: 'condition', test: step.test, continueWhen: step.continueWhen };
  }
}

/** The body of POST /sequences (and PATCH: the whole definition, the server checks it whole). */
export function toApiSequence(draft: SequenceDraft): Record<string, unknown> {
  const hasEmail = draft.steps.some((step) => step.kind === 'email');
  return {
    name: draft.name.trim(),
    isActive: draft.isActive,
    mailboxId: draft.mailboxId || (hasEmail ? undefined : null),
    reenrolment: draft.reenrolment,
    trigger: toApiTrigger(draft.trigger),
    steps: draft.steps.map(toApiStep),
  };
}

export function moveStep(steps: StepDraft[], index: number, by: -1 | 1): StepDraft[] {
  const target = index + by;
  if (target < 0 || target >= steps.length) return steps;
  const next = [...steps];
  [next[index], next[target]] = [next[target], next[index]];
  return next;
}

export interface SequenceProblems {
  /** Problems of a step by its index (its fields joined). */
  steps: Record<number, string[]>;
  /** Problems of the other fields by their name (name, mailboxId, trigger.productId, steps). */
  fields: Record<string, string[]>;
}

/** Sorts the server's field problems to the step or field they name. */
export function sequenceProblems(details: unknown): SequenceProblems {
  const result: SequenceProblems = { steps: {}, fields: {} };
  if (!Array.isArray(details)) return result;
  for (const detail of details as FieldProblem[]) {
    if (!detail?.field) continue;
    const step = /^steps\[(\d+)\](?:\.(\w+))?/.exec(detail.field);
    if (step) (result.steps[Number(step[1])] ??= []).push(step[2] ? `${step[2]}: ${detail.problem}` : detail.problem);
    else (result.fields[detail.field.startsWith('trigger') ? 'trigger' : detail.field] ??= []).push(`${detail.field}: ${detail.problem}`);
  }
  return result;
}
