// Personal and team calendars: tasks by due time and meetings, by day, week, month or as an agenda
// (the phone's view). Drag an item, or focus it and press Shift+arrows, or open it and pick a time, to
// reschedule: the move shows at once and is rolled back, with the server's reason, if refused.
// The view, day, scope and member live in the address bar, so a reload or a shared link shows the same.
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useSearchParams } from 'react-router';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { can, useMe } from '../app/session';
import { ErrorState, Loading, useErrorMessage } from '../components/States';
import { useToast } from '../components/Toasts';
import { AgendaList, MonthGrid, TimeGrid, itemKey, type ViewProps } from '../components/calendar/CalendarViews';
import { CreateItemDialog, ItemDialog, type Member } from '../components/calendar/CalendarDialogs';
import { calendarViews, dayKey, firstDayOfWeek, movePatch, parseDayKey, shiftAnchor, startOfDay, visibleDays, visibleRange, type CalendarItem, type CalendarView } from '../lib/calendar';
import { formatDateTime, type Locale } from '../lib/format';
import { currentLocale } from '../i18n';
import './calendar.css';

interface CalendarData {
  items: CalendarItem[];
  members: (Member & { teamId: string | null })[];
  truncated: boolean;
}

const PHONE_QUERY = '(max-width: 640px)';

function useIsPhone(): boolean {
  return useSyncExternalStore(
    (notify) => {
      const query = window.matchMedia?.(PHONE_QUERY);
      query?.addEventListener('change', notify);
      return () => query?.removeEventListener('change', notify);
    },
    () => window.matchMedia?.(PHONE_QUERY).matches ?? false,
    () => false,
  );
}

function rangeLabel(view: CalendarView, days: Date[], anchor: Date, locale: Locale): string {
  const tag = locale === 'en' ? 'en-GB' : 'ru-RU';
  let text: string;
  if (view === 'month') text = new Intl.DateTimeFormat(tag, { month: 'long', year: 'numeric' }).format(anchor);
  else if (view === 'day') text = new Intl.DateTimeFormat(tag, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(days[0]);
  else text = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', year: 'numeric' }).formatRange(days[0], days[days.length - 1]);
  return text.charAt(0).toLocaleUpperCase(tag) + text.slice(1);
}

export default function CalendarPage() {
  const { t } = useTranslation();
  const { user, permissions } = useMe();
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const locale = currentLocale();
  const isPhone = useIsPhone();
  const [params, setParams] = useSearchParams();

  const teamAllowed = ['team', 'all'].includes(permissions.tasks?.read ?? 'none') || ['team', 'all'].includes(permissions.activities?.read ?? 'none');
  const requestedView = params.get('view') as CalendarView | null;
  const phoneViews: CalendarView[] = ['day', 'agenda'];
  const views = isPhone ? phoneViews : calendarViews;
  const view: CalendarView = requestedView && views.includes(requestedView) ? requestedView : isPhone ? 'agenda' : 'week';
  const anchor = useMemo(() => parseDayKey(params.get('date')) ?? startOfDay(new Date()), [params]);
  const scope = teamAllowed && params.get('scope') === 'team' ? 'team' : 'me';
  const member = scope === 'team' ? params.get('member') : null;
  const weekStart = firstDayOfWeek(locale);
  const days = useMemo(() => visibleDays(view, anchor, weekStart), [view, anchor, weekStart]);
  const range = useMemo(() => visibleRange(view, anchor, weekStart), [view, anchor, weekStart]);

  function update(changes: Record<string, string | null>) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    setParams(next, { replace: true });
  }

  // The team's members come from the team calendar; a member filter then asks for that person only.
  const serverScope = scope === 'team' ? (member ? `user:${member}` : 'team') : 'me';
  const queryKey = ['calendar', serverScope, range.from.toISOString(), range.to.toISOString()];
  const calendar = useQuery({
    queryKey,
    queryFn: () => api<CalendarData>('/calendar', { query: { from: range.from.toISOString(), to: range.to.toISOString(), scope: serverScope } }),
    placeholderData: keepPreviousData,
  });
  const team = useQuery({
    queryKey: ['calendar-members'],
    queryFn: async () => (await api<CalendarData>('/calendar', { query: { from: range.from.toISOString(), to: new Date(range.from.getTime() + 60_000).toISOString(), scope: 'team' } })).members,
    enabled: scope === 'team',
    staleTime: 5 * 60_000,
  });
  const members: Member[] = team.data ?? [];

  const [open, setOpen] = useState<CalendarItem | null>(null);
  const [creating, setCreating] = useState<Date | null>(null);
  const createTypes = (['task', 'meeting'] as const).filter((type) => can(permissions, type === 'task' ? 'tasks' : 'activities', 'create'));

  /** Moves an item optimistically; puts it back with the server's reason when refused. Resolves to whether it moved. */
  async function move(item: CalendarItem, start: Date): Promise<boolean> {
    if (!item.editable || start.getTime() === new Date(item.start).getTime()) return false;
    const key = itemKey(item);
    const hadFocus = (document.activeElement as HTMLElement | null)?.dataset?.itemKey === key;
    const patch = movePatch(item, start);
    await client.cancelQueries({ queryKey });
    const replace = (replacement: CalendarItem) =>
      client.setQueryData<CalendarData>(queryKey, (data) => (data ? { ...data, items: data.items.map((entry) => (itemKey(entry) === key ? replacement : entry)) } : data));
    replace(patch.moved);
    // Keyboard moves keep the focus on the item in its new place.
    if (hadFocus) requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-item-key="${key}"]`)?.focus());
    try {
      await api(patch.path, { method: 'PATCH', body: patch.body });
      toast({ message: t('calendar.moved', { title: item.title, when: formatDateTime(start, locale) }), tone: 'success', timeoutMs: 3000 });
      void client.invalidateQueries({ queryKey: ['calendar'] });
      void client.invalidateQueries({ queryKey: ['list', item.type === 'task' ? 'tasks' : 'activities'] });
      return true;
    } catch (error) {
      replace(item);
      toast({ message: t('calendar.moveRefused', { reason: message(error) }), tone: 'error' });
      return false;
    }
  }

  useEffect(() => {
    // An open item follows the data (it may have moved or gone).
    if (open && calendar.data && !calendar.data.items.some((item) => itemKey(item) === itemKey(open))) setOpen(null);
  }, [calendar.data, open]);

  const viewProps: ViewProps = {
    view,
    days,
    anchor,
    items: calendar.data?.items ?? [],
    locale,
    showOwner: scope === 'team' && !member,
    canCreate: createTypes.length > 0,
    onOpen: setOpen,
    onMove: (item, start) => void move(item, start),
    onCreate: setCreating,
    onPickDay: (day) => update({ view: 'day', date: dayKey(day) }),
  };

  return (
    <section className="page calendar-page" aria-labelledby="calendar-title">
      <header className="page-header">
        <h1 id="calendar-title">{t('calendar.title')}</h1>
        <div className="toolbar cal-toolbar">
          {teamAllowed && (
            <>
              <label className="sr-only" htmlFor="cal-scope">
                {t('calendar.scope')}
              </label>
              <select id="cal-scope" value={scope} onChange={(event) => update({ scope: event.target.value === 'team' ? 'team' : null, member: null })}>
                <option value="me">{t('calendar.scopeMe')}</option>
                <option value="team">{t('calendar.scopeTeam')}</option>
              </select>
            </>
          )}
          {scope === 'team' && (
            <>
              <label className="sr-only" htmlFor="cal-member">
                {t('calendar.member')}
              </label>
              <select id="cal-member" value={member ?? ''} onChange={(event) => update({ member: event.target.value || null })}>
                <option value="">{t('calendar.allMembers')}</option>
                {members.map((person) => (
                  <option key={person.id} value={person.id}>
                    {person.name}
                  </option>
                ))}
              </select>
            </>
          )}
          {createTypes.length > 0 && (
            <button
              type="button"
              className="button button-primary"
              onClick={() => {
                const start = new Date(anchor);
                const now = new Date();
                start.setHours(dayKey(anchor) === dayKey(now) ? Math.min(now.getHours() + 1, 23) : 9, 0, 0, 0);
                setCreating(start);
              }}
            >
              {t('calendar.new')}
            </button>
          )}
        </div>
      </header>
      <div className="cal-nav">
        <div className="cal-nav-buttons">
          <button type="button" className="button" onClick={() => update({ date: null })}>
            {t('calendar.today')}
          </button>
          <button type="button" className="button" aria-label={t('calendar.previous')} onClick={() => update({ date: dayKey(shiftAnchor(view, anchor, -1)) })}>
            ‹
          </button>
          <button type="button" className="button" aria-label={t('calendar.next')} onClick={() => update({ date: dayKey(shiftAnchor(view, anchor, 1)) })}>
            ›
          </button>
        </div>
        <h2 className="cal-range" aria-live="polite">
          {rangeLabel(view, days, anchor, locale)}
        </h2>
        <div className="cal-views" role="group" aria-label={t('calendar.view')}>
          {views.map((option) => (
            <button key={option} type="button" className="button" aria-pressed={view === option} onClick={() => update({ view: option })}>
              {t(`calendar.views.${option}`)}
            </button>
          ))}
        </div>
      </div>
      <p className="muted small cal-hint">{t('calendar.keyboardHint')}</p>
      {calendar.data?.truncated && (
        <p className="notice" role="status">
          {t('calendar.truncated')}
        </p>
      )}
      {calendar.isPending ? (
        <Loading />
      ) : calendar.isError ? (
        <ErrorState error={calendar.error} onRetry={() => void calendar.refetch()} />
      ) : (
        <div className={`cal-body${calendar.isFetching ? ' cal-fetching' : ''}`} aria-busy={calendar.isFetching}>
          {view === 'month' ? <MonthGrid {...viewProps} /> : view === 'agenda' ? <AgendaList {...viewProps} /> : <TimeGrid key={view} {...viewProps} />}
        </div>
      )}
      {open && <ItemDialog item={open} locale={locale} onClose={() => setOpen(null)} onMove={move} />}
      {creating && (
        <CreateItemDialog
          start={creating}
          types={createTypes}
          members={scope === 'team' && members.length ? members : []}
          defaultOwnerId={member ?? user.id}
          onClose={() => setCreating(null)}
          onCreated={(type) => {
            setCreating(null);
            toast({ message: t(type === 'task' ? 'calendar.taskCreated' : 'calendar.meetingCreated'), tone: 'success', timeoutMs: 3000 });
            void client.invalidateQueries({ queryKey: ['calendar'] });
            void client.invalidateQueries({ queryKey: ['list', type === 'task' ? 'tasks' : 'activities'] });
          }}
        />
      )}
    </section>
  );
}
