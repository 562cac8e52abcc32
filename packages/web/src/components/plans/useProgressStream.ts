// Live plan progress and leaderboard: the server announces on /api/v1/gamification/stream (event "progress")
// when a team-mate's points or plan moved; the figures are then fetched again with the viewer's rights.
import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';

export const liveQueryPrefixes = ['plans', 'leaderboard', 'kpi', 'competitions'] as const;

export function useProgressStream(): void {
  const client = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/v1/gamification/stream', { withCredentials: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onProgress = () => {
      // Several wins in one moment refetch once.
      clearTimeout(timer);
      timer = setTimeout(() => {
        for (const prefix of liveQueryPrefixes) void client.invalidateQueries({ queryKey: [prefix] });
      }, 100);
    };
    source.addEventListener('progress', onProgress);
    return () => {
      clearTimeout(timer);
      source.removeEventListener('progress', onProgress);
      source.close();
    };
  }, [client]);
}
