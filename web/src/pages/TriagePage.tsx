export function TriagePage() {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Triage</h1>
    </section>
  );
}
