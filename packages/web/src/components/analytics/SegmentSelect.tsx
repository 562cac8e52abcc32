// The segment picker of the companies list filter: segments of the serving model with what describes them.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { segmentNumber, type Segment } from '../../lib/analytics';

export function SegmentSelect({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  const segments = useQuery({ queryKey: ['analytics', 'segments'], queryFn: () => api<{ modelVersion: number; items: Segment[] }>('/analytics/segments'), retry: false, staleTime: 60_000 });
  return (
    <select aria-label={t('list.filterValue')} value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">{segments.isError ? t('analytics.noModel') : '—'}</option>
      {(segments.data?.items ?? []).map((segment) => (
        <option key={segment.id} value={String(segment.id)}>
          {t('analytics.segments.name', { number: segmentNumber(segment.id) })}: {segment.dominantAttributes.slice(0, 2).map((item) => item.value).join(', ')} ({t('analytics.segments.companies', { count: segment.size })})
        </option>
      ))}
    </select>
  );
}
