import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import type { DraftList, TrackingPage, TrackingRow } from '../types';
import { recipientLabel } from '../format';
import {
  ConsultationBlock, Heading, Loading, Problem, announce, asApiError, confirmDialog, href, navigate, useData,
} from '../ui';
import type { ApiError } from '../api';
import { Loupe, Pencil, Resend, Trash } from '../icons';

const POLL_MS = 3000;
const PAGE_SIZES = [10, 20, 50, 100];
type Filters = { status: string[]; favorite: boolean; q: string; type: string; recipient: string; from: string; to: string };
const NO_FILTER: Filters = { status: [], favorite: false, q: '', type: '', recipient: '', from: '', to: '' };

export function Tracking({ consultationId, tab, pageSize }: { consultationId: string; tab: string; pageSize: number }) {
  const consultation = useData(() => api.consultation(consultationId), [consultationId]);
  const catalogue = useData(() => api.letterTypes(), []);
  const [filters, setFilters] = useState<Filters>(NO_FILTER);
  const [limit, setLimit] = useState(PAGE_SIZES.includes(pageSize) ? pageSize : 10);
  // cursors[i] opens page i + 1; the first page has none.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [pageIndex, setPageIndex] = useState(0);
  const [page, setPage] = useState<TrackingPage | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [drafts, setDrafts] = useState<DraftList | null>(null);
  const etag = useRef<string | undefined>();
  const shown = useRef<TrackingPage | null>(null);

  const query = (): Record<string, string> => ({
    status: filters.status.join(','),
    favorite: filters.favorite ? 'true' : '',
    q: filters.q.trim(),
    type: filters.type,
    recipient: filters.recipient.trim(),
    from: filters.from,
    to: filters.to,
    limit: String(limit),
    cursor: cursors[pageIndex] ?? '',
  });

  const loadDrafts = () => api.drafts(consultationId).then(setDrafts, (e) => setError(asApiError(e)));

  // Loads the page, then polls it: an unchanged list answers 304 and costs nothing to show.
  useEffect(() => {
    let live = true;
    let timer: number | undefined;
    etag.current = undefined;
    const q = query();
    const load = async (first: boolean) => {
      try {
        const answer = await api.deliveries(consultationId, q, first ? undefined : etag.current);
        if (!live) return;
        if (answer.status !== 304) {
          etag.current = answer.etag ?? undefined;
          if (!first) announceChanges(shown.current, answer.data);
          shown.current = answer.data;
          setPage(answer.data);
          setError(null);
          if (answer.data.nextCursor && cursors.length === pageIndex + 1) {
            setCursors((c) => [...c.slice(0, pageIndex + 1), answer.data.nextCursor ?? null]);
          }
        }
      } catch (e) {
        if (live) setError(asApiError(e));
      }
      if (live) timer = window.setTimeout(() => load(false), POLL_MS);
    };
    load(true);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [consultationId, JSON.stringify(filters), limit, pageIndex, cursors[pageIndex]]);

  useEffect(() => {
    loadDrafts();
  }, [consultationId]);

  const applyFilters = (next: Filters) => {
    setFilters(next);
    setCursors([null]);
    setPageIndex(0);
  };

  const pages = page ? Math.max(1, Math.ceil(page.total / limit)) : 1;
  const goLast = async () => {
    // Cursors are opaque: the last page is reached by walking the pages' cursors.
    let known = [...cursors];
    while (known.length < pages) {
      const q = { ...query(), cursor: known[known.length - 1] ?? '' };
      const answer = await api.deliveries(consultationId, q);
      if (!answer.data.nextCursor) break;
      known = [...known, answer.data.nextCursor];
    }
    setCursors(known);
    setPageIndex(Math.min(known.length, pages) - 1);
  };

  const toggleFavorite = async (row: TrackingRow) => {
    try {
      await api.favorite(row.deliveryId, !row.favorite);
      setPage((p) => p && { ...p, rows: p.rows.map((r) => (r.deliveryId === row.deliveryId ? { ...r, favorite: !row.favorite } : r)) });
      announce(row.favorite ? 'Retiré des favoris.' : 'Ajouté aux favoris.');
    } catch (e) {
      setError(asApiError(e));
    }
  };

  const resend = async (row: TrackingRow) => {
    const ok = await confirmDialog('Relancer l\'envoi', <p>Le courrier « {row.subject} » sera renvoyé tel quel à {row.recipient.email}.</p>, 'Relancer');
    if (!ok) return;
    try {
      await api.resend(row.deliveryId);
      announce(`Courrier relancé vers ${row.recipient.email}.`);
      etag.current = undefined;
    } catch (e) {
      setError(asApiError(e));
    }
  };

  const deleteDraft = async (id: string, subject: string) => {
    const ok = await confirmDialog('Supprimer le brouillon', <p>Le brouillon « {subject} » sera définitivement supprimé.</p>, 'Supprimer');
    if (!ok) return;
    try {
      await api.deleteDraft(id);
      announce('Brouillon supprimé.');
      loadDrafts();
    } catch (e) {
      setError(asApiError(e));
    }
  };

  const sentCount = page ? page.countsByStatus.reduce((sum, s) => sum + s.count, 0) : null;
  return (
    <>
      <nav class="crumbs" aria-label="Fil d'Ariane">
        <a href={href()}>Mes consultations</a> › <a href={href('consultations', consultationId)}>Consultation</a>
      </nav>
      <Heading>Suivi des messages</Heading>
      {consultation.data && <ConsultationBlock consultation={consultation.data} />}
      <p>Vous retrouvez ici tous les échanges de courriers réalisés via la plateforme.</p>
      <nav class="tabs" aria-label="Courriers">
        <a href={href('consultations', consultationId, 'suivi')} aria-current={tab === 'envoyes' ? 'page' : undefined}>
          Suivi des courriers envoyés <span class="count">{sentCount ?? '…'}</span>
        </a>
        <a href={href('consultations', consultationId, 'suivi') + '?onglet=brouillons'} aria-current={tab === 'brouillons' ? 'page' : undefined}>
          Brouillons <span class="count">{drafts?.total ?? '…'}</span>
        </a>
        <a href={href('consultations', consultationId, 'nouveau')}>Nouveau courrier</a>
      </nav>
      <Problem error={error} />
      {tab === 'brouillons' ? (
        <Drafts consultationId={consultationId} drafts={drafts} onDelete={deleteDraft} />
      ) : (
        <>
          <FilterForm filters={filters} page={page} types={catalogue.data?.letterTypes ?? []} onApply={applyFilters} draftCount={drafts?.total ?? 0} consultationId={consultationId} />
          {!page && !error && <Loading />}
          {page && (
            <>
              <Pager total={page.total} limit={limit} pageIndex={pageIndex} pages={pages} hasNext={!!page.nextCursor}
                onLimit={(l) => { setLimit(l); setCursors([null]); setPageIndex(0); }}
                onPage={setPageIndex} onLast={goLast} id="haut" />
              <Rows rows={page.rows} letters={page.eventLetters} onFavorite={toggleFavorite} onResend={resend} />
              <Pager total={page.total} limit={limit} pageIndex={pageIndex} pages={pages} hasNext={!!page.nextCursor}
                onLimit={(l) => { setLimit(l); setCursors([null]); setPageIndex(0); }}
                onPage={setPageIndex} onLast={goLast} id="bas" />
            </>
          )}
        </>
      )}
    </>
  );
}

function announceChanges(before: TrackingPage | null, after: TrackingPage) {
  if (!before) return;
  const previous = new Map(before.rows.map((r) => [r.deliveryId, r.status]));
  const changed = after.rows.filter((r) => previous.has(r.deliveryId) && previous.get(r.deliveryId) !== r.status);
  if (changed.length === 1) announce(`${changed[0].recipient.email} : ${changed[0].statusLabel}.`);
  else if (changed.length > 1) announce(`${changed.length} statuts mis à jour.`);
}

function FilterForm({ filters, page, types, onApply, draftCount, consultationId }: {
  filters: Filters; page: TrackingPage | null; types: { code: string; label: string }[]; onApply: (f: Filters) => void;
  draftCount: number; consultationId: string;
}) {
  const [draft, setDraft] = useState(filters);
  const set = (patch: Partial<Filters>) => setDraft((d) => ({ ...d, ...patch }));
  const toggleStatus = (status: string, on: boolean) => {
    const next = { ...draft, status: on ? [...draft.status, status] : draft.status.filter((s) => s !== status) };
    setDraft(next);
    onApply(next);
  };
  return (
    <form class="filters block" role="search" aria-label="Filtres" onSubmit={(e) => { e.preventDefault(); onApply(draft); }}>
      <h2>Filtres</h2>
      <fieldset class="statuses">
        <legend>Statut :</legend>
        <a class="chip-link" href={href('consultations', consultationId, 'suivi') + '?onglet=brouillons'}>
          Brouillon <span class="count">{draftCount}</span>
        </a>
        {(page?.countsByStatus ?? []).map((s) => (
          <label class="check">
            <input type="checkbox" checked={draft.status.includes(s.status)} onChange={(e) => toggleStatus(s.status, (e.target as HTMLInputElement).checked)} />
            {s.label} <span class="count">{s.count}</span>
          </label>
        ))}
        <label class="check">
          <input type="checkbox" checked={draft.favorite} onChange={(e) => { const next = { ...draft, favorite: (e.target as HTMLInputElement).checked }; setDraft(next); onApply(next); }} />
          <span aria-hidden="true" class="star on">★</span> <span class="sr-only">Favoris</span> <span class="count">{page?.favorites ?? 0}</span>
        </label>
      </fieldset>
      <div class="grid">
        <label>
          Mots clés :
          <input type="search" value={draft.q} onInput={(e) => set({ q: (e.target as HTMLInputElement).value })} />
        </label>
        <label>
          Type de message :
          <select value={draft.type} onChange={(e) => set({ type: (e.target as HTMLSelectElement).value })}>
            <option value="">Tous les types</option>
            {types.map((t) => (
              <option value={t.code}>{t.label}</option>
            ))}
          </select>
        </label>
        <label>
          Destinataires :
          <input type="search" value={draft.recipient} onInput={(e) => set({ recipient: (e.target as HTMLInputElement).value })} />
        </label>
        <fieldset class="dates">
          <legend>Dates d'envoi :</legend>
          <label>
            du <input type="date" value={draft.from} onInput={(e) => set({ from: (e.target as HTMLInputElement).value })} />
          </label>
          <label>
            au <input type="date" value={draft.to} onInput={(e) => set({ to: (e.target as HTMLInputElement).value })} />
          </label>
        </fieldset>
      </div>
      <div class="buttons">
        <button type="button" class="secondary" onClick={() => { setDraft(NO_FILTER); onApply(NO_FILTER); }}>
          Effacer les filtres
        </button>
        <button type="submit" class="primary">Rechercher</button>
      </div>
    </form>
  );
}

function Pager({ total, limit, pageIndex, pages, hasNext, onLimit, onPage, onLast, id }: {
  total: number; limit: number; pageIndex: number; pages: number; hasNext: boolean; onLimit: (l: number) => void;
  onPage: (i: number) => void; onLast: () => void; id: string;
}) {
  return (
    <div class="pager">
      <p>
        Nombre de résultats : <strong>{total}</strong>
      </p>
      <label>
        Afficher{' '}
        <select value={String(limit)} onChange={(e) => onLimit(Number((e.target as HTMLSelectElement).value))}>
          {PAGE_SIZES.map((s) => (
            <option value={String(s)}>{s}</option>
          ))}
        </select>{' '}
        résultats / page
      </label>
      <nav aria-label={`Pages (${id === 'haut' ? 'en haut' : 'en bas'} de la liste)`} class="pages">
        <button type="button" aria-label="Première page" disabled={pageIndex === 0} onClick={() => onPage(0)}>«</button>
        <button type="button" aria-label="Page précédente" disabled={pageIndex === 0} onClick={() => onPage(pageIndex - 1)}>‹</button>
        <span>
          {pageIndex + 1} / {pages}
        </span>
        <button type="button" aria-label="Page suivante" disabled={!hasNext} onClick={() => onPage(pageIndex + 1)}>›</button>
        <button type="button" aria-label="Dernière page" disabled={!hasNext} onClick={onLast}>»</button>
      </nav>
    </div>
  );
}

/** The three columns the seed gives both lists: sent letters and drafts. */
function ListHead() {
  return (
    <thead>
      <tr>
        <th scope="col">Statut / Événements</th>
        <th scope="col">Type de courrier / Objet / Destinataire</th>
        <th scope="col">Actions</th>
      </tr>
    </thead>
  );
}

/** The rows' events by letter, in the order and with the titles the API gives (one vocabulary with the thread and the proof). */
function Rows({ rows, letters, onFavorite, onResend }: { rows: TrackingRow[]; letters: TrackingPage['eventLetters']; onFavorite: (r: TrackingRow) => void; onResend: (r: TrackingRow) => void }) {
  if (rows.length === 0) return <p>Aucun courrier ne correspond à ces critères.</p>;
  return (
    <table class="list tracking">
      <caption class="sr-only">Courriers envoyés</caption>
      <ListHead />
      <tbody>
        {rows.map((row) => (
          <tr data-delivery={row.deliveryId}>
            <td>
              <div class="cell">
                <button type="button" class={'star' + (row.favorite ? ' on' : '')} aria-pressed={row.favorite ? 'true' : 'false'}
                  aria-label={`Favori : ${row.subject} (${row.recipient.email})`} onClick={() => onFavorite(row)}>
                  {row.favorite ? '★' : '☆'}
                </button>{' '}
                <span class={'status s-' + row.status.toLowerCase()}>{row.statusLabel}</span>
                <ul class="events">
                  {letters.map(({ letter, title }) =>
                    row.events[letter] ? (
                      <li>
                        <abbr title={title}>{letter}</abbr> {row.events[letter]!.label}
                      </li>
                    ) : letter === 'D' && row.status === 'NOT_DELIVERED' ? (
                      <li>
                        <abbr title={title}>D</abbr> {row.statusLabel}
                      </li>
                    ) : null,
                  )}
                </ul>
                {row.nonDeliveryReason && <p class="reason">{row.nonDeliveryReason}</p>}
              </div>
            </td>
            <td>
              <div class="cell">
                <p class="type">{row.letterTypeLabel}</p>
                <p class="subject">{row.subject}</p>
                <p class="recipient">{recipientLabel(row.recipient)}</p>
                <p class="excerpt">{row.excerpt}</p>
                {row.reply && (
                  <p class="reply">
                    <span aria-hidden="true">↳ </span>
                    <span class="sr-only">Réponse : </span>
                    {row.reply.sealed ? row.reply.sealedNotice : row.reply.excerpt}
                  </p>
                )}
              </div>
            </td>
            <td class="actions">
              <div class="cell">
                <a href={href('echanges', row.deliveryId)} class="icon" aria-label={`Détail de l'échange : ${row.subject} (${row.recipient.email})`} title="Détail de l'échange">
                  <Loupe />
                </a>
                {row.actions.includes('resend') && (
                  <button type="button" class="icon" aria-label={`Relancer l'envoi à ${row.recipient.email}`} title="Relancer l'envoi" onClick={() => onResend(row)}>
                    <Resend />
                  </button>
                )}
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Drafts({ consultationId, drafts, onDelete }: { consultationId: string; drafts: DraftList | null; onDelete: (id: string, subject: string) => void }) {
  if (!drafts) return <Loading />;
  if (drafts.total === 0) return <p>Aucun brouillon.</p>;
  return (
    <table class="list drafts">
      <caption class="sr-only">Brouillons</caption>
      <ListHead />
      <tbody>
        {drafts.drafts.map((d) => (
          <tr data-letter={d.id}>
            <td>
              <span class="status s-draft">Brouillon</span>
              <p class="events">Enregistré le {d.updatedAtLabel}</p>
            </td>
            <td>
              <p class="type">{d.letterTypeLabel}</p>
              <p class="subject">{d.subject}</p>
              <p class="recipient">{d.recipientsLabel}</p>
              <p class="excerpt">{d.excerpt}</p>
            </td>
            <td class="actions">
              <button type="button" class="icon" aria-label={`Modifier le brouillon : ${d.subject}`} title="Modifier"
                onClick={() => navigate(href('consultations', consultationId, 'brouillons', d.id))}>
                <Pencil />
              </button>
              <button type="button" class="icon" aria-label={`Supprimer le brouillon : ${d.subject}`} title="Supprimer" onClick={() => onDelete(d.id, d.subject)}>
                <Trash />
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
