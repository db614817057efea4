import { CliError } from '../app.js'
import { renderTable } from '../table.js'
import { evalJsonPath, formatJsonPathValues, parseJsonPath } from './json-path.js'

/**
 * kubectl's `-o custom-columns=HEADER:PATH,…`: one column per pair, each
 * cell the path's matches joined by commas, `<none>` when nothing matches.
 * A path is `.spec.replicas` or `{.spec.replicas}`.
 */
export function renderCustomColumns(spec: string, objects: readonly unknown[]): string {
  const columns = spec.split(',').map((pair) => {
    const colon = pair.indexOf(':')
    if (colon <= 0)
      throw new CliError(`custom-columns: expected HEADER:PATH pairs separated by commas, got "${pair}"`, 2)
    const header = pair.slice(0, colon)
    const path = pair.slice(colon + 1).replace(/^\{(.*)\}$/, '$1')
    const relative = /^[.[$@]/.test(path) ? path : `.${path}`
    const parsed = parseJsonPath(relative)
    if (typeof parsed === 'string') throw new CliError(`custom-columns: ${header}: ${parsed}`, 2)
    return { header, path: relative }
  })
  const rows = objects.map((o) =>
    columns.map((c) => formatJsonPathValues(evalJsonPath(o, c.path)) || '<none>'),
  )
  return renderTable(
    columns.map((c) => c.header),
    rows,
  )
}
