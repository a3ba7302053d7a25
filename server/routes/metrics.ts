import { z } from 'zod';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import type { Metrics } from '../metrics.ts';

export function metricsRoutes(metrics: Metrics): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/metrics',
      tag: 'service',
      summary: 'Prometheus metrics: process, registry size, change counter, watch health per source',
      responses: { 200: { description: 'Prometheus text format', schema: z.string(), contentType: 'text/plain' } },
      async handler({ res }) {
        res.set('Content-Type', metrics.contentType).set('Cache-Control', 'no-store').send(await metrics.render());
        return undefined;
      },
    }),
  ];
}
