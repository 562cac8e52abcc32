// Names for ids shown in lists and cards: users (one cached list) and pipeline stages.
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { User } from '../api/types';

export function useUsers() {
  return useQuery({
    queryKey: ['users'],
    queryFn: async () => (await api<{ data: User[] }>('/users')).data,
    staleTime: 10 * 60_000,
  });
}

export function useUserNames(): Map<string, string> {
  const { data } = useUsers();
  return new Map((data ?? []).map((user) => [user.id, user.name]));
}

export interface Stage {
  id: string;
  name: string;
  position: number;
  probability?: number;
  kind?: string;
  pipelineId?: string;
}
export interface Pipeline {
  id: string;
  name: string;
  isDefault?: boolean;
  stages?: Stage[];
}

export function usePipelines() {
  return useQuery({
    queryKey: ['pipelines'],
    queryFn: async () => (await api<{ data: Pipeline[] }>('/pipelines')).data,
    staleTime: 10 * 60_000,
    retry: false,
  });
}

export function useStageNames(): Map<string, string> {
  const { data } = usePipelines();
  const names = new Map<string, string>();
  for (const pipeline of data ?? []) for (const stage of pipeline.stages ?? []) names.set(stage.id, stage.name);
  return names;
}

export function usePipelineNames(): Map<string, string> {
  const { data } = usePipelines();
  return new Map((data ?? []).map((pipeline) => [pipeline.id, pipeline.name]));
}

/** Team names (the same ['teams'] query as the settings page). */
export function useTeamNames(): Map<string, string> {
  const { data } = useQuery({
    queryKey: ['teams'],
    queryFn: async () => (await api<{ data: { id: string; name: string }[] }>('/teams')).data,
    staleTime: 10 * 60_000,
    retry: false,
  });
  return new Map((data ?? []).map((team) => [team.id, team.name]));
}
