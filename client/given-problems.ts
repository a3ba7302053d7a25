// What was given by hand and the registry could not use: an unknown app (a typo) or a version it
// cannot read. Those are the user's to fix, so the command exits 3 naming each (API.md).
import type { Advice } from '../matrix/contract.ts';
import { appName } from './app-names.ts';
import { closestApp } from './closest-app.ts';
import type { Install } from './inventory.ts';

/** One line per problem; `knownApps` is asked only when an app is unknown. */
export async function givenProblems(advice: Advice, installs: Install[], knownApps: () => Promise<string[]>): Promise<string[]> {
  const given = installs.filter((install) => install.given);
  const problems: string[] = [];
  const unknownApps = given.filter((install) => advice.unknown.apps.includes(install.app));
  if (unknownApps.length > 0) {
    const known = await knownApps();
    for (const { app } of unknownApps) {
      const near = closestApp(app, known);
      problems.push(near ? `${app}: unknown app; did you mean ${near}?` : `${app}: unknown app (known: ${known.join(', ')})`);
    }
  }
  const advised = new Set(advice.apps.map((app) => app.app));
  for (const install of given) {
    // The registry lists a version it cannot read under `unknown` and leaves the app out of the advice.
    const unreadable = !advised.has(install.app) && advice.unknown.versions.some((v) => v.app === install.app);
    if (unreadable) problems.push(`${install.app}=${install.version}: "${install.version}" is not a version of ${appName(install.app)} the registry can read`);
  }
  return problems;
}
