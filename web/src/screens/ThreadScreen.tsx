import { useEffect, useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import type { FileView, Thread } from '../types';
import { recipientLabel } from '../format';
import { FieldErrors, Heading, Loading, Problem, announce, asApiError, confirmDialog, href, navigate } from '../ui';

/** "Détail des échanges": opening an unsealed, unread reply marks it "Réponse lue" (README: why on opening). */
export function ThreadScreen({ deliveryId }: { deliveryId: string }) {
  const [thread, setThread] = useState<Thread | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [consultationId, setConsultationId] = useState<string | null>(null);

  useEffect(() => {
    (async () => {
      try {
        let t = await api.thread(deliveryId);
        if (t.status === 'REPLY_UNREAD' && t.actions.includes('reply-read')) {
          t = await api.replyRead(deliveryId);
          announce('La réponse est marquée « Réponse lue ».');
        }
        setThread(t);
        api.letter(t.letterId).then((l) => setConsultationId(l.consultationId), () => {});
      } catch (e) {
        setError(asApiError(e));
      }
    })();
  }, [deliveryId]);

  const download = async (route: string | null | undefined) => {
    if (!route) return;
    try {
      const link = await api.downloadLink(route);
      location.assign(link.url);
    } catch (e) {
      setError(asApiError(e));
    }
  };

  const proof = async () => {
    try {
      const p = await api.proof(deliveryId);
      location.assign(p.url);
      announce(`Preuve des échanges « ${p.fileName} » téléchargée.`);
    } catch (e) {
      setError(asApiError(e));
    }
  };

  const revoke = async () => {
    const ok = await confirmDialog("Désactiver le lien d'accès",
      <p>Le lien du courrier envoyé à {thread!.recipient.email} ne donnera plus accès à rien : ni au courrier, ni à ses
        fichiers, ni à la réponse. Cette action est définitive et figure dans la preuve des échanges.</p>,
      'Désactiver le lien');
    if (!ok) return;
    try {
      setThread(await api.revokeLink(deliveryId));
      setError(null);
      announce("Le lien d'accès est désactivé.");
    } catch (e) {
      setError(asApiError(e));
    }
  };

  const close = () => navigate(consultationId ? href('consultations', consultationId, 'suivi') : href());

  if (error && !thread) return (<><Heading>Détail des échanges</Heading><Problem error={error} /></>);
  if (!thread) return <Loading />;
  return (
    <>
      <nav class="crumbs" aria-label="Fil d'Ariane">
        <a href={href()}>Mes consultations</a>
        {consultationId && (<> › <a href={href('consultations', consultationId, 'suivi')}>Suivi des messages</a></>)}
      </nav>
      <Heading>Détail des échanges | {thread.subject}</Heading>
      <Problem error={error} />
      <section class="block" aria-labelledby="informations">
        <h2 id="informations">Informations</h2>
        <dl class="pairs">
          <dt>Destinataire :</dt><dd>{recipientLabel(thread.recipient)}</dd>
          <dt>Objet :</dt><dd>{thread.subject}</dd>
          <dt>Type de courrier :</dt><dd>{thread.letterTypeLabel}</dd>
          <dt>Statut :</dt><dd><span class={'status s-' + thread.status.toLowerCase()}>{thread.statusLabel}</span></dd>
        </dl>
      </section>
      <section class="block" aria-labelledby="echanges">
        <div class="heading-row">
          <h2 id="echanges">Echanges</h2>
          <button type="button" class="secondary" onClick={proof}>Télécharger au format PDF</button>
        </div>
        <ol class="timeline">
          {thread.events.map((event) => (
            <li class={'event e-' + event.type.toLowerCase()}>
              <p class="event-title"><strong>{event.title}</strong></p>
              <p class="event-time"><time dateTime={event.at}>{event.atLabel}</time></p>
              {event.type === 'SENT' && event.attempt === 1 && (
                <>
                  <div class="letter-body" dangerouslySetInnerHTML={{ __html: thread.body }} />
                  <Files title="Fichiers joints" files={thread.attachments} onDownload={download} />
                </>
              )}
              {(event.type === 'BOUNCED' || event.type === 'REJECTED') && (
                <p class="reason">Motif : {event.details?.reason ?? thread.nonDeliveryReason ?? 'non précisé'}</p>
              )}
              {event.type === 'REPLIED' && thread.reply && (
                thread.reply.sealed ? (
                  <>
                    {thread.reply.beforeDeadline && <p>{thread.reply.beforeDeadline}</p>}
                    <p class="sealed">{thread.reply.sealedNotice}</p>
                  </>
                ) : (
                  <>
                    {thread.reply.beforeDeadline && <p>{thread.reply.beforeDeadline}</p>}
                    <div class="letter-body reply-body" dangerouslySetInnerHTML={{ __html: thread.reply.body ?? '' }} />
                    <Files title="Fichiers joints à la réponse" files={thread.reply.files} onDownload={download} />
                  </>
                )
              )}
            </li>
          ))}
        </ol>
        {thread.actions.includes('revoke-link') && (
          <p><button type="button" class="secondary" onClick={revoke}>Désactiver le lien d'accès</button></p>
        )}
        {thread.actions.includes('resend') && (
          <Resend thread={thread} onDone={(t) => setThread(t)} />
        )}
      </section>
      <div class="buttons end">
        <button type="button" class="primary" onClick={close}>Fermer</button>
      </div>
    </>
  );
}

function Files({ title, files, onDownload }: { title: string; files: FileView[]; onDownload: (route?: string | null) => void }) {
  if (!files.length) return null;
  return (
    <div class="files">
      <p class="files-title">{title}</p>
      <ul>
        {files.map((f) => (
          <li>
            <button type="button" class="link" onClick={() => onDownload(f.download)}>{f.fileName}</button> <span class="muted">({f.sizeLabel})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Resend({ thread, onDone }: { thread: Thread; onDone: (t: Thread) => void }) {
  const [email, setEmail] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const again = async (corrected?: string) => {
    const target = corrected ?? thread.recipient.email;
    const ok = await confirmDialog('Relancer l\'envoi', <p>Le courrier sera renvoyé tel quel à {target}.</p>, 'Relancer');
    if (!ok) return;
    try {
      const t = await api.resend(thread.deliveryId, corrected);
      setError(null);
      announce(`Courrier relancé vers ${target}.`);
      if (corrected) navigate(href('echanges', t.deliveryId));
      else onDone(t);
    } catch (e) {
      setError(asApiError(e));
    }
  };
  const messages = error ? (error.errors.length ? error.errors.map((e) => e.message) : [error.detail]) : [];
  return (
    <div class="resend block">
      <h3>Courrier non délivré</h3>
      <p>{thread.nonDeliveryReason}</p>
      <p><button type="button" class="secondary" onClick={() => again()}>Relancer l'envoi à la même adresse</button></p>
      <form onSubmit={(e) => { e.preventDefault(); if (email.trim()) again(email.trim()); }}>
        <label for="adresse-corrigee">Renvoyer à une adresse corrigée :</label>
        <div class="inline-form">
          <input id="adresse-corrigee" type="email" value={email} aria-describedby={messages.length ? 'adresse-corrigee-erreurs' : undefined}
            onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
          <button type="submit" class="primary">Renvoyer</button>
        </div>
        <FieldErrors id="adresse-corrigee-erreurs" messages={messages} />
      </form>
    </div>
  );
}
