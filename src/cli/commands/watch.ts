import { Command, Option } from 'commander'
import { startDaemon } from '../../daemon/daemon.js'
import { LockedError, lockDirectory } from '../../daemon/lock.js'
import type { LogFormat } from '../../daemon/logger.js'
import { createLogger } from '../../daemon/logger.js'
import type { App } from '../app.js'
import { CliError } from '../app.js'

/** `berth watch`: the daemon. Reconciles, then follows every change until SIGINT/SIGTERM. */
export function watchCommand(app: App, done: (code: number) => void): Command {
  return new Command('watch')
    .description('the daemon: reconcile, then follow every change to the manifests until SIGINT/SIGTERM')
    .addOption(
      new Option('--log-format <format>', 'log lines for people or machines')
        .choices(['text', 'json'])
        .default('text'),
    )
    .option('--poll', 'poll the files instead of using OS file events (network file systems, inotify limits)')
    .addHelpText(
      'after',
      [
        '',
        'One daemon per directory; a second one refuses to start. Invalid edits are logged as',
        'file:line:col and their last good content stays in force.',
        '',
        'Examples:',
        '  berth watch',
        '  berth watch --dir ./cluster --log-format json',
      ].join('\n'),
    )
    .action(async (_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals()
      const dir = app.dir(opts)
      let lock: Awaited<ReturnType<typeof lockDirectory>>
      try {
        lock = await lockDirectory(dir)
      } catch (error) {
        if (error instanceof LockedError) throw new CliError(error.message)
        if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          throw new CliError(`no such directory: ${dir}`)
        throw error
      }
      const log = createLogger(opts.logFormat as LogFormat, app.io.err, app.clock.iso)
      const daemon = await startDaemon({
        dir,
        validator: app.validator(),
        registry: app.registry(opts),
        clock: app.clock,
        log,
        poll: opts.poll === true,
      })
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          log.info(`${signal}: finishing in-flight writes and stopping`)
          process.off('SIGINT', onInt)
          process.off('SIGTERM', onTerm)
          void daemon.stop().then(resolve)
        }
        const onInt = () => stop('SIGINT')
        const onTerm = () => stop('SIGTERM')
        process.on('SIGINT', onInt)
        process.on('SIGTERM', onTerm)
      })
      await lock.release()
      done(0)
    })
}
