import path from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { stringify } from 'yaml'
import { API_VERSION, type Kind } from '../model/kinds.js'
import { STACK_LABEL } from './names.js'
import type { StackResource } from './stack-resource.js'

/** A resource already in the manifest directory, as the deploy sees it. */
export interface PlacedResource {
  readonly kind: Kind
  readonly name: string
  readonly labels: Readonly<Record<string, string>>
  readonly spec: unknown
  /** Relative to the manifest directory. */
  readonly file: string
  readonly doc: number
}

export type DeployAction =
  | {
      readonly type: 'create'
      readonly kind: Kind
      readonly name: string
      readonly file: string
      readonly text: string
    }
  | {
      readonly type: 'update'
      readonly kind: Kind
      readonly name: string
      readonly file: string
      readonly doc: number
      readonly spec: Record<string, unknown>
      readonly labels: Record<string, string>
    }
  | { readonly type: 'unchanged'; readonly kind: Kind; readonly name: string }
  | {
      readonly type: 'remove'
      readonly kind: Kind
      readonly name: string
      readonly file: string
      readonly doc: number
    }

/**
 * What deploying a stack does to the manifest directory, decided without touching it: a
 * resource that exists anywhere (any file, any stack) has its spec and labels replaced in
 * place, or is left alone when they are already equal; a new one gets its own file
 * `stacks/STACK/<kinds>/<name>.yaml`. With `prune`, resources labelled with this stack that
 * the files no longer name are removed.
 */
export function planDeploy(input: {
  readonly stack: string
  readonly dir: string
  readonly resources: readonly StackResource[]
  readonly existing: readonly PlacedResource[]
  readonly prune: boolean
}): DeployAction[] {
  const { stack, dir } = input
  const actions: DeployAction[] = []
  for (const r of input.resources) {
    const found = input.existing.find((e) => e.kind === r.kind && e.name === r.name)
    const file = found?.file ?? newFile(stack, r)
    const spec = finalSpec(r, path.dirname(path.join(dir, file)))
    const labels = { ...r.labels }
    if (!found)
      actions.push({ type: 'create', kind: r.kind, name: r.name, file, text: renderManifest(r, spec) })
    else if (isDeepStrictEqual(found.spec, spec) && isDeepStrictEqual(found.labels, labels))
      actions.push({ type: 'unchanged', kind: r.kind, name: r.name })
    else actions.push({ type: 'update', kind: r.kind, name: r.name, file, doc: found.doc, spec, labels })
  }
  if (input.prune) actions.push(...planRemove(stack, input.existing, input.resources))
  return actions
}

/**
 * Removing a stack's resources (`stack rm`, or `--prune` for the ones in `keep`'s absence):
 * every resource labelled with the stack. Several in one file go last document first, so
 * each removal leaves the others' indexes as they were.
 */
export function planRemove(
  stack: string,
  existing: readonly PlacedResource[],
  keep: readonly { kind: Kind; name: string }[] = [],
): DeployAction[] {
  return existing
    .filter(
      (e) => e.labels[STACK_LABEL] === stack && !keep.some((k) => k.kind === e.kind && k.name === e.name),
    )
    .sort((a, b) => (a.file === b.file ? b.doc - a.doc : a.file < b.file ? -1 : 1))
    .map((e) => ({ type: 'remove', kind: e.kind, name: e.name, file: e.file, doc: e.doc }))
}

/** `stacks/demo/services/demo_web.yaml`. */
function newFile(stack: string, r: StackResource): string {
  return path.join('stacks', stack, `${r.kind.toLowerCase()}s`, `${r.name}.yaml`)
}

/** The spec as written: a content file relative to the manifest's folder (`./db_password.txt`). */
function finalSpec(r: StackResource, folder: string): Record<string, unknown> {
  if (r.contentFile === undefined) return { ...r.spec }
  const relative = path.relative(folder, r.contentFile).split(path.sep).join('/')
  return { ...r.spec, file: relative.startsWith('.') ? relative : `./${relative}` }
}

/** A new manifest: apiVersion, kind, metadata (name, labels), spec; block style. */
export function renderManifest(r: StackResource, spec: Record<string, unknown>): string {
  const metadata = { name: r.name, labels: r.labels }
  return stringify({ apiVersion: API_VERSION, kind: r.kind, metadata, spec }, { lineWidth: 0 })
}
