/**
 * Docker's `formatter.Ellipsis`: text longer than `width` characters is cut
 * to `width - 1` and ends in `…`.
 */
export function ellipsis(text: string, width: number): string {
  const chars = [...text]
  return chars.length <= width ? text : `${chars.slice(0, width - 1).join('')}…`
}
