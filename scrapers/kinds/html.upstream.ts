// The html kind's recorded upstream: the HTML pages of test/fixtures/web, and what a redesigned
// page looks like (the `changed-html` fault).
import { recordedDocuments, type RecordedDocuments } from '../../test/upstream/recorded-documents.ts';

export function recordedHtmlPages(fixturesDir: string): RecordedDocuments {
  return recordedDocuments(fixturesDir, (route) => route.type.startsWith('text/html'), {
    'changed-html': {
      type: 'text/html; charset=utf-8',
      body: '<!DOCTYPE html><html><body><main class="releases-grid"><section><h2>Releases</h2><span>See our new release portal.</span></section></main></body></html>',
    },
  });
}
