import { stripStatus } from '../src/gitops/strip-status-bytes.js'
import type { Figure } from './figure.js'
import { listYaml, readText } from './tree-files.js'

/** How much status adds: the converged tree's bytes against the same files without status. */
export async function measureBytes(converged: string): Promise<Figure> {
  const files = await listYaml(converged)
  let bytes = 0
  let stripped = 0
  for (const file of files) {
    const text = Buffer.from(await readText(converged, file), 'utf8')
    bytes += text.length
    stripped += (await stripStatus(text)).length
  }
  const ratio = bytes / stripped
  return {
    part: 'bytes',
    name: `converged tree, ${files.length} files`,
    value: bytes / 1e6,
    unit: 'MB',
    floorName: 'the same files without status',
    floorUnit: 'MB',
    floor: stripped / 1e6,
    ratio,
    target: '≤ 3× floor',
    met: ratio <= 3,
  }
}
