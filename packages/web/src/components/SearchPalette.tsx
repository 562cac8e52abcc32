// Global search (Ctrl+K): type a name (misspelt is fine), a phone in any format, an email or an INN;
// arrows move, Enter opens, Escape closes.
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { Dialog } from './Dialog';
import { useErrorMessage } from './States';

interface Hit {
  type: string;
  id: string;
  title: string;
  subtitle: string | null;
  matched?: string[];
}

const pathByType: Record<string, string> = { company: 'companies', contact: 'contacts', lead: 'leads', deal: 'deals', order: 'orders', product: 'products', task: 'tasks' };

export default function SearchPalette({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const message = useErrorMessage();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  useEffect(() => {
    const timer = window.setTimeout(() => setQ(text.trim()), 180);
    return () => window.clearTimeout(timer);
  }, [text]);
  const results = useQuery({
    queryKey: ['search', q],
    enabled: q.length > 0,
    queryFn: ({ signal }) => api<{ data: Hit[] }>('/search', { query: { q, limit: 20 }, signal }),
    staleTime: 10_000,
  });
  const hits = q ? (results.data?.data ?? []) : [];
  useEffect(() => setActive(0), [q]);

  const open = (hit: Hit) => {
    onClose();
    navigate(`/${pathByType[hit.type] ?? hit.type}/${hit.id}`);
  };
  return (
    <Dialog title={t('search.title')} onClose={onClose} wide>
      <div className="search-palette">
        <input
          type="search"
          role="combobox"
          aria-label={t('search.placeholder')}
          aria-expanded={hits.length > 0}
          aria-controls="search-results"
          aria-activedescendant={hits[active] ? `search-hit-${active}` : undefined}
          placeholder={t('search.hint')}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown') {
              event.preventDefault();
              setActive((index) => Math.min(index + 1, Math.max(hits.length - 1, 0)));
            } else if (event.key === 'ArrowUp') {
              event.preventDefault();
              setActive((index) => Math.max(index - 1, 0));
            } else if (event.key === 'Enter' && hits[active]) {
              event.preventDefault();
              open(hits[active]);
            }
          }}
        />
        <ul id="search-results" role="listbox" aria-label={t('search.results')} className="search-results">
          {hits.map((hit, index) => (
            <li
              key={`${hit.type}:${hit.id}`}
              id={`search-hit-${index}`}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'active' : undefined}
              onMouseEnter={() => setActive(index)}
              onClick={() => open(hit)}
            >
              <span className="hit-type">{t(`search.types.${hit.type}`, { defaultValue: hit.type })}</span>
              <span className="hit-title">{hit.title}</span>
              {hit.subtitle && <span className="muted small">{hit.subtitle}</span>}
            </li>
          ))}
        </ul>
        {q && results.isFetching && hits.length === 0 && <p className="muted">{t('app.loading')}</p>}
        {q && results.isError && <p role="alert">{message(results.error)}</p>}
        {q && results.isSuccess && hits.length === 0 && <p className="muted">{t('search.nothing')}</p>}
      </div>
    </Dialog>
  );
}
