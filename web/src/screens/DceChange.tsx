import { useEffect, useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import * as auth from '../auth';
import { Heading, Loading, Problem, announce, asApiError, href } from '../ui';

/**
 * The platform's link for a DCE change (seed 004), opened in the agent's browser:
 * `#/consultations/{id}/modification-dce?ajoutee=dce/Annexe.pdf&remplacee=dce/CCTP.pdf`, each piece a path in the
 * consultation's document space (repeatable). The draft "Information de modification de la consultation" is prepared
 * with the agent's token (it is theirs), then opened in place of this address, so that going back or reloading does
 * not prepare it twice.
 */
export function DceChange({ consultationId, query }: { consultationId: string; query: URLSearchParams }) {
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    const organism = auth.currentSession()?.organism ?? '';
    const space = `consultations/${organism}/${consultationId}/documents/`;
    const pieces = [
      ...query.getAll('ajoutee').map((path) => ({ documentKey: space + path, change: 'ADDED' as const })),
      ...query.getAll('remplacee').map((path) => ({ documentKey: space + path, change: 'REPLACED' as const })),
    ];
    (async () => {
      try {
        const prepared = await api.dceChanges(consultationId, pieces);
        announce(`Brouillon de l'information de modification préparé avec ${prepared.attachments.length} pièce(s).`);
        location.replace(prepared.console);
      } catch (e) {
        setError(asApiError(e));
      }
    })();
  }, [consultationId]);

  return (
    <>
      <nav class="crumbs" aria-label="Fil d'Ariane">
        <a href={href()}>Mes consultations</a> › <a href={href('consultations', consultationId)}>Consultation</a>
      </nav>
      <Heading>Information de modification de la consultation</Heading>
      {error ? (
        <>
          <Problem error={error} />
          <p>Aucun brouillon n'a été préparé. <a href={href('consultations', consultationId, 'suivi')}>Suivi des messages</a></p>
        </>
      ) : (
        <Loading />
      )}
    </>
  );
}
