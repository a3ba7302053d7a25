// The registry's answers the client asks for, each parsed with the contract's schema
// (matrix/contract.ts), so the client and the service can never disagree on a shape.
import * as z from 'zod';
import { Advice, Plan, Run, VerdictChange } from '../matrix/contract.ts';
import { askRegistry } from './registry-request.ts';

export interface Connection {
  /** Registry base URL, without a trailing slash. */
  server: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

export function fetchAdvice(connection: Connection, installed: Record<string, string>, includePrereleases: boolean): Promise<Advice> {
  // The summary (per series the newest candidate and the newest safe one) is what the client prints.
  return askRegistry({ ...connection, method: 'POST', path: '/api/v1/check', body: { installed, includePrereleases, candidates: 'summary' }, schema: Advice, what: 'advice' });
}

export function fetchPlan(connection: Connection, installed: Record<string, string>, includePrereleases: boolean, hold: string[]): Promise<Plan> {
  return askRegistry({ ...connection, method: 'POST', path: '/api/v1/plan', body: { installed, includePrereleases, hold }, schema: Plan, what: 'a plan' });
}

export const RecordedRun = Run.extend({ changes: z.array(VerdictChange) });
export type RecordedRun = z.infer<typeof RecordedRun>;

export interface NewRun {
  components: Record<string, string>;
  verdict: 'pass' | 'fail';
  failed?: string[];
  notes?: string;
  evidenceUrl?: string;
}

export function recordRun(connection: Connection, token: string, run: NewRun): Promise<RecordedRun> {
  return askRegistry({ ...connection, method: 'POST', path: '/api/v1/runs', body: run, token, schema: RecordedRun, what: 'a stored run' });
}

// Only the ids: the client reads nothing else of the catalogue.
const AppIds = z.object({ apps: z.array(z.object({ id: z.string() })) });

/** The app ids the registry knows, for "did you mean". */
export async function fetchAppIds(connection: Connection): Promise<string[]> {
  const answer = await askRegistry({ ...connection, method: 'GET', path: '/api/v1/apps', schema: AppIds, what: 'the catalogue' });
  return answer.apps.map((app) => app.id);
}
