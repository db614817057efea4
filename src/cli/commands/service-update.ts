import { Command, Option } from 'commander'
import { specProblem } from '../../../controllers/service/spec-problem.js'
import { taskTemplate, templateDigest } from '../../../controllers/service/template.js'
import { parseDuration } from '../../model/duration.js'
import type { KeyPath } from '../../yamledit/data-path.js'
import { setIn } from '../../yamledit/set-in.js'
import type { App } from '../app.js'
import { CliError } from '../app.js'
import { reconcileAndWrite } from '../reconcile-and-write.js'
import { heldAfterRollback } from '../update-wait.js'
import { type EditOptions, findInTree, loadForEdit } from './edit-tree.js'
import { writeEdits } from './write-edits.js'

interface UpdateOptions extends EditOptions {
  image?: string
  force?: boolean
  updateParallelism?: string
  updateDelay?: string
  updateOrder?: string
  updateFailureAction?: string
  rollback?: boolean
  detach?: boolean
}

/** The flags that change the spec: Docker refuses each of them beside `--rollback`. */
const SPEC_FLAGS = [
  ['image', '--image'],
  ['force', '--force'],
  ['updateParallelism', '--update-parallelism'],
  ['updateDelay', '--update-delay'],
  ['updateOrder', '--update-order'],
  ['updateFailureAction', '--update-failure-action'],
] as const satisfies readonly (readonly [keyof UpdateOptions, string])[]

/** The spec fields `service update`'s flags set, as key paths and values; a bad value is a usage error. */
function updateFields(opts: UpdateOptions, forceUpdate: number): [KeyPath, unknown][] {
  const fields: [KeyPath, unknown][] = []
  if (opts.image !== undefined) {
    if (opts.image.trim() === '') throw new CliError('--image: an image reference is required', 2)
    fields.push([['spec', 'image'], opts.image])
  }
  if (opts.force) fields.push([['spec', 'forceUpdate'], forceUpdate + 1])
  if (opts.updateParallelism !== undefined) {
    if (!/^\d{1,9}$/.test(opts.updateParallelism))
      throw new CliError(`--update-parallelism: expected a whole number, got "${opts.updateParallelism}"`, 2)
    fields.push([['spec', 'updateConfig', 'parallelism'], Number(opts.updateParallelism)])
  }
  if (opts.updateDelay !== undefined) {
    if (parseDuration(opts.updateDelay) === undefined)
      throw new CliError(
        `--update-delay: expected a duration such as 10s or 1m30s, got "${opts.updateDelay}"`,
        2,
      )
    fields.push([['spec', 'updateConfig', 'delay'], opts.updateDelay])
  }
  if (opts.updateOrder !== undefined) fields.push([['spec', 'updateConfig', 'order'], opts.updateOrder])
  if (opts.updateFailureAction !== undefined)
    fields.push([['spec', 'updateConfig', 'failureAction'], opts.updateFailureAction])
  return fields
}

/**
 * `berth service update SVC`: sets what the flags name in the service's
 * manifest, keeping every other byte, then reconciles — the rolling update
 * runs and is waited for unless `--detach`, as `docker service update`.
 */
export function serviceUpdateCommand(app: App, done: (code: number) => void): Command {
  return new Command('update')
    .description('update a service (docker service update), editing its manifest in place')
    .argument('<service>', 'the service to update')
    .option('--image <image>', 'the image the tasks run')
    .option('--force', 'replace every task even if nothing else changed (increments spec.forceUpdate)')
    .option('--update-parallelism <n>', 'tasks replaced at a time (0 = all at once)')
    .option('--update-delay <duration>', 'wait between batches, e.g. 10s or 1m30s')
    .addOption(
      new Option('--update-order <order>', 'stop-first or start-first').choices([
        'stop-first',
        'start-first',
      ]),
    )
    .addOption(
      new Option('--update-failure-action <action>', 'what a failed replacement does').choices([
        'pause',
        'continue',
        'rollback',
      ]),
    )
    .option(
      '--rollback',
      'roll back to the previous spec, as berth service rollback (with no other update flag)',
    )
    .option('-d, --detach', 'exit once the first batch is written, without waiting for the update')
    .option('--no-reconcile', 'only edit the manifest; do not reconcile and write status')
    .addHelpText(
      'after',
      '\nExamples:\n  berth service update --image mrjana/simpleweb:2 myservice\n  berth service update --force myservice\n  berth service update --update-parallelism 2 --update-delay 3s myservice\n  berth service update --rollback myservice',
    )
    .action(async (name: string, _opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<UpdateOptions>()
      if (opts.rollback) {
        // As `docker service update --rollback`: the rollback alone, never mixed with an edit.
        const others = SPEC_FLAGS.filter(([key]) => opts[key] !== undefined).map(([, flag]) => flag)
        if (others.length > 0)
          throw new CliError(`${others.join(', ')} may not be combined with --rollback`, 2)
        return rollBack(app, name, opts, done)
      }
      const edit = await loadForEdit(app, opts)
      const { tree } = edit
      const service = findInTree(tree, 'Service', name)
      if (!service) throw new CliError(`no such service: ${name}`)
      const fields = updateFields(opts, service.spec.forceUpdate)
      if (fields.length === 0)
        throw new CliError('nothing to update: give --image, --force or an --update-* flag', 2)
      const { file, doc } = service.source
      const apply = (text: string) => fields.reduce((t, [path, value]) => setIn(t, doc, path, value), text)
      await writeEdits(app, edit, [{ file, apply }])
      app.io.out(`${name}\n`)
      await finishUpdate(app, name, opts, done)
    })
}

/**
 * `berth service rollback SVC`: writes the task template the service ran
 * before its last update (`status.previousSpec`) back into its spec, keeping
 * every other field; the change rolls out with `rollbackConfig`.
 */
export function serviceRollbackCommand(app: App, done: (code: number) => void): Command {
  return new Command('rollback')
    .description(
      "revert a service's task template to the one before its last update (docker service rollback)",
    )
    .argument('<service>', 'the service to roll back')
    .option('-d, --detach', 'exit once the first batch is written, without waiting for the rollback')
    .option('--no-reconcile', 'only edit the manifest; do not reconcile and write status')
    .action((name: string, _opts, cmd: Command) =>
      rollBack(app, name, cmd.optsWithGlobals<UpdateOptions>(), done),
    )
}

/** Writes `status.previousSpec` back into the spec (both `service rollback` and `service update --rollback`). */
async function rollBack(
  app: App,
  name: string,
  opts: UpdateOptions,
  done: (code: number) => void,
): Promise<void> {
  const edit = await loadForEdit(app, opts)
  const { tree } = edit
  const service = findInTree(tree, 'Service', name)
  if (!service) throw new CliError(`no such service: ${name}`)
  const previous = service.status?.previousSpec
  if (!previous) throw new CliError(`service ${name} does not have a previous spec to roll back to`)
  // Swarm swaps the two on a rollback, so a second one goes forward again; berth keeps one
  // previous template, the one rolled back to. Writing it again would do nothing, silently.
  if (templateDigest(service.writtenSpec) === templateDigest(previous))
    throw new CliError(
      `service ${name}: its spec already names its previous spec; nothing to roll back (berth keeps one previous spec: after a rollback, the one rolled back to)`,
    )
  const current = taskTemplate(service.writtenSpec) as Record<string, unknown>
  const back = taskTemplate(previous) as Record<string, unknown>
  const { file, doc } = service.source
  const gone = Object.keys(current).filter((k) => !(k in back))
  const apply = (text: string) => {
    if (gone.length > 0) {
      // A field the update added has to go: the spec is rewritten as a whole.
      const spec = { ...(service.writtenSpec as unknown as Record<string, unknown>) }
      for (const key of gone) delete spec[key]
      return setIn(text, doc, ['spec'], { ...spec, ...back })
    }
    return Object.entries(back).reduce((t, [key, value]) => setIn(t, doc, ['spec', key], value), text)
  }
  await writeEdits(app, edit, [{ file, apply }])
  app.io.out(`${name}\nrollback: manually requested rollback\n`)
  await finishUpdate(app, name, opts, done)
}

/**
 * Reconciles after the edit and, unless `--detach`, judges the update waited for as
 * `docker service update` does: one that paused, or rolled back on its own, is a failure
 * (exit 1) in Docker's words (`service update paused: …`, `service rolled back: …`).
 */
async function finishUpdate(
  app: App,
  name: string,
  opts: UpdateOptions,
  done: (code: number) => void,
): Promise<void> {
  if (opts.reconcile === false) return done(0)
  const { exitCode, result } = await reconcileAndWrite(app, opts)
  const service = opts.detach || exitCode !== 0 ? undefined : result?.store.get('Service', name)
  const update = service?.status?.updateStatus
  if (service && update?.state === 'paused') throw new CliError(`service update paused: ${update.message}`)
  if (service && update?.state === 'rollback_paused')
    throw new CliError(`service rollback paused: ${update.message}`)
  if (service && result && update?.state === 'rollback_completed' && heldAfterRollback(service)) {
    // Its message is `rollback completed`: why the template failed is worked out anew.
    const why = specProblem(service.spec, result.view)?.message ?? "the spec's template fits no node"
    throw new CliError(`service rolled back: ${why}`)
  }
  done(exitCode)
}
