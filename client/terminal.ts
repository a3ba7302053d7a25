// Colour on a terminal, and only there.

export type Colour = 'red' | 'green' | 'yellow' | 'dim' | 'bold';

const codes: Record<Colour, [number, number]> = { red: [31, 39], green: [32, 39], yellow: [33, 39], dim: [2, 22], bold: [1, 22] };

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '') && env.TERM !== 'dumb';
}

export function paint(text: string, colour: Colour, enabled: boolean): string {
  return enabled ? `\u001b[${codes[colour][0]}m${text}\u001b[${codes[colour][1]}m` : text;
}

export function statusColour(status: string): Colour {
  if (status === 'safe') return 'green';
  if (status === 'broken' || status === 'withdrawn' || status === 'blocked') return 'red';
  return 'dim';
}
