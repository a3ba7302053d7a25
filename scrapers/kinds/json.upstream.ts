// The json kind's recorded upstream: the JSON documents of test/fixtures/web, a body cut in the
// middle (`malformed-json`) and an empty object (`empty`).
import { recordedDocuments, type RecordedDocuments } from '../../test/upstream/recorded-documents.ts';

export function recordedJsonDocuments(fixturesDir: string): RecordedDocuments {
  return recordedDocuments(fixturesDir, (route) => route.type.startsWith('application/json'), {
    'malformed-json': { type: 'application/json', body: '{"8.5.9": {"announcement": true, "tags": ["secu' },
    empty: { type: 'application/json', body: '{}' },
  });
}
