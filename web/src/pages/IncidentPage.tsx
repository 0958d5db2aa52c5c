import { useParams } from 'react-router-dom';

export function IncidentPage() {
  const { id } = useParams();
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Incident {id}</h1>
    </section>
  );
}
