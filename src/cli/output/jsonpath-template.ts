import { CliError } from '../app.js'
import type { Step } from './json-path.js'
import { applySteps, parseJsonPath, stringOf } from './json-path.js'

/** A parsed template: text, paths, string literals, and `range … end` blocks. */
type Node =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'path'; readonly fromRoot: boolean; readonly steps: readonly Step[] }
  | {
      readonly type: 'range'
      readonly fromRoot: boolean
      readonly steps: readonly Step[]
      readonly body: Node[]
    }

/**
 * kubectl's `-o jsonpath=TEMPLATE`: text with `{PATH}` actions (`{.items[*].metadata.name}`),
 * string literals (`{"\n"}`, `{"\t"}`), and `{range PATH}…{end}` over each match. Several
 * matches of one action print separated by spaces; objects print as JSON; a missing field
 * prints nothing (kubectl's default `--allow-missing-template-keys`). A template that does
 * not parse is a usage error.
 */
export function renderJsonPathTemplate(template: string, root: unknown): string {
  const nodes = parseTemplate(template)
  return render(nodes, root, root)
}

function render(nodes: readonly Node[], root: unknown, current: unknown): string {
  let out = ''
  for (const node of nodes) {
    if (node.type === 'text') out += node.text
    else {
      const values = applySteps([node.fromRoot ? root : current], node.steps)
      if (node.type === 'path') out += values.map(stringOf).join(' ')
      else for (const item of values) out += render(node.body, root, item)
    }
  }
  return out
}

function parseTemplate(template: string): Node[] {
  const fail = (why: string): never => {
    throw new CliError(`error parsing jsonpath ${template}: ${why}`, 2)
  }
  const stack: Node[][] = [[]]
  const top = () => stack[stack.length - 1] as Node[]
  let i = 0
  while (i < template.length) {
    const open = template.indexOf('{', i)
    if (open < 0) {
      top().push({ type: 'text', text: template.slice(i) })
      break
    }
    if (open > i) top().push({ type: 'text', text: template.slice(i, open) })
    const close = actionEnd(template, open + 1)
    if (close < 0) fail(`unclosed action at column ${open + 1}`)
    const action = template.slice(open + 1, close).trim()
    i = close + 1
    if (action === 'end') {
      if (stack.length === 1) fail('{end} without {range}')
      stack.pop()
    } else if (action.startsWith('"') || action.startsWith("'")) {
      top().push({ type: 'text', text: unquote(action, fail) })
    } else if (action.startsWith('range ')) {
      const body: Node[] = []
      top().push({ type: 'range', ...path(action.slice(6).trim(), fail), body })
      stack.push(body)
    } else top().push({ type: 'path', ...path(action, fail) })
  }
  if (stack.length > 1) fail('{range} without {end}')
  return stack[0] as Node[]
}

/** The index of the `}` closing an action, skipping quoted strings and brackets. */
function actionEnd(text: string, from: number): number {
  let quote: string | undefined
  let depth = 0
  for (let i = from; i < text.length; i++) {
    const c = text[i]
    if (quote) {
      if (c === '\\') i++
      else if (c === quote) quote = undefined
    } else if (c === '"' || c === "'") quote = c
    else if (c === '[') depth++
    else if (c === ']') depth--
    else if (c === '}' && depth === 0) return i
  }
  return -1
}

function path(text: string, fail: (why: string) => never): { fromRoot: boolean; steps: Step[] } {
  const fromRoot = text.startsWith('$')
  const relative = /^[.[$@]/.test(text) ? text : `.${text}`
  const steps = parseJsonPath(relative)
  if (typeof steps === 'string') return fail(steps)
  return { fromRoot, steps }
}

function unquote(literal: string, fail: (why: string) => never): string {
  const q = literal[0]
  if (literal.length < 2 || literal[literal.length - 1] !== q) fail(`unterminated string ${literal}`)
  const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'" }
  return literal.slice(1, -1).replace(/\\(.)/g, (_, c: string) => escapes[c] ?? `\\${c}`)
}
