// The support kinds' recorded upstream: php.net's states.php and MariaDB's list of series, from
// test/fixtures/web (listed in support-routes.json); a body cut in the middle (`malformed-json`)
// and an empty object (`empty`).
import { recordedDocuments, type RecordedDocuments } from '../../test/upstream/recorded-documents.ts';

export function recordedSupportDocuments(fixturesDir: string): RecordedDocuments {
  return recordedDocuments(fixturesDir, () => true, {
    'malformed-json': { type: 'application/json', body: '{"8": {"8.4": {"state": "stable", "initial_rel' },
    empty: { type: 'application/json', body: '{}' },
  }, 'support-routes.json');
}
