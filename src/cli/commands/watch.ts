import { Command, Option } from 'commander'
import { startDaemon } from '../../daemon/daemon.js'
import { LockedError, lockDirectory } from '../../daemon/lock.js'
import type { LogFormat } from '../../daemon/logger.js'
import { createLogger } from '../../daemon/logger.js'
import type { EtcdInstanceOptions } from '../../etcd/instance.js'
import { parseStoreOptions } from '../../etcd/store-flags.js'
import type { GitSide } from '../../gitops/git-side.js'
import { checkGitSide, GitOptionsError, startGitSide } from '../../gitops/git-side.js'
import { parseInterval } from '../../gitops/interval.js'
import { openRepo } from '../../gitops/repo.js'
import { filterActive } from '../../gitops/setup.js'
import type { ListenAddress } from '../../observe/listen-address.js'
import { parseListenAddress } from '../../observe/listen-address.js'
import type { Observability } from '../../observe/observe.js'
import type { App } from '../app.js'
import { CliError } from '../app.js'
import { storeUsage } from './store-guard.js'

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
    .option(
      '--git-remote <remote>',
      'follow this git remote: fetch and fast-forward the checkout (never over local work)',
    )
    .option('--git-branch <branch>', 'the remote branch to follow (default: the checked-out branch)')
    .option('--interval <duration>', 'how often to fetch (500ms, 30s, 5m, 1h)', '30s')
    .option(
      '--commit-status',
      "commit status-only changes after each converged round, as berth <berth@localhost> (not with berth's clean filter or --git-remote)",
    )
    .option(
      '--listen <addr>',
      'serve /metrics, /healthz, /readyz and a live page at / on HOST:PORT (loopback unless a token is set)',
    )
    .option(
      '--listen-token <token>',
      'require Authorization: Bearer TOKEN on every request (default: $BERTH_LISTEN_TOKEN); needed to bind beyond loopback',
    )
    .option('--lease-ttl <duration>', 'with --store: the leader lease; a standby takes over within it', '15s')
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
        '  berth watch --git-remote origin --git-branch main --interval 30s',
        '  berth watch --listen 127.0.0.1:9100          # then open http://127.0.0.1:9100/',
        '  BERTH_LISTEN_TOKEN=s3cret berth watch --listen 0.0.0.0:9100',
        '  berth watch --store etcd://127.0.0.1:2379,127.0.0.1:22379,127.0.0.1:32379 --lease-ttl 15s',
        '',
        "In a git checkout with berth's clean filter (berth git setup), status writes are kept out",
        'of `git status`. --git-remote never rewrites local commits or discards local edits: when',
        'it cannot fast-forward it keeps reconciling what is checked out and logs what to run.',
      ].join('\n'),
    )
    .action(async (_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals()
      const dir = app.dir(opts)
      const listen = listenOptions(opts as ListenOptions, app.env)
      const etcd = storeUsage(() => parseStoreOptions(opts, app.env))
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
      let git: Awaited<ReturnType<typeof gitSide>>
      try {
        git = await gitSide(dir, opts as GitWatchOptions, log)
      } catch (error) {
        await lock.release()
        throw error
      }
      let observe: Observability | undefined
      if (listen) {
        try {
          // Loaded only with --listen: prom-client costs every other command's start-up.
          const { startObservability } = await import('../../observe/observe.js')
          observe = await startObservability({ ...listen, title: dir })
        } catch (error) {
          await lock.release()
          throw new CliError(`--listen ${opts.listen}: ${(error as Error).message}`)
        }
        log.info(`serving metrics and the live page on ${observe.url}/`)
      }
      // Signals are caught from here on, start-up included: a stop waits for in-flight writes.
      let stopped: string | undefined
      let wake: (() => void) | undefined
      let exitCode = 0
      const stop = (signal: string) => {
        if (stopped) return
        stopped = signal
        log.info(`${signal}: finishing in-flight writes and stopping`)
        wake?.()
      }
      const onInt = () => stop('SIGINT')
      const onTerm = () => stop('SIGTERM')
      process.on('SIGINT', onInt)
      process.on('SIGTERM', onTerm)
      try {
        const daemonOptions = {
          dir,
          validator: app.validator(),
          registry: app.registry(opts),
          clock: app.clock,
          log,
          poll: opts.poll === true,
          onFatal: () => {
            exitCode = 1
            stop('fatal error')
          },
          ...(git ? { onSettled: git.settled } : {}),
          ...(observe ? { observer: observe.observer } : {}),
        }
        const daemon = etcd
          ? await startOnEtcd({ ...daemonOptions, ...etcd })
          : await startDaemon(daemonOptions)
        if (!stopped) await git?.start()
        if (!stopped) await new Promise<void>((resolve) => (wake = resolve))
        await (git?.stop() ?? Promise.resolve())
        await daemon.stop()
      } finally {
        process.off('SIGINT', onInt)
        process.off('SIGTERM', onTerm)
        await observe?.close()
      }
      await lock.release()
      done(exitCode)
    })
}

/**
 * A daemon instance over etcd (leader or standby). The etcd client (grpc and its protobuf
 * definitions) is loaded only here: it would cost every other command's start-up.
 */
async function startOnEtcd(options: EtcdInstanceOptions) {
  const { startEtcdInstance, EtcdUnreachableError } = await import('../../etcd/instance.js')
  return startEtcdInstance(options).catch((error: unknown) => {
    throw error instanceof EtcdUnreachableError ? new CliError(error.message) : error
  })
}

interface ListenOptions {
  listen?: string
  listenToken?: string
}

/**
 * `--listen` and its token, checked before anything starts: a bad address, or a
 * bind reachable from other machines without a token, is a usage error (exit 2).
 */
function listenOptions(
  opts: ListenOptions,
  env: NodeJS.ProcessEnv,
): { address: ListenAddress; token: string | undefined } | undefined {
  const token = opts.listenToken ?? (env.BERTH_LISTEN_TOKEN || undefined)
  if (opts.listen === undefined) {
    if (opts.listenToken !== undefined) throw new CliError('--listen-token needs --listen', 2)
    return undefined
  }
  const address = parseListenAddress(opts.listen)
  if (typeof address === 'string') throw new CliError(address, 2)
  if (token === '') throw new CliError('--listen-token: the token is empty', 2)
  if (!address.loopback && token === undefined)
    throw new CliError(
      `--listen ${opts.listen} is reachable from other machines: set --listen-token or $BERTH_LISTEN_TOKEN, or listen on 127.0.0.1`,
      2,
    )
  return { address, token }
}

/** The git options of `berth watch`. */
interface GitWatchOptions {
  gitRemote?: string
  gitBranch?: string
  interval: string
  commitStatus?: boolean
}

/**
 * The daemon's git side, when there is one to run: following a remote, committing status,
 * or keeping `git status` clean in a checkout with berth's clean filter. Misused options
 * are usage errors (exit 2); a checkout that cannot do what was asked exits 1.
 */
async function gitSide(
  dir: string,
  opts: GitWatchOptions,
  log: ReturnType<typeof createLogger>,
): Promise<(GitSide & { start(): Promise<void> }) | undefined> {
  const intervalMs = parseInterval(opts.interval)
  if (intervalMs === undefined)
    throw new CliError(
      `--interval: expected a duration such as 500ms, 30s, 5m or 1h, got "${opts.interval}"`,
      2,
    )
  if (opts.gitBranch && !opts.gitRemote) throw new CliError('--git-branch needs --git-remote', 2)
  const wanted = opts.gitRemote !== undefined || opts.commitStatus === true
  const repo = await openRepo(dir)
  if (!repo) {
    if (wanted)
      throw new CliError(`${dir} is not inside a git work tree: --git-remote and --commit-status need one`)
    return undefined
  }
  if (!wanted && !(await filterActive(repo))) return undefined
  let branch = opts.gitBranch
  if (opts.gitRemote && !branch) {
    branch = (await repo.git.run(['symbolic-ref', '--short', '-q', 'HEAD']).catch(() => '')).trim()
    if (!branch)
      throw new CliError(
        'the checkout has no branch checked out: name the one to follow with --git-branch',
        2,
      )
  }
  const options = {
    repo,
    log,
    commitStatus: opts.commitStatus === true,
    safetyNetMs: intervalMs,
    ...(opts.gitRemote && branch ? { upstream: { remote: opts.gitRemote, branch, intervalMs } } : {}),
  }
  const { filtered } = await checkGitSide(options).catch((error: unknown) => {
    if (error instanceof GitOptionsError) throw new CliError(error.message, 2)
    throw error
  })
  let side: GitSide | undefined
  return {
    settled: () => side?.settled() ?? Promise.resolve(),
    // The follower starts after the first round, so a pull is a change the daemon sees.
    async start() {
      side = startGitSide({ ...options, filtered })
    },
    stop: () => side?.stop() ?? Promise.resolve(),
  }
}
