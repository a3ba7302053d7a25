// What each recorded upstream (the GitHub API, HTML pages, JSON documents) plugs into the loopback
// server of server.ts. Each lives beside the source kind that reads it (scrapers/kinds/*.upstream.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Faults whose body depends on the kind of upstream. */
export type ShapedFault = 'empty' | 'malformed-json' | 'changed-html';

export interface ClaimedRequest {
  /** The path faults are matched against (`/repos/nextcloud/server/tags` for every page of it). */
  faultPath: string;
  /** Answers from the fixtures; the status sent and the fixture used. */
  serve(req: IncomingMessage, res: ServerResponse, baseUrl: string): { status: number; fixture: string };
}

export interface UpstreamHandler {
  /** Every fixture it can serve, to report the unused ones. */
  fixtures(): string[];
  /** The request, if it is for this upstream; null otherwise. */
  claim(url: URL): ClaimedRequest | null;
  /** Bodies of the faults that depend on the kind of upstream, as it would send them. */
  faultBodies: Partial<Record<ShapedFault, { type: string; body: string }>>;
}

/** A recorded document (a page, a JSON endpoint) as test/fixtures/web/routes.json lists it. */
export interface DocumentRoute {
  /** `/host/path`, as the recorded server serves it. */
  path: string;
  /** The query string without `?`; empty for none. */
  query: string;
  type: string;
  /** Relative to test/fixtures/web. */
  file: string;
}
