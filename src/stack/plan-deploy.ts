import path from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { stringify } from 'yaml'
import { API_VERSION, type Kind } from '../model/kinds.js'
import { CONTENT_COPY, type ContentKind, contentCopyFile, ownCopy, sameBytes } from './content-copy.js'
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
  /** A secret's or config's content copied into the stack's folder (new, or new bytes). */
  | {
      readonly type: 'write-content'
      readonly kind: ContentKind
      readonly name: string
      readonly file: string
      readonly bytes: Uint8Array
      readonly mode: number
    }
  /** A copy no manifest reads any more: its resource is removed, or now reads another file. */
  | { readonly type: 'remove-content'; readonly kind: Kind; readonly name: string; readonly file: string }

/**
 * What deploying a stack does to the manifest directory, decided without touching it: a
 * resource that exists anywhere (any file, any stack) has its spec and labels replaced in
 * place, or is left alone when they are already equal; a new one gets its own file
 * `stacks/STACK/<kinds>/<name>.yaml`. With `prune`, resources labelled with this stack that
 * the files no longer name are removed. Content copied from outside the directory goes to
 * `stacks/STACK/secrets/<name>.secret` (or `configs/<name>.config`), written only when its
 * bytes differ from `copies` (the copies on disk, by path), and removed with its resource.
 */
export function planDeploy(input: {
  readonly stack: string
  readonly dir: string
  readonly resources: readonly StackResource[]
  readonly existing: readonly PlacedResource[]
  readonly prune: boolean
  readonly copies?: ReadonlyMap<string, Uint8Array>
}): DeployAction[] {
  const { stack, dir } = input
  const actions: DeployAction[] = []
  for (const r of input.resources) {
    const found = input.existing.find((e) => e.kind === r.kind && e.name === r.name)
    const file = found?.file ?? newFile(stack, r)
    const copy = copyOf(stack, r)
    if (copy && !sameBytes(input.copies?.get(copy.file), copy.bytes)) actions.push(copy)
    const previous = found && ownCopy(found)
    if (previous !== undefined && previous !== copy?.file)
      actions.push({ type: 'remove-content', kind: r.kind, name: r.name, file: previous })
    const spec = finalSpec(r, path.dirname(path.join(dir, file)), copy && path.join(dir, copy.file))
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
  const removed = existing
    .filter(
      (e) => e.labels[STACK_LABEL] === stack && !keep.some((k) => k.kind === e.kind && k.name === e.name),
    )
    .sort((a, b) => (a.file === b.file ? b.doc - a.doc : a.file < b.file ? -1 : 1))
  return [
    ...removed.map(
      (e): DeployAction => ({ type: 'remove', kind: e.kind, name: e.name, file: e.file, doc: e.doc }),
    ),
    ...removed.flatMap((e): DeployAction[] => {
      const copy = ownCopy(e)
      return copy === undefined ? [] : [{ type: 'remove-content', kind: e.kind, name: e.name, file: copy }]
    }),
  ]
}

/** The copy a resource's content needs, when its file lies outside the manifest directory. */
function copyOf(stack: string, r: StackResource): (DeployAction & { type: 'write-content' }) | undefined {
  if (r.contentCopy === undefined || (r.kind !== 'Secret' && r.kind !== 'Config')) return undefined
  const file = contentCopyFile(stack, r.kind, r.name)
  return {
    type: 'write-content',
    kind: r.kind,
    name: r.name,
    file,
    bytes: r.contentCopy,
    mode: CONTENT_COPY[r.kind].mode,
  }
}

/** `stacks/demo/services/demo_web.yaml`. */
function newFile(stack: string, r: StackResource): string {
  return path.join('stacks', stack, `${r.kind.toLowerCase()}s`, `${r.name}.yaml`)
}

/**
 * The spec as written: a content file relative to the manifest's folder (`./db_password.txt`,
 * or the copy `./demo_db_password.secret`).
 */
function finalSpec(r: StackResource, folder: string, copy: string | undefined): Record<string, unknown> {
  const content = copy ?? r.contentFile
  if (content === undefined) return { ...r.spec }
  const relative = path.relative(folder, content).split(path.sep).join('/')
  return { ...r.spec, file: relative.startsWith('.') ? relative : `./${relative}` }
}

/** A new manifest: apiVersion, kind, metadata (name, labels), spec; block style. */
export function renderManifest(r: StackResource, spec: Record<string, unknown>): string {
  const metadata = { name: r.name, labels: r.labels }
  return stringify({ apiVersion: API_VERSION, kind: r.kind, metadata, spec }, { lineWidth: 0 })
}
