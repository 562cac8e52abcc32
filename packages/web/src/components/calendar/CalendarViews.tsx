// The calendar's grids: month (days in weeks), week and day (a 24-hour time grid), agenda (a list by
// day, for phones). Items are buttons: click or Enter opens them, drag or Shift+arrows moves them.
import { useEffect, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { addDays, dayKey, groupByDay, isAllDay, isOnDay, layoutDay, minutesAt, movedStart, sameDay, SLOT_MINUTES, type CalendarItem, type CalendarView } from '../../lib/calendar';
import type { Locale } from '../../lib/format';

export const HOUR_PX = 44;
/** A month cell lists this many items; more collapse into "N more" (opening the day). */
const MONTH_CELL_ITEMS = 4;

export interface ViewProps {
  view: CalendarView;
  days: Date[];
  anchor: Date;
  items: CalendarItem[];
  locale: Locale;
  showOwner: boolean;
  canCreate: boolean;
  onOpen: (item: CalendarItem) => void;
  onMove: (item: CalendarItem, start: Date) => void;
  onCreate: (start: Date) => void;
  onPickDay: (day: Date) => void;
}

const tagOf = (locale: Locale) => (locale === 'en' ? 'en-GB' : 'ru-RU');
export const itemKey = (item: Pick<CalendarItem, 'type' | 'id'>) => `${item.type}:${item.id}`;

function format(locale: Locale, options: Intl.DateTimeFormatOptions, date: Date): string {
  return new Intl.DateTimeFormat(tagOf(locale), options).format(date);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function formatClock(locale: Locale, date: Date): string {
  return format(locale, { hour: '2-digit', minute: '2-digit' }, date);
}

/** A stable hue per owner, so a team calendar tells people apart at a glance. */
function ownerHue(ownerId: string | null): number {
  let hash = 0;
  for (const char of ownerId ?? '') hash = (hash * 31 + char.charCodeAt(0)) % 360;
  return hash;
}

/** The drag source shared by every grid: the key of the item being dragged. */
function useDragging() {
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);
  return { dragging, setDragging, over, setOver };
}

/** `inAllDayRow`: the row's own label says "all day", so the chip shows only the title. */
function ItemChip({ item, props, drag, compact, inAllDayRow }: { item: CalendarItem; props: ViewProps; drag: ReturnType<typeof useDragging>; compact?: boolean; inAllDayRow?: boolean }) {
  const { t } = useTranslation();
  const start = new Date(item.start);
  const allDay = isAllDay(item);
  // Up and down: half an hour, except in the month and for all-day meetings, where they go a week.
  const byWeek = props.view === 'month' || allDay;
  const done = item.status === 'done';
  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    if (!event.shiftKey || !item.editable) return;
    const moves: Record<string, () => Date> = {
      ArrowLeft: () => addDays(start, -1),
      ArrowRight: () => addDays(start, 1),
      ArrowUp: () => (byWeek ? addDays(start, -7) : new Date(start.getTime() - SLOT_MINUTES * 60_000)),
      ArrowDown: () => (byWeek ? addDays(start, 7) : new Date(start.getTime() + SLOT_MINUTES * 60_000)),
    };
    if (!moves[event.key]) return;
    event.preventDefault();
    props.onMove(item, moves[event.key]());
  }
  const title = item.title || t(`calendar.types.${item.type}`);
  const when = allDay ? t('calendar.allDay') : formatClock(props.locale, start);
  return (
    <button
      type="button"
      className={`cal-item cal-${item.type}${allDay ? ' cal-all-day-item' : ''}${item.overdue ? ' cal-overdue' : ''}${done ? ' cal-done' : ''}${compact ? ' cal-compact' : ''}`}
      style={props.showOwner ? ({ '--owner-hue': ownerHue(item.ownerId) } as React.CSSProperties) : undefined}
      data-item-id={item.id}
      data-item-key={itemKey(item)}
      draggable={item.editable}
      aria-label={t('calendar.itemLabel', { type: t(`calendar.types.${item.type}`), title, when: `${format(props.locale, { day: 'numeric', month: 'long' }, start)} ${when}` })}
      aria-keyshortcuts={item.editable ? 'Shift+ArrowLeft Shift+ArrowRight Shift+ArrowUp Shift+ArrowDown' : undefined}
      title={`${when} ${title}${props.showOwner && item.ownerName ? ` — ${item.ownerName}` : ''}`}
      onClick={() => props.onOpen(item)}
      onKeyDown={onKeyDown}
      onDragStart={(event) => {
        event.dataTransfer.setData('text/plain', itemKey(item));
        event.dataTransfer.effectAllowed = 'move';
        drag.setDragging(itemKey(item));
      }}
      onDragEnd={() => {
        drag.setDragging(null);
        drag.setOver(null);
      }}
    >
      {!inAllDayRow && <span className="cal-item-time">{when}</span>} <span className="cal-item-title">{title}</span>
      {props.showOwner && item.ownerName && <span className="cal-item-owner">{item.ownerName}</span>}
    </button>
  );
}

/** Drop handling shared by month cells and time columns. */
function dropTarget(props: ViewProps, drag: ReturnType<typeof useDragging>, targetKey: string, startFor: (item: CalendarItem, event: DragEvent<HTMLElement>) => Date) {
  return {
    onDragOver: (event: DragEvent<HTMLElement>) => {
      if (!drag.dragging) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      if (drag.over !== targetKey) drag.setOver(targetKey);
    },
    onDragLeave: (event: DragEvent<HTMLElement>) => {
      if (!(event.currentTarget as Node).contains(event.relatedTarget as Node | null)) drag.setOver((current) => (current === targetKey ? null : current));
    },
    onDrop: (event: DragEvent<HTMLElement>) => {
      event.preventDefault();
      const key = event.dataTransfer.getData('text/plain') || drag.dragging;
      drag.setDragging(null);
      drag.setOver(null);
      const item = props.items.find((candidate) => itemKey(candidate) === key);
      if (item) props.onMove(item, startFor(item, event));
    },
  };
}

export function MonthGrid(props: ViewProps) {
  const { t } = useTranslation();
  const drag = useDragging();
  const groups = groupByDay(props.items, props.days);
  const today = new Date();
  const weeks = Array.from({ length: props.days.length / 7 }, (_, index) => props.days.slice(index * 7, index * 7 + 7));
  return (
    <div className="cal-month" role="table" aria-label={t('calendar.views.month')}>
      <div className="cal-month-head" role="row">
        {weeks[0].map((day) => (
          <div key={day.getDay()} role="columnheader" className="cal-weekday">
            {format(props.locale, { weekday: 'short' }, day)}
          </div>
        ))}
      </div>
      {weeks.map((week) => (
        <div key={dayKey(week[0])} className="cal-month-row" role="row">
          {week.map((day) => {
            const key = dayKey(day);
            const list = groups.get(key) ?? [];
            const outside = day.getMonth() !== props.anchor.getMonth();
            return (
              <div
                key={key}
                role="cell"
                data-day={key}
                className={`cal-day${outside ? ' cal-outside' : ''}${sameDay(day, today) ? ' cal-today' : ''}${drag.over === key ? ' cal-drop' : ''}`}
                {...dropTarget(props, drag, key, (item) => movedStart(item, day))}
                onClick={(event) => {
                  if (props.canCreate && event.target === event.currentTarget) props.onCreate(atHour(day, 9));
                }}
              >
                <div className="cal-day-head">
                  <button type="button" className="cal-day-number" onClick={() => props.onPickDay(day)} aria-label={format(props.locale, { weekday: 'long', day: 'numeric', month: 'long' }, day)}>
                    {day.getDate()}
                  </button>
                  {props.canCreate && (
                    <button type="button" className="cal-add" aria-label={t('calendar.createOn', { day: format(props.locale, { day: 'numeric', month: 'long' }, day) })} onClick={() => props.onCreate(atHour(day, 9))}>
                      +
                    </button>
                  )}
                </div>
                <div className="cal-day-items">
                  {list.slice(0, list.length > MONTH_CELL_ITEMS ? MONTH_CELL_ITEMS - 1 : MONTH_CELL_ITEMS).map((item) => (
                    <ItemChip key={itemKey(item)} item={item} props={props} drag={drag} compact />
                  ))}
                  {list.length > MONTH_CELL_ITEMS && (
                    <button type="button" className="cal-more" onClick={() => props.onPickDay(day)}>
                      {t('calendar.more', { count: list.length - MONTH_CELL_ITEMS + 1 })}
                    </button>
                  )}
                </div>
              </div>
            );
          })}
        </div>
      ))}
    </div>
  );
}

function atHour(day: Date, hour: number): Date {
  const date = new Date(day);
  date.setHours(hour, 0, 0, 0);
  return date;
}

export function TimeGrid(props: ViewProps) {
  const { t } = useTranslation();
  const drag = useDragging();
  const scroller = useRef<HTMLDivElement>(null);
  const today = new Date();
  useEffect(() => {
    // Open on the working day, not at midnight.
    if (scroller.current) scroller.current.scrollTop = 7.5 * HOUR_PX;
  }, []);
  const hours = Array.from({ length: 24 }, (_, hour) => hour);
  // Whole-day and multi-day meetings sit in a row above the hours instead of filling their columns.
  const allDayItems = props.items.filter((item) => isAllDay(item));
  const timedItems = props.items.filter((item) => !isAllDay(item));
  const columnMinutes = (event: { clientY: number; currentTarget: EventTarget }) => {
    const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
    return minutesAt(event.clientY - box.top, box.height);
  };
  return (
    <div className={`cal-time cal-time-${props.days.length}`}>
      <div className="cal-time-head" style={{ gridTemplateColumns: `3.5rem repeat(${props.days.length}, minmax(0, 1fr))` }}>
        <span />
        {props.days.map((day) => (
          <button key={dayKey(day)} type="button" className={`cal-time-day${sameDay(day, today) ? ' cal-today' : ''}`} onClick={() => props.onPickDay(day)} disabled={props.view === 'day'}>
            <span className="cal-weekday">{format(props.locale, { weekday: 'short' }, day)}</span> <strong>{format(props.locale, { day: 'numeric', month: props.view === 'day' ? 'long' : undefined }, day)}</strong>
          </button>
        ))}
      </div>
      <div className="cal-all-day" style={{ gridTemplateColumns: `3.5rem repeat(${props.days.length}, minmax(0, 1fr))` }}>
        <span className="cal-all-day-label">{t('calendar.allDay')}</span>
        {props.days.map((day) => {
          const key = `all-day:${dayKey(day)}`;
          return (
            <div
              key={key}
              className={`cal-all-day-cell${drag.over === key ? ' cal-drop' : ''}`}
              data-all-day={dayKey(day)}
              role="group"
              aria-label={t('calendar.allDayOf', { day: format(props.locale, { weekday: 'long', day: 'numeric', month: 'long' }, day) })}
              {...dropTarget(props, drag, key, (item) => movedStart(item, day))}
            >
              {allDayItems
                .filter((item) => isOnDay(item, day))
                .map((item) => (
                  <ItemChip key={itemKey(item)} item={item} props={props} drag={drag} compact inAllDayRow />
                ))}
            </div>
          );
        })}
      </div>
      <div className="cal-time-scroll" ref={scroller}>
        <div className="cal-time-body" style={{ gridTemplateColumns: `3.5rem repeat(${props.days.length}, minmax(0, 1fr))`, height: 24 * HOUR_PX }}>
          <div className="cal-hours" aria-hidden="true">
            {hours.map((hour) => (
              <span key={hour} style={{ top: hour * HOUR_PX }}>
                {hour ? formatClock(props.locale, atHour(today, hour)) : ''}
              </span>
            ))}
          </div>
          {props.days.map((day) => {
            const key = dayKey(day);
            return (
              <div
                key={key}
                className={`cal-column${drag.over === key ? ' cal-drop' : ''}`}
                data-day={key}
                aria-label={format(props.locale, { weekday: 'long', day: 'numeric', month: 'long' }, day)}
                role="group"
                {...dropTarget(props, drag, key, (item, event) => movedStart(item, day, columnMinutes(event)))}
                onClick={(event) => {
                  if (props.canCreate && event.target === event.currentTarget) props.onCreate(movedStart({ start: day.toISOString() }, day, columnMinutes(event)));
                }}
              >
                {layoutDay(timedItems, day).map((placed) => (
                  <div
                    key={itemKey(placed.item)}
                    className="cal-placed"
                    style={{
                      top: (placed.top / 60) * HOUR_PX,
                      height: ((placed.bottom - placed.top) / 60) * HOUR_PX - 2,
                      left: `${(placed.lane / placed.lanes) * 100}%`,
                      width: `${100 / placed.lanes}%`,
                    }}
                  >
                    <ItemChip item={placed.item} props={props} drag={drag} compact={placed.bottom - placed.top < 45} />
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
      <p className="sr-only">{t('calendar.slotHint')}</p>
    </div>
  );
}

export function AgendaList(props: ViewProps) {
  const { t } = useTranslation();
  const drag = useDragging();
  const groups = groupByDay(props.items, props.days);
  const today = new Date();
  return (
    <ol className="cal-agenda">
      {props.days.map((day) => {
        const key = dayKey(day);
        const list = groups.get(key) ?? [];
        return (
          <li key={key} data-day={key} className={`cal-agenda-day${sameDay(day, today) ? ' cal-today' : ''}${drag.over === key ? ' cal-drop' : ''}`} {...dropTarget(props, drag, key, (item) => movedStart(item, day))}>
            <div className="cal-agenda-head">
              <h2>{capitalise(format(props.locale, { weekday: 'long', day: 'numeric', month: 'long' }, day))}</h2>
              {props.canCreate && (
                <button type="button" className="cal-add" aria-label={t('calendar.createOn', { day: format(props.locale, { day: 'numeric', month: 'long' }, day) })} onClick={() => props.onCreate(atHour(day, 9))}>
                  +
                </button>
              )}
            </div>
            {list.length === 0 ? (
              <p className="muted small">{t('calendar.nothing')}</p>
            ) : (
              <div className="cal-day-items">
                {list.map((item) => (
                  <ItemChip key={itemKey(item)} item={item} props={props} drag={drag} />
                ))}
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
