/** Previous/next page of a cursor connection; `label` names the list for screen readers. */
export function Pager({
  label,
  hasPrevious,
  hasNext,
  onPrevious,
  onNext,
  summary,
}: {
  label: string;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  summary?: string;
}) {
  return (
    <nav aria-label={`${label} pages`} className="pager">
      <button type="button" onClick={onPrevious} disabled={!hasPrevious}>
        ← Previous
      </button>
      {summary && <span className="pager-summary">{summary}</span>}
      <button type="button" onClick={onNext} disabled={!hasNext}>
        Next →
      </button>
    </nav>
  );
}
