// The calendar API's item (GET /api/v1/calendar): a task by its due time or a meeting by its start and
// end, as the server sends it and the web app lays it out.
export interface CalendarItem {
  type: 'task' | 'meeting';
  id: string;
  title: string;
  start: string;
  end: string | null;
  ownerId: string | null;
  ownerName: string | null;
  status: string | null;
  priority: string | null;
  overdue: boolean;
  remindAt: string | null;
  recordType: string | null;
  recordId: string | null;
  editable: boolean;
}
