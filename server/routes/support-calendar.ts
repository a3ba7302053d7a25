// The end-of-support calendar (iCalendar): GET /support.ics and /apps/{app}/support.ics, with
// ?stack={id} for the series that stack runs. Validated and cached like the feeds.
import type { Request, Response } from 'express';
import { z } from 'zod';
import { findStack } from '../../matrix/stacks.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { baseUrl } from '../pages/base-url.ts';
import { findSubject, serveCached, type PublicContext } from '../pages/public-context.ts';
import { renderSupportCalendar } from '../pages/support-calendar.ts';

export const calendarContentType = 'text/calendar; charset=utf-8';

const AppParams = z.object({ app: z.string().describe('App id from the catalogue, e.g. php') });
// Calendar apps are given links: unknown query fields are ignored, not refused.
const CalendarQuery = z.object({ stack: z.string().max(40).optional().describe("Only the series this stack runs (its components, GET /api/v1/stacks); default: every series") });

const ok = { description: 'The calendar (RFC 5545): one all-day event per known end of active or security support', schema: z.string().describe('iCalendar'), contentType: 'text/calendar' };
const notModified = { description: 'Not modified: the ETag or Last-Modified the calendar app holds is current' };
const notFound = { description: 'No such app or stack (an HTML page)', schema: z.string().describe('An HTML page'), contentType: 'text/html' };

export function supportCalendarRoutes(context: PublicContext): RouteSpec[] {
  async function answer(req: Request, res: Response, appId: string | null, stackId: string | undefined): Promise<undefined> {
    const subject = await findSubject(context, res, appId, stackId, 'calendar');
    if (!subject) return undefined;
    const { app, stack } = subject;
    const origin = baseUrl(context.deps.config, req);
    await serveCached(context, req, res, {
      key: `calendar ${app?.id ?? '*'} ${stack?.id ?? '*'} ${origin}`,
      type: calendarContentType,
      async render(state) {
        // The stack again in the state being rendered: an admin may have just changed it.
        const on = stack ? findStack(state.registry, stack.id) ?? stack : null;
        return renderSupportCalendar({ registry: state.registry, appId: app?.id ?? null, stack: on, baseUrl: origin, stamp: state.since });
      },
    });
    return undefined;
  }

  return [
    defineRoute({
      method: 'get',
      path: '/support.ics',
      tag: 'feeds',
      summary: 'iCalendar of every known end of support: per app and series, the last day of active support and of security support (?stack= for the series one stack runs)',
      query: CalendarQuery,
      responses: { 200: ok, 304: notModified, 404: notFound },
      handler: ({ query, req, res }) => answer(req, res, null, query.stack),
    }),
    defineRoute({
      method: 'get',
      path: '/apps/:app/support.ics',
      tag: 'feeds',
      summary: "iCalendar of one app's known ends of support, per series (?stack= for the series one stack runs)",
      params: AppParams,
      query: CalendarQuery,
      responses: { 200: ok, 304: notModified, 404: notFound },
      handler: ({ params, query, req, res }) => answer(req, res, params.app, query.stack),
    }),
  ];
}
