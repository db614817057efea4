import { Command } from 'commander'
import type { App } from '../app.js'
import { serviceLs } from '../docker/service-ls.js'
import { reconcileAndWrite } from '../reconcile-and-write.js'

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
      const started = performance.now()
      const { exitCode, result, written } = await reconcileAndWrite(app, cmd.optsWithGlobals())
      if (!result?.report) return done(exitCode)
      const ms = Math.round(performance.now() - started)
      const total = result.tree.resources.length
      const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
      app.io.out(
        `reconciled ${plural(total, 'resource')} in ${ms} ms: ${plural(written.length, 'file')} written\n`,
      )
      const services = result.store.list('Service')
      if (services.length > 0) app.io.out(`\n${serviceLs(services)}`)
      done(exitCode)
    })
}
