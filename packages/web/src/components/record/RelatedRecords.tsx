// Records linked to this one (a company's contacts, deals and orders; a contact's deals ...).
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, isMissingRoute } from '../../api/client';
import type { ListPage, RecordValues } from '../../api/types';
import { objects, recordTitle, type ObjectDef, type ObjectKey } from '../../objects/definitions';
import { useStageNames, useUserNames } from '../../lib/lookups';
import { useEnumNames } from '../../lib/case-categories';
import { FieldValue } from '../FieldValue';
import { ErrorState, Loading } from '../States';

// Served by GET /{parent}/:id/{child} (the server knows many-to-many links such as a contact's companies).
const relations: Record<string, { object: ObjectKey; columns: string[] }[]> = {
  companies: [
    { object: 'contacts', columns: ['position', 'phones'] },
    { object: 'deals', columns: ['amount', 'stageName'] },
    { object: 'orders', columns: ['status', 'total'] },
    { object: 'tasks', columns: ['dueAt', 'status'] },
  ],
  contacts: [
    { object: 'companies', columns: ['inn', 'city'] },
    { object: 'deals', columns: ['amount', 'stageName'] },
    { object: 'orders', columns: ['status', 'total'] },
    { object: 'tasks', columns: ['dueAt', 'status'] },
  ],
  deals: [
    { object: 'orders', columns: ['status', 'total'] },
    { object: 'tasks', columns: ['dueAt', 'status'] },
  ],
};

const pathByType: Record<string, string> = { company: 'companies', contact: 'contacts', lead: 'leads', deal: 'deals', order: 'orders', product: 'products', task: 'tasks' };

export function RelatedRecords({ object, record }: { object: ObjectDef; record: RecordValues }) {
  const { t } = useTranslation();
  const links = object.fields.filter((field) => field.kind === 'ref' && field.ref && record[field.name]);
  // A task or activity belongs to one record of any type.
  const owner = typeof record.recordType === 'string' && typeof record.recordId === 'string' ? { path: pathByType[record.recordType], id: record.recordId } : null;
  const lists = relations[object.key] ?? [];
  return (
    <div className="related">
      {owner?.path && (
        <p>
          <Link to={`/${owner.path}/${owner.id}`}>{t('record.openParent', { type: t(`objects.${owner.path}.one`) })}</Link>
        </p>
      )}
      {links.length > 0 && (
        <section>
          <h2>{t('record.linked')}</h2>
          <ul>
            {links.map((field) => (
              <li key={field.name}>
                {t(`fields.${object.key}.${field.name}`)}: <Link to={`/${field.ref}/${String(record[field.name])}`}>{(record._refs as Record<string, string> | undefined)?.[field.name] ?? t('app.open')}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      {lists.map((relation) => (
        <RelatedList key={relation.object} parent={object.key} relation={relation} id={record.id} />
      ))}
      {!owner && links.length === 0 && lists.length === 0 && <p className="muted">{t('record.noRelated')}</p>}
    </div>
  );
}

function RelatedList({ parent, relation, id }: { parent: ObjectKey; relation: { object: ObjectKey; columns: string[] }; id: string }) {
  const { t } = useTranslation();
  const target = objects[relation.object];
  const userNames = useUserNames();
  const stageNames = useStageNames();
  const enumNames = useEnumNames(target);
  const query = useQuery({
    queryKey: ['list', relation.object, 'related', parent, id],
    queryFn: () => api<ListPage>(`/${parent}/${id}/${relation.object}`, { query: { limit: 50, count: 'true' } }),
    retry: false,
  });
  if (query.isError && isMissingRoute(query.error)) return null;
  return (
    <section>
      <h2>
        {t(`objects.${relation.object}.title`)} {query.data?.total !== undefined && <span className="muted">({query.data.total})</span>}
      </h2>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} />
      ) : query.data.data.length === 0 ? (
        <p className="muted">{t('record.noneYet')}</p>
      ) : (
        <table className="simple-table">
          <tbody>
            {query.data.data.map((row) => (
              <tr key={row.id}>
                <td>
                  <Link to={`/${relation.object}/${row.id}`}>{recordTitle(target, row)}</Link>
                </td>
                {relation.columns.map((name) => {
                  const field = target.fields.find((item) => item.name === name);
                  return <td key={name}>{field && <FieldValue field={field} record={row} context={{ userNames, stageNames, enumNames }} />}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
