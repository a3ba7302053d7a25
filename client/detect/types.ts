// What a detector is and what it reports. Detectors are data plus one small extract function, so
// adding an app is a new file and one line in index.ts; the runners in run-detectors.ts do the I/O.

/** Reads a version from a file under the app's install directory. */
export interface FileDetector {
  kind: 'file';
  app: string;
  /** Candidate files relative to the install directory, tried in order; the first that exists wins. */
  files: string[];
  /** The version written in the file's text; null when the file does not say. */
  extract(text: string): string | null;
  /**
   * A file only this app has, beside the version file, required when the directory was found
   * through a `*` (a site's own `version.php` or `VERSION` is not Nextcloud's or Friendica's).
   */
  marker?: string;
}

/** Reads a version from a command's output. */
export interface CommandDetector {
  kind: 'command';
  app: string;
  args: string[];
  /** The version in what the command printed (stdout and stderr together); null when it does not say. */
  extract(output: string): string | null;
}

export type Detector = FileDetector | CommandDetector;

export type DetectionStatus = 'found' | 'not-found' | 'error';

export interface Detection {
  app: string;
  /** found: the app is installed and its version was read; not-found: no sign of the app; error: it seems installed, but its version could not be read. */
  status: DetectionStatus;
  /** Null unless found. */
  version: string | null;
  /** Where the version came from (a file or a command line); null when nothing was found. */
  source: string | null;
  /** Why it was not found or could not be read; null when found. */
  reason: string | null;
  /** The install directory as configured, without --root (`/var/www/example.com`); null for a command or when not found. */
  site: string | null;
}
