import { stringify } from 'yaml'
import type { IndentStyle } from './indent-style.js'

/** Where and how a rendered status pair must fit into a document. */
export interface StatusLayout {
  /** Column of the document's top-level keys. */
  readonly column: number
  readonly style: IndentStyle
  readonly newline: '\n' | '\r\n'
}

/**
 * Renders `status: <value>` as whole block-style lines ending with a line break.
 *
 * - `compat: 'yaml-1.1'` quotes every string a YAML 1.1 reader would take for something else
 *   (`yes`, `on`, `1:20`, `017`, `2026-11-28T10:00:00Z`, …), on top of the 1.2 core rules.
 * - `blockQuote: false` writes multi-line strings double-quoted: a `|+` block scalar as the
 *   last value would swallow blank lines that follow it in the person's file.
 * - `lineWidth: 0` keeps every scalar on one line, so every output line is structural and
 *   can be shifted to the document's column.
 */
export function renderStatus(status: unknown, layout: StatusLayout): string {
  const yaml = stringify(
    { status },
    {
      compat: 'yaml-1.1',
      blockQuote: false,
      lineWidth: 0,
      aliasDuplicateObjects: false,
      indent: layout.style.indent,
      indentSeq: layout.style.indentSeq,
    },
  )
  const pad = ' '.repeat(layout.column)
  const lines = yaml.split('\n').slice(0, -1)
  return lines.map((line) => pad + line + layout.newline).join('')
}
