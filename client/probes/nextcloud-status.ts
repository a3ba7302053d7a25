// Nextcloud's status.php answer: `{"installed":true,"maintenance":false,"needsDbUpgrade":false,
// "version":"30.0.2.2","versionstring":"30.0.2","edition":"","productname":"Nextcloud",…}`.
// Only the fields the probe reads.
import * as z from 'zod';

export const NextcloudStatus = z.object({
  installed: z.boolean(),
  maintenance: z.boolean(),
  needsDbUpgrade: z.boolean(),
  versionstring: z.string(),
});
export type NextcloudStatus = z.infer<typeof NextcloudStatus>;
