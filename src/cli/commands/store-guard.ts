import type { Command } from 'commander'
import { CliError } from '../app.js'

/** The commands that understand `--store`: the daemon, and those that read (they read etcd). */
const STORE_COMMANDS = ['watch', 'get', 'describe', 'ls', 'ps']

/**
 * A `preAction` hook: `--store` given to a command that would ignore it (reconcile, plan,
 * apply, scale…) is a usage error rather than a silent run against the directory.
 */
export function storeGuard() {
  return (_program: Command, action: Command): void => {
    if (action.optsWithGlobals().store === undefined || STORE_COMMANDS.includes(action.name())) return
    throw new CliError(
      `--store is for watch and the reading commands (get, describe, ls, ps); \`${action.name()}\` works on the directory (with etcd, edit the directory the leader follows)`,
      2,
    )
  }
}
