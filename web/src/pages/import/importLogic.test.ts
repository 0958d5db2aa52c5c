import { describe, expect, it } from 'vitest';
import { describeImport, MAX_DOCUMENT_BYTES, readDocumentFile, referencesToLink } from './importLogic';

const file = (name: string, content: string, size = content.length) => ({ name, size, text: async () => content });

describe('readDocumentFile', () => {
  it('reads a text file', async () => {
    expect(await readDocumentFile(file('pm.md', '# Outage'))).toEqual({ text: '# Outage' });
  });

  it('refuses an empty, an oversized and a binary file with a reason', async () => {
    expect(await readDocumentFile(file('empty.md', ''))).toEqual({ error: 'empty.md is empty.' });
    expect(await readDocumentFile(file('huge.md', 'x', MAX_DOCUMENT_BYTES + 1))).toHaveProperty('error', expect.stringContaining('at most 5 MB'));
    expect(await readDocumentFile(file('pm.pdf', '%PDF\u0000\u0001'))).toHaveProperty('error', expect.stringContaining('not a text file'));
  });
});

describe('referencesToLink', () => {
  it('keeps task references once each and leaves out code reviews', () => {
    const task = { kind: 'PHABRICATOR', key: 'T123', url: null, isTask: true };
    const review = { kind: 'GERRIT', key: '4567', url: null, isTask: false };
    expect(referencesToLink([{ references: [task, review] }, { references: [{ ...task }] }])).toEqual([task]);
  });
});

describe('describeImport', () => {
  const counts = { incidentCreated: false, documentUnchanged: false, added: 0, updated: 0, unchanged: 0, vanished: 0, linksCreated: 0 };

  it('says a new incident was created with its items and links', () => {
    expect(describeImport({ ...counts, incidentCreated: true, added: 3, linksCreated: 1 })).toBe(
      'A new incident was created with 3 items; 1 tracker link.',
    );
  });

  it('lists added, updated, unchanged and vanished on a re-import', () => {
    expect(describeImport({ ...counts, added: 1, updated: 2, unchanged: 3, vanished: 1 }, true)).toBe(
      'Re-import of a known incident: 1 added, 2 updated, 3 unchanged, 1 vanished.',
    );
  });

  it('says nothing changed when the document is the same', () => {
    expect(describeImport({ ...counts, documentUnchanged: true, unchanged: 4 })).toContain('nothing was changed');
  });
});
