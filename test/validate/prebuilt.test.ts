import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { isKind } from '../../src/model/kinds.js'
import { defaultCrdDir } from '../../src/validate/crd-files.js'
import { compileKindChecks } from '../../src/validate/kind-checks.js'
import { listMapKeyErrors } from '../../src/validate/list-map-keys.js'
import { loadPrebuiltChecks } from '../../src/validate/prebuilt-checks.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

function documents(dir: string): { file: string; doc: Record<string, unknown> }[] {
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .flatMap((e) => {
      const file = path.join(e.parentPath, e.name)
      let text: string
      try {
        text = readFileSync(file, 'utf8')
      } catch {
        return []
      }
      return parseAllDocuments(text).flatMap((d) => {
        const doc = d.toJS()
        return doc && typeof doc === 'object' ? [{ file, doc }] : []
      })
    })
}

// `npm test` builds first: the build's standalone validators must be there and agree with
// the schemas compiled now, error for error, on good and bad manifests alike.
test('the validators compiled at build time agree with the ones compiled now', () => {
  const prebuilt = loadPrebuiltChecks(defaultCrdDir())
  expect(prebuilt, 'run npm run build first').toBeDefined()
  const now = compileKindChecks(defaultCrdDir())
  const docs = [...documents('manifests'), ...documents('test/fixtures')]
  let compared = 0
  for (const { file, doc } of docs) {
    const kind = doc.kind
    if (!isKind(kind)) continue
    const a = prebuilt?.get(kind)
    const b = now.get(kind)
    if (!a || !b) throw new Error(`no check for ${kind}`)
    expect(a.check(doc), file).toBe(b.check(doc))
    expect(a.check.errors ?? null, file).toEqual(b.check.errors ?? null)
    expect(listMapKeyErrors(a.sites, doc)).toEqual(listMapKeyErrors(b.sites, doc))
    compared++
  }
  expect(compared).toBeGreaterThan(20)
})

test('an edited CRD is never checked with validators built from the old one', () => {
  expect(loadPrebuiltChecks(defaultCrdDir(), 'sha256-of-some-other-crds')).toBeUndefined()
})
