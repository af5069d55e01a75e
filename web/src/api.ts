// The agent API client: every route the console calls, in one module, so that a change of the API is made here.
import type * as T from './types';

export type Violation = { code: string; field?: string; message: string };

/** A refusal of the API (application/problem+json), or a network failure with a French message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors: Violation[] = [],
  ) {
    super(detail);
  }

  /** The messages of the violations on one field (and its sub-fields), for display next to it. */
  forField(field: string): string[] {
    return this.errors
      .filter((e) => e.field === field || (e.field ?? '').startsWith(field + '.'))
      .map((e) => e.message);
  }
}

type TokenSource = () => Promise<string | null>;
let tokenSource: TokenSource = async () => null;
let onUnauthenticated: () => void = () => {};

export function configureApi(source: TokenSource, unauthenticated: () => void) {
  tokenSource = source;
  onUnauthenticated = unauthenticated;
}

let apiBase = '';
export function setApiBase(base: string) {
  apiBase = base.replace(/\/$/, '');
}

type Options = { method?: string; body?: unknown; headers?: Record<string, string>; etag?: string };
export type Answer<D> = { status: number; data: D; etag: string | null };

async function call<D>(path: string, options: Options = {}): Promise<Answer<D>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  const token = await tokenSource();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.etag) headers['If-None-Match'] = options.etag;
  let response: Response;
  try {
    response = await fetch(apiBase + path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'network', 'Le service est injoignable : vérifiez votre connexion puis réessayez.');
  }
  const etag = response.headers.get('ETag');
  if (response.status === 304 || response.status === 204) {
    return { status: response.status, data: undefined as D, etag };
  }
  const text = await response.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    if (response.status === 401) onUnauthenticated();
    throw new ApiError(
      response.status,
      json?.code ?? 'http-' + response.status,
      json?.detail ?? `Le service a répondu ${response.status}.`,
      Array.isArray(json?.errors) ? json.errors : [],
    );
  }
  return { status: response.status, data: json as D, etag };
}

async function data<D>(path: string, options?: Options): Promise<D> {
  return (await call<D>(path, options)).data;
}

const enc = encodeURIComponent;

export const api = {
  letterTypes: () => data<T.Catalogue>('/letter-types'),
  consultations: () => data<T.ConsultationList>('/consultations'),
  consultation: (id: string) => data<T.Consultation>(`/consultations/${enc(id)}`),
  registers: (id: string) => data<T.Registers>(`/consultations/${enc(id)}/registers`),
  documents: (id: string) => data<T.Documents>(`/consultations/${enc(id)}/documents`),
  /** The DCE changed: a draft of the modification notice to the withdrawals, with these pieces joined. */
  dceChanges: (id: string, pieces: { documentKey: string; change: 'ADDED' | 'REPLACED' }[]) =>
    data<T.PreparedDceNotice>(`/consultations/${enc(id)}/dce-changes`, { method: 'POST', body: { pieces } }),

  createDraft: (consultationId: string, draft: T.DraftInput) =>
    data<T.Letter>(`/consultations/${enc(consultationId)}/letters`, { method: 'POST', body: draft }),
  letter: (id: string) => data<T.Letter>(`/letters/${enc(id)}`),
  updateDraft: (id: string, draft: T.DraftInput) => data<T.Letter>(`/letters/${enc(id)}`, { method: 'PUT', body: draft }),
  deleteDraft: (id: string) => data<void>(`/letters/${enc(id)}`, { method: 'DELETE' }),
  send: (id: string, idempotencyKey: string) =>
    data<T.SendReceipt>(`/letters/${enc(id)}/send`, { method: 'POST', headers: { 'Idempotency-Key': idempotencyKey } }),

  /** The tracking list; with the ETag of the last answer, an unchanged list comes back as 304 (data undefined). */
  deliveries: (consultationId: string, query: Record<string, string>, etag?: string) => {
    const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== '' && v != null)).toString();
    return call<T.TrackingPage>(`/consultations/${enc(consultationId)}/deliveries${q ? '?' + q : ''}`, { etag });
  },
  drafts: (consultationId: string) => data<T.DraftList>(`/consultations/${enc(consultationId)}/drafts`),
  thread: (deliveryId: string) => data<T.Thread>(`/deliveries/${enc(deliveryId)}`),
  favorite: (deliveryId: string, favorite: boolean) =>
    data<void>(`/deliveries/${enc(deliveryId)}/favorite`, { method: 'PUT', body: { favorite } }),
  replyRead: (deliveryId: string) => data<T.Thread>(`/deliveries/${enc(deliveryId)}/reply-read`, { method: 'POST' }),
  revokeLink: (deliveryId: string) => data<T.Thread>(`/deliveries/${enc(deliveryId)}/revoke-link`, { method: 'POST' }),
  resend: (deliveryId: string, email?: string) =>
    data<T.Thread>(`/deliveries/${enc(deliveryId)}/resend`, { method: 'POST', body: email ? { email } : {} }),
  proof: (deliveryId: string) => data<T.Proof>(`/deliveries/${enc(deliveryId)}/proof`),

  attachments: (letterId: string) => data<T.AttachmentList>(`/letters/${enc(letterId)}/attachments`),
  requestUpload: (letterId: string, file: { fileName: string; contentType: string; size: number; sha256: string }) =>
    data<T.UploadAnswer>(`/letters/${enc(letterId)}/attachments`, { method: 'POST', body: file }),
  completeUpload: (letterId: string, attachmentId: string) =>
    data<T.FileView>(`/letters/${enc(letterId)}/attachments/${enc(attachmentId)}/complete`, { method: 'POST' }),
  fromDocuments: (letterId: string, documentKey: string) =>
    data<T.FileView>(`/letters/${enc(letterId)}/attachments/from-documents`, { method: 'POST', body: { documentKey } }),
  removeAttachment: (letterId: string, attachmentId: string) =>
    data<void>(`/letters/${enc(letterId)}/attachments/${enc(attachmentId)}`, { method: 'DELETE' }),
  /** A route given by the API itself (a file's `download`): answers {url, expiresAt}. */
  downloadLink: (route: string) => data<T.Download>(route),
};

/** Sends a file to its presigned PUT, reporting progress (fetch cannot report upload progress). */
export function uploadFile(upload: T.Upload, file: Blob, progress: (percent: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(upload.method, upload.url);
    for (const [name, value] of Object.entries(upload.headers)) {
      // The browser sets Content-Length itself and refuses to be told.
      if (name.toLowerCase() !== 'content-length' && name.toLowerCase() !== 'host') xhr.setRequestHeader(name, value);
    }
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) progress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () =>
      xhr.status >= 200 && xhr.status < 300
        ? resolve()
        : reject(new ApiError(xhr.status, 'upload-failed', `Le dépôt du fichier a été refusé (${xhr.status}).`));
    xhr.onerror = () => reject(new ApiError(0, 'network', "Le dépôt du fichier a échoué : le stockage est injoignable."));
    xhr.send(file);
  });
}
