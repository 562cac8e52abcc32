// Queries the report builder, the dashboards and the schedules share.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { ReportMetadata } from '../../lib/report-builder';

export interface DashboardSummary {
  id: string;
  name: string;
  visibility: 'private' | 'team';
  ownerName: string | null;
  isOwner: boolean;
  widgetCount: number;
}

export function useReportMetadata() {
  return useQuery({ queryKey: ['reports', 'metadata'], queryFn: () => api<ReportMetadata>('/reports/metadata'), staleTime: 10 * 60_000 });
}

export function useDashboards() {
  return useQuery({ queryKey: ['dashboards'], queryFn: () => api<{ data: DashboardSummary[] }>('/dashboards') });
}
