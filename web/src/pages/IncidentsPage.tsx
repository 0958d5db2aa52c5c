export function IncidentsPage() {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Incidents</h1>
    </section>
  );
}
