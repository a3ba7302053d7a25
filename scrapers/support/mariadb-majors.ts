// MariaDB's release series and their end of life, as the MariaDB Foundation's REST API lists them
// (`/rest-api/mariadb/`): `{"major_releases": [{"release_id": "11.4", "release_support_type":
// "Long Term Support", "release_eol_date": "2029-05-29", …}, …]}`. The list gives no release date
// and no separate end of active support: MariaDB fixes bugs in a series until its end of life.
//
// Options: url (required), `https://downloads.mariadb.org/rest-api/mariadb/`.
import { z } from 'zod';
import { ScrapeError } from '../source-kind.ts';
import { defineSupportKind, parseBody, parseShape, seriesId, UpstreamDay, type ScrapedSupport } from './support-kind.ts';

const Majors = z.object({ major_releases: z.array(z.unknown(), { error: 'expected a list of major releases' }) });

/** One series, once its id was read. Rolling and unreleased series may have no end date yet. */
const Major = z.object({
  release_support_type: z.string(),
  release_eol_date: z.union([UpstreamDay, z.literal('').transform(() => null), z.null()], { error: 'expected a date (YYYY-MM-DD), empty or null' })
    .optional()
    .transform((day) => day ?? null),
});

const longTermSupport = 'Long Term Support';

export const mariadbMajors = defineSupportKind({
  options: z.strictObject({
    kind: z.literal('mariadb-majors'),
    url: z.url(),
  }),
  async scrape(source, ctx) {
    const response = await ctx.http.getConditional(source.url, { accept: 'application/json' });
    if (response.status === 'not-modified') return response;
    const { major_releases: entries } = parseBody(source.url, response.body, Majors);
    const series: ScrapedSupport[] = [];
    let dropped = 0;
    for (const [index, entry] of entries.entries()) {
      const id = z.object({ release_id: z.string().regex(seriesId) }).safeParse(entry);
      if (!id.success) {
        dropped++;
        continue;
      }
      const major = parseShape(source.url, entry, Major, ['major_releases', index]);
      series.push({
        series: id.data.release_id,
        releasedAt: null,
        activeSupportEnd: null,
        securitySupportEnd: major.release_eol_date,
        lts: major.release_support_type === longTermSupport,
      });
    }
    if (series.length === 0) throw new ScrapeError(`${source.url}: lists no series (${dropped} entries without a series id)`);
    return { status: 'ok', series, dropped };
  },
});
