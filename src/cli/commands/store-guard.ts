import type { Command } from 'commander'
import { EndpointError } from '../../etcd/endpoint.js'
import { checkNoStrayEtcdFlag } from '../../etcd/store-flags.js'
import { CliError } from '../app.js'

/** The commands that understand `--store`: the daemon, and those that read (they read etcd). */
const STORE_COMMANDS = ['watch', 'get', 'describe', 'ls', 'ps']

/**
 * A `preAction` hook: `--store` given to a command that would ignore it (reconcile, plan,
 * apply, scale…) is a usage error rather than a silent run against the directory, and so is
 * an `--etcd-…` flag without `--store`.
 */
export function storeGuard() {
  return (_program: Command, action: Command): void => {
    const opts = action.optsWithGlobals()
    storeUsage(() => checkNoStrayEtcdFlag(opts))
    if (opts.store === undefined || STORE_COMMANDS.includes(action.name())) return
    throw new CliError(
      `--store is for watch and the reading commands (get, describe, ls, ps); \`${action.name()}\` works on the directory (with etcd, edit the directory the leader follows)`,
      2,
    )
  }
}

/** Parses the store flags with `parse`; a misuse (`EndpointError`) is a usage error, exit 2. */
export function storeUsage<T>(parse: () => T): T {
  try {
    return parse()
  } catch (error) {
    if (error instanceof EndpointError) throw new CliError(error.message, 2)
    throw error
  }
}
