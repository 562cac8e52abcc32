// Ids the server makes itself (bulk inserts need them before the rows exist, to keep their order):
// UUID version 7, time-ordered like the database's own default svyaz_uuid_v7() (migration 0019), so rows
// inserted together land side by side in every index keyed by id.
import { v7 } from 'uuid';

export function newId(): string {
  return v7();
}
