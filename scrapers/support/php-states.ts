// PHP's branches and their support dates, as php.net serves them (`releases/states.php`, built
// from web-php's include/branches.inc): a JSON object by major, then by branch, each with its
// `state` and ISO 8601 dates or null. PHP has no LTS branches, so `lts` is null.
//
// Options: url (required), `https://www.php.net/releases/states.php`.
import { z } from 'zod';
import { ScrapeError } from '../source-kind.ts';
import { defineSupportKind, parseBody, seriesId, UpstreamDay, type ScrapedSupport } from './support-kind.ts';

/** One branch; only the dates are read (`state` follows from them). */
const Branch = z.object({
  initial_release: UpstreamDay.nullable(),
  active_support_end: UpstreamDay.nullable(),
  security_support_end: UpstreamDay.nullable(),
});

/** `{"8": {"8.4": {…}, …}, "7": {…}}`. */
const States = z.record(z.string(), z.record(z.string(), Branch, { error: 'expected an object of branches' }), {
  error: 'expected an object of majors',
});

export const phpStates = defineSupportKind({
  options: z.strictObject({
    kind: z.literal('php-states'),
    url: z.url(),
  }),
  async scrape(source, ctx) {
    const response = await ctx.http.getConditional(source.url, { accept: 'application/json' });
    if (response.status === 'not-modified') return response;
    const majors = parseBody(source.url, response.body, States);
    const series: ScrapedSupport[] = [];
    let dropped = 0;
    for (const branches of Object.values(majors)) {
      for (const [branch, dates] of Object.entries(branches)) {
        if (!seriesId.test(branch)) {
          dropped++;
          continue;
        }
        series.push({
          series: branch,
          releasedAt: dates.initial_release,
          activeSupportEnd: dates.active_support_end,
          securitySupportEnd: dates.security_support_end,
          lts: null,
        });
      }
    }
    if (series.length === 0) throw new ScrapeError(`${source.url}: lists no branches`);
    return { status: 'ok', series, dropped };
  },
});
