import { loadFile } from '../../src/load/load-file.js'
import type { AnyResource } from '../../src/model/resource.js'
import { createValidator } from '../../src/validate/validator.js'

let validator: ReturnType<typeof createValidator> | undefined

/** The resources of a manifest file's text, loaded as berth loads a file (it must be valid). */
function resourcesOf(text: string, file = 'manifests.yaml'): AnyResource[] {
  validator ??= createValidator()
  const loaded = loadFile(file, text, validator)
  if (loaded.diagnostics.length > 0) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'))
  return [...loaded.resources]
}

/** One document of `kind` named `name`, with the spec written as YAML flow text. */
export function manifest(kind: string, name: string, spec: string, status?: string): string {
  return [
    'apiVersion: berth.dev/v1',
    `kind: ${kind}`,
    `metadata: {name: ${name}}`,
    `spec: ${spec}`,
    ...(status ? [`status: ${status}`] : []),
  ].join('\n')
}

/** The single resource of one document. */
export function resourceOf(kind: string, name: string, spec: string, status?: string): AnyResource {
  const [resource] = resourcesOf(manifest(kind, name, spec, status))
  if (!resource) throw new Error(`no resource in ${kind}/${name}`)
  return resource
}
