// Flag value parsers shared by every command.
import { InvalidArgumentError } from 'commander';

export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A positive whole number written in plain decimal digits (`0x1`, `1e0` and ` 1` are refused, as the API refuses them). */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^[0-9]{1,10}$/.test(value) || !Number.isSafeInteger(n) || n <= 0 || n > 2 ** 31 - 1) throw new InvalidArgumentError('must be a positive whole number in decimal digits');
  return n;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number');
  return n;
}
