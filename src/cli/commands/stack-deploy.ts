// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the help shows Compose's ${VAR} syntax
import fs from 'node:fs/promises'
import path from 'node:path'
import { Command } from 'commander'
import { writeFileAtomic } from '../../io/atomic-write.js'
import { loadFile } from '../../load/load-file.js'
import { formatDiagnostic } from '../../model/diagnostic.js'
import { contentCopyFile, SECRETS_GITIGNORE } from '../../stack/content-copy.js'
import { warningLines } from '../../stack/ignored-keys.js'
import { stackNameProblem } from '../../stack/names.js'
import { type DeployAction, type PlacedResource, planDeploy } from '../../stack/plan-deploy.js'
import type { StackResource } from '../../stack/stack-resource.js'
import { removeDocument } from '../../yamledit/remove-document.js'
import { replaceSpec } from '../../yamledit/replace-spec.js'
import type { App } from '../app.js'
import { CliError } from '../app.js'
import { createFileExclusive } from './create-file.js'
import type { EditTree } from './edit-tree.js'
import { type EditOptions, loadForEdit } from './edit-tree.js'
import { finishEdit } from './finish-edit.js'
import { contentReader } from './stack-content.js'
import { readSources } from './stack-sources.js'
import { type FileEdit, writeEdits } from './write-edits.js'

/** Where `stack deploy -c -` reads from; a test passes its own. */
export interface StackDeps {
  readonly readStdin: () => Promise<string>
}

/**
 * `berth stack deploy -c FILE [-c FILE…] [--prune] STACK`: reads compose files as
 * `docker stack deploy` does and writes Berth manifests — new ones under `stacks/STACK/`,
 * existing ones updated in place — then reconciles. Any problem in the files: every one
 * printed as `file:line:col: message`, nothing written, exit 1.
 */
export function stackDeployCommand(app: App, done: (code: number) => void, deps: StackDeps): Command {
  return new Command('deploy')
    .alias('up')
    .description('deploy a new stack or update an existing one from compose files (docker stack deploy)')
    .argument('<stack>', 'the stack name: services are named STACK_service')
    .requiredOption(
      '-c, --compose-file <file>',
      'a compose file, or - for standard input (repeatable; later files override)',
      collect,
      [],
    )
    .option('--prune', 'remove the resources of this stack that the files no longer name')
    .option('--no-reconcile', 'only write the manifests; do not reconcile and write status')
    .addHelpText(
      'after',
      [
        '',
        'Variables (${VAR}, ${VAR:-default}, ${VAR:?message}, $$) come from the environment, then',
        'from .env beside the first file. Keys docker stack deploy ignores are named in a warning.',
        '',
        'Examples:',
        '  berth stack deploy -c docker-compose.yml demo',
        '  berth stack deploy -c docker-compose.yml -c docker-compose.prod.yml --prune demo',
      ].join('\n'),
    )
    .action(async (stack: string, _opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<EditOptions & { composeFile: string[]; prune?: boolean }>()
      if (opts.composeFile.length === 0) throw new CliError('stack deploy needs at least one -c FILE', 2)
      const problem = stackNameProblem(stack)
      if (problem) throw new CliError(problem, 2)
      const read = await readSources({
        stack,
        composeFiles: opts.composeFile,
        cwd: app.cwd,
        env: app.env,
        readStdin: deps.readStdin,
      })
      if ('error' in read) throw new CliError(read.error)
      if ('diagnostics' in read) {
        for (const d of read.diagnostics) app.io.err(`${formatDiagnostic(d)}\n`)
        throw new CliError('invalid .env file; nothing was written')
      }
      // The compose schema and its ajv dialect load only when a stack is deployed: other commands start fast.
      const { loadStack } = await import('../../stack/load-stack.js')
      const loaded = loadStack({
        ...read.source,
        validate: (kind, doc) => app.validator().validate(kind, doc),
        readContent: contentReader(path.resolve(app.cwd, app.dir(opts))),
      })
      for (const d of loaded.diagnostics) app.io.err(`${formatDiagnostic(d)}\n`)
      if (loaded.diagnostics.length > 0) throw new CliError('invalid compose file; nothing was written')
      if (loaded.keys) app.io.err(warningLines(loaded.keys))
      await fs.mkdir(app.dir(opts), { recursive: true })
      const edit = await loadForEdit(app, opts)
      const actions = planDeploy({
        stack,
        dir: edit.dir,
        resources: loaded.resources,
        existing: placedResources(edit),
        prune: opts.prune === true,
        copies: await readCopies(edit.dir, stack, loaded.resources),
      })
      await applyActions(app, edit, actions)
      for (const line of actionLines(actions)) app.io.out(`${line}\n`)
      await finishEdit(app, opts, done)
    })
}

/** Every resource of the directory with where it is. */
export function placedResources(edit: EditTree): PlacedResource[] {
  return edit.tree.resources.map((r) => ({
    kind: r.kind,
    name: r.name,
    labels: r.labels,
    spec: r.writtenSpec,
    file: r.source.file,
    doc: r.source.doc,
  }))
}

/**
 * The content copies already in the stack's folder, by path: a redeploy with the same bytes
 * writes nothing. A copy's place holding a link or a folder is refused before anything is written.
 */
async function readCopies(
  dir: string,
  stack: string,
  resources: readonly StackResource[],
): Promise<Map<string, Uint8Array>> {
  const copies = new Map<string, Uint8Array>()
  for (const r of resources) {
    if (r.contentCopy === undefined || (r.kind !== 'Secret' && r.kind !== 'Config')) continue
    const file = contentCopyFile(stack, r.kind, r.name)
    const abs = path.join(dir, file)
    const stat = await fs.lstat(abs).catch(() => undefined)
    if (!stat) continue
    if (!stat.isFile())
      throw new CliError(
        `${abs} is not a regular file; refusing to write the content of ${r.kind} ${r.name}; nothing was written`,
      )
    copies.set(file, await fs.readFile(abs))
  }
  return copies
}

/**
 * Writes the planned actions: every new file checked first (its name free, its text valid),
 * then the content copies (before the manifests that read them, so a watching daemon never
 * sees a Secret without its file), then the edits of existing files (checked and written by
 * `writeEdits`), then the new files; copies nothing reads any more go last.
 */
export async function applyActions(
  app: App,
  edit: EditTree,
  actions: readonly DeployAction[],
): Promise<void> {
  const { dir } = edit
  for (const a of actions) {
    if (a.type !== 'create') continue
    if (await fs.lstat(path.join(dir, a.file)).catch(() => undefined))
      throw new CliError(
        `${path.join(dir, a.file)} already exists; refusing to overwrite it for ${a.kind} ${a.name}; nothing was written`,
      )
    const check = loadFile(a.file, a.text, app.validator())
    app.reportDiagnostics(dir, check.diagnostics)
    if (check.diagnostics.length > 0)
      throw new CliError(`${a.kind} ${a.name}: berth cannot write this resource; nothing was written`)
  }
  for (const a of actions) if (a.type === 'write-content') await writeCopy(app, dir, a)
  const edits: FileEdit[] = []
  for (const a of actions) {
    if (a.type === 'update')
      edits.push({ file: a.file, apply: (text) => replaceSpec(text, a.doc, a.spec, a.labels) })
  }
  for (const a of actions) {
    if (a.type === 'remove') edits.push({ file: a.file, apply: (text) => removeDocument(text, a.doc) })
  }
  await writeEdits(app, edit, edits)
  for (const a of actions) {
    if (a.type !== 'create') continue
    if ((await createFileExclusive(path.join(dir, a.file), a.text)) === 'exists')
      throw new CliError(`${path.join(dir, a.file)} already exists; refusing to overwrite it`)
  }
  for (const a of actions) if (a.type === 'remove-content') await removeCopy(dir, a.file)
  for (const a of actions)
    if (a.type === 'remove' || a.type === 'remove-content')
      await removeEmptyFolders(dir, path.dirname(a.file))
}

/**
 * Writes a content copy atomically with its mode (0600 for a secret); beside secret copies a
 * `.gitignore` of `*.secret` is created when there is none (one a person wrote is left alone).
 */
async function writeCopy(app: App, dir: string, a: DeployAction & { type: 'write-content' }): Promise<void> {
  const abs = path.join(dir, a.file)
  await fs.mkdir(path.dirname(abs), { recursive: true })
  await writeFileAtomic(abs, a.bytes, { mode: a.mode })
  if (a.kind !== 'Secret') return
  const ignore = path.join(path.dirname(abs), '.gitignore')
  if ((await createFileExclusive(ignore, SECRETS_GITIGNORE)) === 'created') return
  const text = await fs.readFile(ignore, 'utf8').catch(() => '')
  if (!text.split(/\r?\n/).some((line) => line.trim() === '*.secret'))
    app.io.err(
      `warning: ${ignore} does not ignore *.secret: the secret copies beside it could be committed\n`,
    )
}

/** Removes a copy, and the `.gitignore` berth wrote beside it once no secret copy is left there. */
async function removeCopy(dir: string, file: string): Promise<void> {
  const abs = path.join(dir, file)
  await fs.unlink(abs).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error
  })
  const folder = path.dirname(abs)
  const left = await fs.readdir(folder).catch(() => [])
  if (left.some((name) => name.endsWith('.secret'))) return
  const ignore = path.join(folder, '.gitignore')
  if ((await fs.readFile(ignore, 'utf8').catch(() => '')) === SECRETS_GITIGNORE) await fs.unlink(ignore)
}

/**
 * After a removal, the folders under `stacks/` that it left empty go too (`stacks/demo/services`,
 * then `stacks/demo`): only empty ones, and never `stacks/` itself or anything outside it.
 */
async function removeEmptyFolders(dir: string, folder: string): Promise<void> {
  for (let f = folder; f.startsWith(`stacks${path.sep}`); f = path.dirname(f)) {
    const removed = await fs.rmdir(path.join(dir, f)).then(
      () => true,
      () => false,
    )
    if (!removed) return
  }
}

/** Docker's words, removals first: `Removing service demo_old`, `Creating network demo_default`, `Updating service demo_web`. */
function actionLines(actions: readonly DeployAction[]): string[] {
  const noun = (a: DeployAction) => a.kind.toLowerCase()
  const removals = actions.filter((a) => a.type === 'remove').map((a) => `Removing ${noun(a)} ${a.name}`)
  const rest = actions.flatMap((a) => {
    if (a.type === 'create') return [`Creating ${noun(a)} ${a.name}`]
    if (a.type === 'update') return [`Updating ${noun(a)} ${a.name}`]
    if (a.type === 'unchanged' && a.kind === 'Service') return [`Service ${a.name} unchanged`]
    // Same manifest, new content in its copy: the services using it roll.
    if (
      a.type === 'unchanged' &&
      actions.some((w) => w.type === 'write-content' && w.kind === a.kind && w.name === a.name)
    )
      return [`Updating ${noun(a)} ${a.name}`]
    return []
  })
  return [...removals, ...rest]
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value]
}
