// Module hooks for record-loads.mjs (they run on the loader thread).
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  if (process.env.VETTED_LOAD_LOG) appendFileSync(process.env.VETTED_LOAD_LOG, `${result.url}\n`);
  return result;
}
