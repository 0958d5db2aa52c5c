import { useState, type ChangeEvent, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useClient } from 'urql';
import { RequireRole } from '../components/RequireRole';
import { Empty, ErrorNotice } from '../components/States';
import { graphql } from '../gql';
import { describeFailure } from '../graphql/errors';
import type { DocumentFormat, PostmortemInput, PreviewImportMutation, RunImportMutation } from '../gql/graphql';
import { describeImport, readDocumentFile, referencesToLink } from './import/importLogic';
import { words } from '../format';

const PreviewImport = graphql(`
  mutation PreviewImport($input: PostmortemInput!, $dryRunInput: PostmortemInput!) {
    previewPostmortem(input: $input) {
      preview {
        format
        incident {
          title
          slug
          date
          documentStatus
          impact
          summary
          coordinators
        }
        actionables {
          ordinal
          title
          section
          owner
          dueDate
          done
          needsReview
          references {
            kind
            key
            url
            isTask
          }
        }
        warnings
      }
      errors {
        code
        message
        field
      }
    }
    wouldChange: importPostmortem(input: $dryRunInput) {
      incidentCreated
      documentUnchanged
      added
      updated
      unchanged
      vanished
      linksCreated
      errors {
        code
        message
      }
    }
  }
`);

const RunImport = graphql(`
  mutation RunImport($input: PostmortemInput!) {
    importPostmortem(input: $input) {
      incident {
        id
        title
      }
      incidentCreated
      documentUnchanged
      added
      updated
      unchanged
      vanished
      linksCreated
      warnings
      errors {
        code
        message
        field
      }
    }
  }
`);

const FORMATS: { value: DocumentFormat | ''; label: string }[] = [
  { value: '', label: 'Detect' },
  { value: 'MARKDOWN', label: 'Markdown' },
  { value: 'WIKITEXT', label: 'Wikitext' },
  { value: 'WIKITECH_RENDERED', label: 'Rendered Wikitech text' },
  { value: 'HTML', label: 'HTML' },
];

type Preview = PreviewImportMutation['previewPostmortem']['preview'];
type ImportResult = RunImportMutation['importPostmortem'];

/** Paste or upload a postmortem, see what would be imported, then import it (triagers and admins). */
export function ImportPage() {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Import a postmortem</h1>
      <RequireRole
        role="TRIAGER"
        fallback={
          <p role="note" className="state state-empty">
            Importing needs the triager or admin role, and you are signed in as a viewer. Ask an admin for a triager token; the{' '}
            <Link to="/incidents">incidents</Link> already imported are open to you.
          </p>
        }
      >
        <ImportForm />
      </RequireRole>
    </section>
  );
}

function ImportForm() {
  const client = useClient();
  const [text, setText] = useState('');
  const [sourceUrl, setSourceUrl] = useState('');
  const [format, setFormat] = useState<DocumentFormat | ''>('');
  const [fileError, setFileError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ input: PostmortemInput; preview: NonNullable<Preview>; wouldChange: string | null } | null>(null);
  const [imported, setImported] = useState<ImportResult | null>(null);

  const input: PostmortemInput = { text, format: format || null, sourceUrl: sourceUrl.trim() || null };
  // Import sends exactly what was previewed: after an edit, the preview is out of date and has to be asked again.
  const previewIsCurrent =
    preview != null && preview.input.text === input.text && preview.input.format === input.format && preview.input.sourceUrl === input.sourceUrl;

  async function chooseFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    const read = await readDocumentFile(file);
    if ('error' in read) {
      setFileError(read.error);
      return;
    }
    setFileError(null);
    setText(read.text);
  }

  async function askPreview(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    setImported(null);
    const result = await client.mutation(PreviewImport, { input, dryRunInput: { ...input, dryRun: true } }).toPromise();
    setBusy(false);
    const payload = result.data?.previewPostmortem;
    if (result.error || !payload) {
      setPreview(null);
      setFailure(describeFailure(result.error));
      return;
    }
    if (payload.errors.length > 0 || !payload.preview) {
      setPreview(null);
      setFailure(describeFailure(undefined, payload.errors, 'Nothing could be extracted.'));
      return;
    }
    const dryRun = result.data?.wouldChange;
    setPreview({
      input,
      preview: payload.preview,
      wouldChange: dryRun && dryRun.errors.length === 0 ? describeImport(dryRun, true) : null,
    });
  }

  async function runImport() {
    if (!preview) return;
    setBusy(true);
    setFailure(null);
    const result = await client.mutation(RunImport, { input: preview.input }).toPromise();
    setBusy(false);
    const payload = result.data?.importPostmortem;
    if (result.error || !payload) {
      setFailure(describeFailure(result.error));
      return;
    }
    if (payload.errors.length > 0) {
      setFailure(describeFailure(undefined, payload.errors));
      return;
    }
    setImported(payload);
  }

  return (
    <>
      <form onSubmit={askPreview} className="import-form" aria-label="Postmortem">
        <label>
          Postmortem text
          <textarea value={text} onChange={(e) => setText(e.target.value)} rows={12} required placeholder="Paste Markdown, wikitext, rendered wiki text or HTML" />
        </label>
        <div className="toolbar">
          <label>
            Or read a file
            <input type="file" accept=".md,.markdown,.txt,.wiki,.html,.htm,text/*" onChange={chooseFile} />
          </label>
          <label>
            Source URL (where it lives; a re-import finds the incident by it)
            <input type="url" value={sourceUrl} onChange={(e) => setSourceUrl(e.target.value)} placeholder="https://wiki.example.org/Incidents/…" size={48} />
          </label>
          <label>
            Format
            <select value={format} onChange={(e) => setFormat(e.target.value as DocumentFormat | '')}>
              {FORMATS.map((f) => (
                <option key={f.value} value={f.value}>
                  {f.label}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={busy || text.trim() === ''}>
            Preview
          </button>
        </div>
        {fileError && <ErrorNotice error={fileError} />}
      </form>

      {failure && <ErrorNotice error={failure} />}
      {busy && (
        <p role="status" className="state state-loading">
          Working…
        </p>
      )}
      {imported && <ImportDone result={imported} />}
      {preview && !imported && (
        <PreviewView preview={preview.preview} wouldChange={preview.wouldChange}>
          {previewIsCurrent ? (
            <button type="button" onClick={runImport} disabled={busy}>
              Import
            </button>
          ) : (
            <p className="state state-empty">The document changed since this preview: preview it again before importing.</p>
          )}
        </PreviewView>
      )}
    </>
  );
}

function PreviewView({ preview, wouldChange, children }: { preview: NonNullable<Preview>; wouldChange: string | null; children: ReactNode }) {
  const links = referencesToLink(preview.actionables);
  const incident = preview.incident;
  return (
    <section aria-labelledby="preview-title" className="import-preview">
      <h2 id="preview-title">Preview</h2>
      {wouldChange && <p className="notice">{wouldChange}</p>}
      <dl className="meta" aria-label="Incident">
        <dt>Title</dt>
        <dd>{incident.title ?? '—'}</dd>
        <dt>Slug</dt>
        <dd>{incident.slug ?? '—'}</dd>
        <dt>Date</dt>
        <dd>{incident.date ?? '—'}</dd>
        <dt>Document status</dt>
        <dd>{words(incident.documentStatus)}</dd>
        <dt>Format</dt>
        <dd>{words(preview.format)}</dd>
        <dt>Coordinators</dt>
        <dd>{incident.coordinators.join(', ') || '—'}</dd>
      </dl>

      <h3 id="warnings-title">Warnings</h3>
      {preview.warnings.length === 0 ? (
        <Empty>None.</Empty>
      ) : (
        <ul aria-labelledby="warnings-title">
          {preview.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}

      <h3 id="actionables-title">Items ({preview.actionables.length})</h3>
      {preview.actionables.length === 0 ? (
        <Empty>No actionables were found: the incident would be imported without items.</Empty>
      ) : (
        <table aria-labelledby="actionables-title">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Title</th>
              <th scope="col">Section</th>
              <th scope="col">Owner</th>
              <th scope="col">Due</th>
              <th scope="col">Done</th>
              <th scope="col">References</th>
            </tr>
          </thead>
          <tbody>
            {preview.actionables.map((a) => (
              <tr key={a.ordinal}>
                <td>{a.ordinal}</td>
                <td>
                  {a.title}
                  {a.needsReview && <span className="tag">needs review</span>}
                </td>
                <td>{a.section}</td>
                <td>{a.owner ?? '—'}</td>
                <td>{a.dueDate ?? '—'}</td>
                <td>{a.done == null ? '—' : a.done ? 'yes' : 'no'}</td>
                <td>{a.references.map((r) => r.key).join(', ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3 id="links-title">Will be linked</h3>
      {links.length === 0 ? (
        <Empty>No tracker tasks are referenced.</Empty>
      ) : (
        <ul aria-labelledby="links-title">
          {links.map((r) => (
            <li key={`${r.kind}:${r.key}`}>
              {r.url ? <a href={r.url}>{r.key}</a> : r.key} <span className="muted">({words(r.kind)})</span>
            </li>
          ))}
        </ul>
      )}
      <div className="toolbar">{children}</div>
    </section>
  );
}

function ImportDone({ result }: { result: ImportResult }) {
  return (
    <section aria-labelledby="imported-title" className="import-result">
      <h2 id="imported-title">Imported</h2>
      <p role="status" className="notice">
        {describeImport(result)}
      </p>
      {result.incident && (
        <p>
          <Link to={`/incidents/${result.incident.id}`}>Open {result.incident.title}</Link>
        </p>
      )}
      {result.warnings.length > 0 && (
        <ul aria-label="Import warnings">
          {result.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
