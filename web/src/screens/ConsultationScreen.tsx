import { api } from '../api';
import { ConsultationBlock, Heading, Loading, Problem, href, useData } from '../ui';

export function ConsultationScreen({ consultationId }: { consultationId: string }) {
  const { data, error } = useData(() => api.consultation(consultationId), [consultationId]);
  return (
    <>
      <nav class="crumbs" aria-label="Fil d'Ariane">
        <a href={href()}>Mes consultations</a>
      </nav>
      <Heading>Consultation {data?.reference ?? ''}</Heading>
      <Problem error={error} />
      {!data && !error && <Loading />}
      {data && (
        <>
          <ConsultationBlock consultation={data} />
          <section class="block" aria-labelledby="suivi-echanges">
            <h2 id="suivi-echanges">Suivi des messages échangés et documents joints</h2>
            <ul class="actions-list">
              <li>
                <a href={href('consultations', consultationId, 'suivi')}>Suivi des messages</a>
              </li>
              <li>
                <a href={href('consultations', consultationId, 'nouveau')}>Envoyer un message</a>
              </li>
              <li>
                <a href={href('consultations', consultationId, 'nouveau') + '?type=INVITATION_A_CONCOURIR'}>
                  Envoyer une invitation à concourir
                </a>
              </li>
            </ul>
          </section>
        </>
      )}
    </>
  );
}
