/**
 * A table as Docker prints one (Go's tabwriter, padding 3): upper-case
 * headers, columns left-aligned and padded to the widest cell, no trailing
 * spaces.
 */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + 3)))
      .join('')
      .trimEnd()
  return [line(headers), ...rows.map(line)].join('\n') + '\n'
}
