import { api } from '../api';
import { Heading, Loading, Problem, href, useData } from '../ui';

export function ConsultationList() {
  const { data, error } = useData(() => api.consultations(), []);
  return (
    <>
      <Heading>Mes consultations</Heading>
      <Problem error={error} />
      {!data && !error && <Loading />}
      {data && data.consultations.length === 0 && <p>Aucune consultation de votre organisme n'a encore été transmise par la plate-forme.</p>}
      {data && data.consultations.length > 0 && (
        <table class="list">
          <caption class="sr-only">Consultations de votre organisme</caption>
          <thead>
            <tr>
              <th scope="col">Référence</th>
              <th scope="col">Intitulé</th>
              <th scope="col">Date et heure limite de remise des plis</th>
            </tr>
          </thead>
          <tbody>
            {data.consultations.map((c) => (
              <tr>
                <td>
                  <a href={href('consultations', c.id)}>{c.reference}</a>
                </td>
                <td>{c.title}</td>
                <td>{c.bidDeadlineLabel ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
