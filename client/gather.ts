// The installed versions a command works on: read from this server (--detect), given by hand
// (--installed, the config file), or both.
import { detectInstalled, type DetectSettings } from './detect/run-detectors.ts';
import type { Detection } from './detect/types.ts';
import { collectInstalls, type Install } from './inventory.ts';

export interface Gathered {
  /** Null without --detect. */
  detections: Detection[] | null;
  installs: Install[];
}

export async function gatherInstalls(detect: DetectSettings | null, given: Record<string, string>): Promise<Gathered> {
  const detections = detect ? await detectInstalled(detect) : null;
  return { detections, installs: collectInstalls(detections, given) };
}
