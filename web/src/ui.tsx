import { useEffect, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { ApiError } from './api';
import type { Consultation } from './types';

// ---------------------------------------------------------------- routing (hash based: the bucket serves one file)
export type Route = { parts: string[]; query: URLSearchParams };

export function parseRoute(): Route {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, query] = hash.split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(query ?? '') };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(parseRoute);
  useEffect(() => {
    const listener = () => setRoute(parseRoute());
    addEventListener('hashchange', listener);
    return () => removeEventListener('hashchange', listener);
  }, []);
  return route;
}

export function href(...parts: string[]): string {
  return '#/' + parts.map(encodeURIComponent).join('/');
}

export function navigate(target: string) {
  location.hash = target.replace(/^#/, '');
}

// ---------------------------------------------------------------- announcements (aria-live)
let announcer: (message: string) => void = () => {};

/** Says a status change or the outcome of an action to screen readers, and shows it in the status bar. */
export function announce(message: string) {
  announcer(message);
}

export function LiveRegion() {
  const [message, setMessage] = useState('');
  useEffect(() => {
    announcer = (m) => {
      // Cleared first, so that the same message twice is said twice.
      setMessage('');
      setTimeout(() => setMessage(m), 50);
    };
  }, []);
  return (
    <div class="live" role="status" aria-live="polite" aria-atomic="true" id="annonces">
      {message}
    </div>
  );
}

// ---------------------------------------------------------------- dialogs (native <dialog>: focus kept inside, Escape closes)
type DialogRequest = {
  title: string;
  body: ComponentChildren;
  confirm: string;
  cancel?: string;
  resolve: (ok: boolean) => void;
};
let openDialog: (request: DialogRequest) => void = () => {};

export function confirmDialog(title: string, body: ComponentChildren, confirm: string, cancel = 'Annuler'): Promise<boolean> {
  return new Promise((resolve) => openDialog({ title, body, confirm, cancel, resolve }));
}

export function DialogHost() {
  const [request, setRequest] = useState<DialogRequest | null>(null);
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  useEffect(() => {
    openDialog = (r) => {
      opener.current = document.activeElement;
      setRequest(r);
    };
  }, []);
  useEffect(() => {
    if (request && ref.current && !ref.current.open) ref.current.showModal();
  }, [request]);
  const close = (ok: boolean) => {
    ref.current?.close();
    request?.resolve(ok);
    setRequest(null);
    (opener.current as HTMLElement | null)?.focus?.();
  };
  return (
    <dialog ref={ref} class="dialog" aria-labelledby="dialog-title" onCancel={(e) => { e.preventDefault(); close(false); }}>
      {request && (
        <form method="dialog" onSubmit={(e) => { e.preventDefault(); close(true); }}>
          <h2 id="dialog-title">{request.title}</h2>
          <div class="dialog-body">{request.body}</div>
          <div class="buttons">
            <button type="button" class="secondary" onClick={() => close(false)}>{request.cancel}</button>
            <button type="submit" class="primary" autofocus>{request.confirm}</button>
          </div>
        </form>
      )}
    </dialog>
  );
}

// ---------------------------------------------------------------- data loading
export function useData<D>(load: () => Promise<D>, deps: unknown[]): { data: D | null; error: ApiError | null; reload: () => void } {
  const [state, setState] = useState<{ data: D | null; error: ApiError | null }>({ data: null, error: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ data, error: null }),
      (error) => live && setState({ data: null, error: asApiError(error) }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}

export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  console.error(error);
  return new ApiError(0, 'unexpected', 'Une erreur inattendue est survenue dans la console : rechargez la page.');
}

export function Problem({ error }: { error: ApiError | null }) {
  if (!error) return null;
  return (
    <div class="alert error" role="alert">
      <p>{error.detail}</p>
      {error.errors.length > 1 && (
        <ul>
          {error.errors.map((e) => (
            <li>{e.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Loading() {
  return <p class="loading" aria-busy="true">Chargement…</p>;
}

/** The messages of a field, placed under it and tied to it by aria-describedby (id = field + "-erreurs"). */
export function FieldErrors({ id, messages }: { id: string; messages: string[] }) {
  if (!messages.length) return null;
  return (
    <div class="field-errors" id={id}>
      {messages.map((m) => (
        <p>{m}</p>
      ))}
    </div>
  );
}

/** Moves focus to the page's heading when a screen opens, so that a screen reader starts there. */
export function Heading({ children, level = 1 }: { children: ComponentChildren; level?: 1 | 2 }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const H = level === 1 ? 'h1' : 'h2';
  return (
    <H ref={ref} tabIndex={-1}>
      {children}
    </H>
  );
}

export function ConsultationBlock({ consultation }: { consultation: Consultation }) {
  return (
    <section class="block" aria-labelledby="detail-consultation">
      <h2 id="detail-consultation">Détail de la consultation</h2>
      <dl class="pairs">
        <dt>Référence :</dt>
        <dd>{consultation.reference}</dd>
        <dt>Intitulé :</dt>
        <dd>{consultation.title}</dd>
        <dt>Objet :</dt>
        <dd>{consultation.object ?? '—'}</dd>
        <dt>Date et heure limite de remise des plis :</dt>
        <dd>{consultation.bidDeadlineLabel ?? '—'}</dd>
      </dl>
    </section>
  );
}
