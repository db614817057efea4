import { nameList } from '../model/name-list.js'
import type { Logger } from './logger.js'
import type { Effect } from './machine.js'

/** What the daemon's shell offers the effects: its log, its timers, its rounds. */
export interface EffectPorts {
  /** How a line about a file names it: `/dir/file.yaml:line:col` (see `places.ts`). */
  readonly place: (file: string) => string
  readonly log: Logger
  /** Runs `fn` after `ms` (cancelled when the daemon stops). */
  readonly later: (ms: number, fn: () => void) => void
  /** Owes `file` again, as a changed file, and runs what is owed. */
  readonly retry: (file: string) => void
  /** Runs what is owed. */
  readonly kick: () => void
  /** Tells the caller the daemon cannot go on, and why. */
  readonly fatal: (error: Error) => void
}

/** Carries out the state machine's effects: the log lines a person reads, and the timers. */
export function carryOut(effects: readonly Effect[], ports: EffectPorts): void {
  const { log } = ports
  const where = ports.place
  for (const effect of effects) {
    switch (effect.type) {
      case 'retry-file': {
        const seconds = effect.delayMs / 1000
        if (effect.cause.type === 'write-failed')
          log.error(
            `${where(effect.path)}: cannot write status: ${effect.cause.message}; retrying in ${seconds} s`,
          )
        else
          log.warn(
            `${where(effect.path)}: keeps changing while berth writes its status; giving up for now, looking again in ${seconds} s`,
          )
        ports.later(effect.delayMs, () => ports.retry(effect.path))
        break
      }
      case 'wait-for-git':
        if (effect.announce)
          log.info(
            `waiting for git: ${effect.lock} is held (a checkout, merge or rebase under way); ${waitingFiles(effect.paths)} written once git is done`,
          )
        ports.later(effect.delayMs, () => {
          for (const file of effect.paths) ports.retry(file)
        })
        break
      case 'write-refused':
        // A symlink or a non-regular file: berth never writes through it, so no retry.
        log.error(`${where(effect.path)}: cannot write status: ${effect.message}`)
        break
      case 'retry-round':
        ports.later(effect.delayMs, ports.kick)
        break
      case 'fatal':
        log.error(`${effect.rounds} rounds in a row failed; stopping so that a supervisor can restart berth`)
        ports.fatal(effect.error)
        break
      case 'round':
        // The shell's loop runs it (see `kick`).
        break
    }
  }
}

/** The files whose status waits for git, as the log names them: a few, then how many more. */
function waitingFiles(paths: readonly string[]): string {
  const more = paths.length - 3
  return `the status of ${nameList(paths)}${more > 0 ? ` file${more === 1 ? '' : 's'}` : ''}`
}
