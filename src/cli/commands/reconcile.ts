import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Command } from 'commander'
import { type SpecProblem, specProblem } from '../../../controllers/service/spec-problem.js'
import type { Resource } from '../../model/resource.js'
import type { App } from '../app.js'
import { serviceLs } from '../docker/service-ls.js'
import { fieldPlace } from '../field-place.js'
import { reconcileAndWrite } from '../reconcile-and-write.js'
import { unsettledServices } from '../update-wait.js'

/** `berth reconcile`: load, reconcile to a fixed point, write status, summarise. */
export function reconcileCommand(app: App, done: (code: number) => void): Command {
  return new Command('reconcile')
    .description(
      'reconcile every manifest to a fixed point, write status back into the files, print a summary',
    )
    .addHelpText(
      'after',
      '\nAny invalid file: nothing is written and the exit code is 1. A rolling update with a delay is\nwaited for, batch by batch, unless --detach. With --exit-code, 3 means a service is short of\nrunning tasks, its update is paused or cannot go on, it rolled back on its own, or an edit\nwaits for something its running tasks use that is gone. While a git\ncommand holds the index lock of the repository (a checkout under way), berth waits up to 5 s\nfor it, then reads the files again; a lock still held is exit 4, and nothing is written.\n\nExamples:\n  berth reconcile\n  berth reconcile --dir ./cluster\n  berth reconcile --detach --exit-code',
    )
    .option('-d, --detach', 'do what is due now and exit, without waiting for rolling updates to finish')
    .option(
      '--exit-code',
      'exit 3 when a service has fewer running tasks than desired, an update paused or stuck, or an automatic rollback',
    )
    .action(async (_opts, cmd: Command) => {
      const started = performance.now()
      const opts = cmd.optsWithGlobals<{ exitCode?: boolean; detach?: boolean; dir?: string }>()
      const { exitCode, result, written, roundAt } = await reconcileAndWrite(app, opts)
      if (!result?.report) return done(exitCode)
      const ms = Math.round(performance.now() - started)
      const total = result.tree.resources.length
      const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
      app.io.out(
        `reconciled ${plural(total, 'resource')} in ${ms} ms: ${plural(written.length, 'file')} written\n`,
      )
      const services = result.store.list('Service')
      if (services.length > 0) app.io.out(`\n${serviceLs(services)}`)
      // Each at the service's file:line:col, as the round's problems are printed: at the field
      // its trouble is about (the network it waits for, say) when there is one.
      const dir = app.dir(opts)
      const problems = new Map<Resource<'Service'>, SpecProblem | undefined>()
      const problemOf = (s: Resource<'Service'>) => {
        if (!problems.has(s)) problems.set(s, specProblem(s.spec, result.view))
        return problems.get(s)
      }
      const unsettled = opts.exitCode
        ? services.flatMap((s) =>
            unsettledServices([s], roundAt, (t) => problemOf(t)?.message).map((line) => ({ s, line })),
          )
        : []
      for (const { s, line } of unsettled) {
        const { line: row, col } = problemPlace(dir, s, problemOf(s))
        app.io.err(
          `${app.shown(dir, s.source.file)}:${row}:${col}: ${app.style.yellow('not settled')}: ${line}\n`,
        )
      }
      done(exitCode === 0 && unsettled.length > 0 ? 3 : exitCode)
    })
}

/** Where a service's trouble is written: the field it is about, as the file is now; else its name. */
function problemPlace(
  dir: string,
  service: Resource<'Service'>,
  problem: SpecProblem | undefined,
): { line: number; col: number } {
  if (!problem) return service.source
  const text = readTextOrUndefined(path.join(dir, service.source.file))
  return text === undefined ? service.source : fieldPlace(text, service.source, problem.field)
}

function readTextOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
}
