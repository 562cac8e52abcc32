// What the SLA badge shows for a case at an instant: countdown to the running deadline, paused, breached.
import { describe, expect, it } from 'vitest';
import { formatSpan, slaState } from './SlaBadge';

const now = Date.parse('2026-12-07T10:00:00Z');
const base = { id: 'c1', slaPolicyId: 'p', isOpen: true, firstResponseAt: null, firstResponseBreachedAt: null, resolutionBreachedAt: null, slaPausedAt: null };

describe('slaState', () => {
  it('counts down to the first response while unanswered, then to the resolution', () => {
    expect(slaState({ ...base, firstResponseDueAt: '2026-12-07T10:30:00Z', resolutionDueAt: '2026-12-08T10:00:00Z' }, now)).toMatchObject({ kind: 'running', target: 'first_response', remaining: 30 * 60_000 });
    expect(slaState({ ...base, firstResponseAt: '2026-12-07T09:00:00Z', firstResponseDueAt: '2026-12-07T10:30:00Z', resolutionDueAt: '2026-12-08T10:00:00Z' }, now)).toMatchObject({ kind: 'running', target: 'resolution' });
  });

  it('says breached when the job marked it or the deadline has passed, and paused while waiting', () => {
    expect(slaState({ ...base, firstResponseDueAt: '2026-12-07T09:59:00Z' }, now)).toEqual({ kind: 'breached', target: 'first_response' });
    expect(slaState({ ...base, firstResponseAt: '2026-12-07T09:00:00Z', resolutionBreachedAt: '2026-12-07T09:30:00Z', resolutionDueAt: '2026-12-07T09:30:00Z' }, now)).toEqual({ kind: 'breached', target: 'resolution' });
    expect(slaState({ ...base, firstResponseAt: '2026-12-07T09:00:00Z', slaPausedAt: '2026-12-07T09:10:00Z', resolutionDueAt: null }, now)).toEqual({ kind: 'paused' });
    expect(slaState({ ...base, slaPolicyId: null, firstResponseDueAt: null, resolutionDueAt: null }, now)).toEqual({ kind: 'none' });
    expect(slaState({ ...base, isOpen: false, firstResponseAt: '2026-12-07T09:00:00Z', resolutionDueAt: '2026-12-07T09:30:00Z' }, now)).toEqual({ kind: 'none' });
  });
});

describe('formatSpan', () => {
  const t = (key: string, options?: Record<string, unknown>) => `${key}:${JSON.stringify(options)}`;
  it('uses minutes, hours and minutes, or days and hours', () => {
    expect(formatSpan(12 * 60_000, t)).toBe('sla.span.minutes:{"minutes":12}');
    expect(formatSpan(185 * 60_000, t)).toBe('sla.span.hoursMinutes:{"hours":3,"minutes":"05"}');
    expect(formatSpan((2 * 1440 + 3 * 60) * 60_000, t)).toBe('sla.span.daysHours:{"days":2,"hours":3}');
  });
});
