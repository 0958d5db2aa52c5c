/** The import page's pure logic: reading a file, what a preview will link, and what an import changed. */

/** A postmortem is text of some kilobytes; anything this big is the wrong file (a PDF, an export of a whole wiki). */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

/** The file's text, read in the browser (nothing is uploaded until Preview), or why it cannot be used. */
export async function readDocumentFile(file: Pick<File, 'name' | 'size' | 'text'>): Promise<{ text: string } | { error: string }> {
  if (file.size === 0) return { error: `${file.name} is empty.` };
  if (file.size > MAX_DOCUMENT_BYTES) {
    return { error: `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; a postmortem is at most 5 MB of text.` };
  }
  const text = await file.text();
  // A NUL character means binary content (PDF, Word, image); extraction of it would only produce noise.
  if (text.includes('\u0000')) return { error: `${file.name} is not a text file (Markdown, wikitext, HTML or plain text).` };
  return { text };
}

export interface Reference {
  kind: string;
  key: string;
  url?: string | null;
  isTask: boolean;
}

/** The task references that become tracker links on import (code reviews are mentioned, not linked), once each. */
export function referencesToLink(actionables: readonly { references: readonly Reference[] }[]): Reference[] {
  const seen = new Set<string>();
  const result: Reference[] = [];
  for (const reference of actionables.flatMap((a) => a.references)) {
    const id = `${reference.kind}:${reference.key}`;
    if (!reference.isTask || seen.has(id)) continue;
    seen.add(id);
    result.push(reference);
  }
  return result;
}

export interface ImportCounts {
  incidentCreated: boolean;
  documentUnchanged: boolean;
  added: number;
  updated: number;
  unchanged: number;
  vanished: number;
  linksCreated: number;
}

/**
 * One sentence on what an import did (or, for a dry run, would do): a new incident, or a re-import with its items
 * added, updated and vanished (vanished items are kept and marked, not deleted).
 */
export function describeImport(counts: ImportCounts, dryRun = false): string {
  const verb = dryRun ? 'would be' : 'was';
  const links = counts.linksCreated > 0 ? `; ${counts.linksCreated} tracker link${counts.linksCreated === 1 ? '' : 's'}` : '';
  if (counts.incidentCreated) {
    return `A new incident ${verb} created with ${plural(counts.added, 'item')}${links}.`;
  }
  if (counts.documentUnchanged && counts.added + counts.updated + counts.vanished === 0) {
    return `Re-import of a known incident: the document is unchanged, nothing ${verb} changed.`;
  }
  return (
    `Re-import of a known incident: ${counts.added} added, ${counts.updated} updated, ` +
    `${counts.unchanged} unchanged, ${counts.vanished} vanished${links}.`
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
