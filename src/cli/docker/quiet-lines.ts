/** One value per line, as Docker's `-q` prints ids. */
export function quietLines(values: readonly string[]): string {
  return values.map((v) => `${v}\n`).join('')
}
