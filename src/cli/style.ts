/** Colour for a terminal: only on a TTY, never with `NO_COLOR` set. */
export interface Style {
  readonly enabled: boolean
  red(text: string): string
  green(text: string): string
  yellow(text: string): string
  bold(text: string): string
  dim(text: string): string
}

export function createStyle(isTTY: boolean, env: NodeJS.ProcessEnv): Style {
  const enabled = isTTY && env.NO_COLOR === undefined && env.TERM !== 'dumb'
  const wrap = (open: number, close: number) => (text: string) =>
    enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text
  return {
    enabled,
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    bold: wrap(1, 22),
    dim: wrap(2, 22),
  }
}
