// Lost reasons of a pipeline (issue 16) as the interface shows them: a default reason (it has a key) in
// the user's language until an administrator renames it; old free text as it was typed.
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';

export interface LostReason {
  id: string;
  pipelineId: string;
  key: string | null;
  label: string;
  position: number;
  isOther: boolean;
  archived: boolean;
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

export function useLostReasons(pipelineId: string | undefined, includeArchived = false) {
  return useQuery({
    queryKey: ['lostReasons', pipelineId, includeArchived],
    queryFn: async () => (await api<{ data: LostReason[] }>(`/pipelines/${pipelineId}/lost-reasons`, { query: includeArchived ? { includeArchived: 'true' } : undefined })).data,
    enabled: Boolean(pipelineId),
    staleTime: 60_000,
  });
}

/** The reason's name in the user's language: defaults by key, the rest as the administrator typed them. */
export function reasonLabel(t: Translate, reason: { key?: string | null; label?: string | null }): string {
  if (reason.key) return t(`lostReasons.defaults.${reason.key}`, { defaultValue: reason.label ?? reason.key });
  return reason.label ?? '';
}

/** What a lost deal shows: the reason and its comment, or the old free text with a "legacy" mark. */
export function lostReasonOfDeal(t: Translate, deal: Record<string, unknown>): { reason: string; comment: string | null; legacy: boolean } {
  const comment = typeof deal.lostReason === 'string' && deal.lostReason.trim() ? deal.lostReason : null;
  if (deal.lostReasonId) return { reason: reasonLabel(t, { key: deal.lostReasonKey as string | null, label: deal.lostReasonLabel as string | null }), comment, legacy: false };
  return { reason: comment ?? '', comment: null, legacy: true };
}

/** A choice can be confirmed once a reason is picked, and "other" has a comment. */
export function canConfirmLoss(reason: LostReason | undefined, comment: string): boolean {
  return Boolean(reason) && (!reason!.isOther || comment.trim() !== '');
}
