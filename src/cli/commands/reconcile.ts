import { Command } from 'commander'
import { commitWrites } from '../../engine/commit-writes.js'
import { reconcileOnce } from '../../engine/reconcile-once.js'
import type { App } from '../app.js'
import { serviceLs } from '../docker/service-ls.js'

/** A file that changed under us is re-read and reconciled again, a few times at most. */
const MAX_ROUNDS = 3

/** `berth reconcile`: load, reconcile to a fixed point, write status, summarise. */
export function reconcileCommand(app: App, done: (code: number) => void): Command {
  return new Command('reconcile')
    .description(
      'reconcile every manifest to a fixed point, write status back into the files, print a summary',
    )
    .addHelpText(
      'after',
      '\nAny invalid file: nothing is written and the exit code is 1.\n\nExamples:\n  berth reconcile\n  berth reconcile --dir ./cluster',
    )
    .action(async (_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals()
      const dir = app.dir(opts)
      const started = performance.now()
      for (let round = 1; round <= MAX_ROUNDS; round++) {
        const result = await reconcileOnce({
          dir,
          validator: app.validator(),
          registry: app.registry(opts),
          clock: app.clock,
        })
        if (!result.report) {
          for (const d of result.tree.diagnostics) app.io.err(`${app.formatDiagnostic(dir, d)}\n`)
          app.io.err(`${app.style.red('error')}: invalid manifests; nothing was written\n`)
          return done(1)
        }
        const commit = await commitWrites(dir, result.writes)
        for (const f of commit.failed)
          app.io.err(`${app.style.red('error')}: ${f.path}: cannot write status: ${f.message}\n`)
        if (commit.conflicts.length > 0 && round < MAX_ROUNDS) continue
        for (const f of commit.conflicts)
          app.io.err(
            `${app.style.yellow('warning')}: ${f}: changed while berth was writing; not overwritten\n`,
          )
        const { report } = result
        for (const [key, error] of report.failed)
          app.io.err(`${app.style.red('error')}: reconcile ${key}: ${error.message}\n`)
        for (const key of report.stalled)
          app.io.err(
            `${app.style.yellow('warning')}: ${key} did not settle; stopped after repeated changes\n`,
          )
        const ms = Math.round(performance.now() - started)
        const total = result.tree.resources.length
        app.io.out(
          `reconciled ${total} resource${total === 1 ? '' : 's'} in ${ms} ms: ${commit.written.length} file${commit.written.length === 1 ? '' : 's'} written\n`,
        )
        const services = result.store.list('Service')
        if (services.length > 0) app.io.out(`\n${serviceLs(services)}`)
        const failed = commit.failed.length > 0 || commit.conflicts.length > 0 || report.failed.size > 0
        return done(failed ? 1 : 0)
      }
    })
}
