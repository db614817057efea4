import { stringify } from 'yaml'
import type { IndentStyle } from './indent-style.js'

/** Where rendered YAML goes: the column of the key it belongs to, the indent style, the line break. */
export interface RenderLayout {
  readonly column: number
  readonly style: IndentStyle
  readonly newline: '\n' | '\r\n'
}

/**
 * Options shared by every rendering: quote what a YAML 1.1 reader would misread (`yes`, `on`,
 * timestamps), never fold long lines, never write a block scalar (a `|+` could swallow the
 * person's blank lines below it), never invent anchors.
 */
function options(style: IndentStyle) {
  return {
    compat: 'yaml-1.1',
    blockQuote: false,
    lineWidth: 0,
    aliasDuplicateObjects: false,
    indent: style.indent,
    indentSeq: style.indentSeq,
  } as const
}

/** True when a value renders as indented lines under its key rather than on the key's line. */
export function isBlockValue(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0
  return typeof value === 'object' && value !== null && Object.keys(value).length > 0
}

/**
 * Renders a value for the key's own line: a scalar, or a flow collection (`{a: 1}`, `[a, b]`).
 * `inFlow` quotes a plain scalar holding flow indicators (`,[]{}`). Long flow collections may
 * wrap; their continuation lines are indented under the key.
 */
export function renderInline(value: unknown, layout: RenderLayout, inFlow = false): string {
  const text = stringify(value, {
    ...options(layout.style),
    collectionStyle: 'flow',
    flowCollectionPadding: false,
  }).replace(/\n$/, '')
  const plain = !/^["'[{]/.test(text)
  if (inFlow && plain && /[,[\]{}]/.test(text)) return JSON.stringify(value)
  const pad = ' '.repeat(layout.column)
  return text.split('\n').join(layout.newline + pad)
}

/**
 * Renders a non-empty collection as the block lines under its key, indented one level deeper
 * than `layout.column`; lines are joined by the layout's line break, with none at the end.
 */
export function renderBlockBody(value: unknown, layout: RenderLayout): string {
  const lines = stringify({ k: value }, options(layout.style)).split('\n').slice(1, -1)
  const pad = ' '.repeat(layout.column)
  return lines.map((line) => pad + line).join(layout.newline)
}

/** Renders `key: value` as whole lines at `layout.column`, each ending with the layout's line break. */
export function renderPair(key: string, value: unknown, layout: RenderLayout): string {
  const lines = stringify({ [key]: value }, options(layout.style))
    .split('\n')
    .slice(0, -1)
  const pad = ' '.repeat(layout.column)
  return lines.map((line) => pad + line + layout.newline).join('')
}

/** Renders a mapping key as it would appear before `:`. */
export function renderKey(key: string): string {
  return stringify(key, { compat: 'yaml-1.1' }).replace(/\n$/, '')
}
