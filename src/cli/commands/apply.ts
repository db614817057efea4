import fs from 'node:fs/promises'
import path from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { Command } from 'commander'
import { loadFile } from '../../load/load-file.js'
import { formatDiagnostic } from '../../model/diagnostic.js'
import { replaceSpec } from '../../yamledit/replace-spec.js'
import type { App } from '../app.js'
import { CliError } from '../app.js'
import { kindNames } from '../kind-alias.js'
import { type ApplyInput, parseInputs, readInputs } from './apply-inputs.js'
import { createFileExclusive } from './create-file.js'
import { type EditOptions, findInTree, loadForEdit } from './edit-tree.js'
import { finishEdit } from './finish-edit.js'
import { type FileEdit, writeEdits } from './write-edits.js'

/** Where `apply` gets standard input from; a test passes its own. */
export interface ApplyDeps {
  readonly readStdin: () => Promise<string>
}

type Outcome = 'created' | 'configured' | 'unchanged'

/**
 * `berth apply -f FILE|DIR|-`: validates every input document, then writes each resource into
 * the manifest directory — the `spec` (and labels) of an existing document replaced in place,
 * a new resource in a new file `<dir>/<kind-plural>/<name>.yaml` — and reconciles.
 */
export function applyCommand(
  app: App,
  done: (code: number) => void,
  deps: ApplyDeps = { readStdin },
): Command {
  return new Command('apply')
    .description(
      'write resources into the manifest directory: replace the spec of existing ones in place (keeping comments and status), create files for new ones',
    )
    .requiredOption(
      '-f, --filename <path>',
      'a manifest file, a folder of them, or - for standard input (repeatable)',
      collect,
      [],
    )
    .option('--no-reconcile', 'only edit the manifests; do not reconcile and write status')
    .addHelpText(
      'after',
      '\nAny invalid input document: nothing is written and the exit code is 1.\n\nExamples:\n  berth apply -f web.yaml\n  berth apply -f ./new-services/ -f plugin.yaml\n  cat web.yaml | berth apply -f -',
    )
    .action(async (_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<EditOptions & { filename: string[] }>()
      if (opts.filename.length === 0) throw new CliError('apply needs at least one -f FILE|DIR|-', 2)
      const texts = await readInputs(opts.filename, app.cwd, deps.readStdin).catch((error: Error) => {
        throw new CliError(error.message)
      })
      const { resources, diagnostics } = parseInputs(texts, app.validator())
      for (const d of diagnostics) app.io.err(`${formatDiagnostic(d)}\n`)
      if (diagnostics.length > 0) throw new CliError('invalid input; nothing was written')
      if (resources.length === 0) throw new CliError('no objects passed to apply')
      checkUnique(resources)
      await fs.mkdir(app.dir(opts), { recursive: true })
      const edit = await loadForEdit(app, opts)
      const { dir, tree } = edit
      const outcomes: Outcome[] = []
      const edits: FileEdit[] = []
      const creates: { file: string; input: ApplyInput }[] = []
      for (const input of resources) {
        const existing = findInTree(tree, input.kind, input.name)
        if (!existing) {
          const file = path.join(dir, kindNames(input.kind).plural, `${input.name}.yaml`)
          if (await exists(file)) {
            throw new CliError(
              `${path.relative(app.cwd, file)} already exists; refusing to overwrite it for ${input.where}`,
            )
          }
          checkNewFile(app, input)
          creates.push({ file, input })
          outcomes.push('created')
          continue
        }
        const sameSpec = isDeepStrictEqual(existing.writtenSpec, input.spec)
        const sameLabels = input.labels === undefined || isDeepStrictEqual(existing.labels, input.labels)
        if (sameSpec && sameLabels) {
          outcomes.push('unchanged')
          continue
        }
        const { file, doc } = existing.source
        edits.push({ file, apply: (text) => replaceSpec(text, doc, input.spec, input.labels) })
        outcomes.push('configured')
      }
      await writeEdits(app, edit, edits)
      for (const { file, input } of creates) {
        if ((await createFileExclusive(file, input.text)) === 'exists') {
          throw new CliError(`${path.relative(app.cwd, file)} already exists; refusing to overwrite it`)
        }
      }
      resources.forEach((r, i) => {
        app.io.out(`${kindNames(r.kind).singular}/${r.name} ${outcomes[i]}\n`)
      })
      await finishEdit(app, opts, done)
    })
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value]
}

/** Two input documents for one kind/name cannot both be applied. */
function checkUnique(resources: readonly ApplyInput[]): void {
  const seen = new Map<string, string>()
  for (const r of resources) {
    const key = `${kindNames(r.kind).singular}/${r.name}`
    const first = seen.get(key)
    if (first) throw new CliError(`${r.where}: ${key} is also given at ${first}; nothing was written`)
    seen.set(key, r.where)
  }
}

/** The text of a new file must read back as the input resource, without status. */
function checkNewFile(app: App, input: ApplyInput): void {
  const loaded = loadFile(input.where, input.text, app.validator())
  const [resource] = loaded.resources
  const ok =
    loaded.diagnostics.length === 0 &&
    loaded.resources.length === 1 &&
    resource?.kind === input.kind &&
    resource.name === input.name &&
    resource.status === undefined &&
    isDeepStrictEqual(resource.writtenSpec, input.spec)
  if (!ok) throw new CliError(`${input.where}: cannot write this document to its own file without its status`)
}

async function exists(file: string): Promise<boolean> {
  return (await fs.lstat(file).catch(() => undefined)) !== undefined
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}
