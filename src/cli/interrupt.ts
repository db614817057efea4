/** A signal that asked a one-shot command to stop, while it is held off. */
export interface HeldSignals {
  /** The first SIGINT or SIGTERM received since `holdSignals`, if any. */
  received(): 'SIGINT' | 'SIGTERM' | undefined
  /** Gives SIGINT and SIGTERM back their usual effect. */
  release(): void
}

/** The exit code of a process stopped by the signal, as a shell reports it (128 + its number). */
export const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const

/**
 * Holds SIGINT and SIGTERM off while a command does what must not be cut short (the status
 * writes under way: a killed write leaves its temp file behind): the command sees the signal
 * through `received`, stops starting work, finishes what is under way and exits. A second
 * signal while held stops the process at once, as a person pressing Ctrl-C twice means.
 */
export function holdSignals(): HeldSignals {
  let first: 'SIGINT' | 'SIGTERM' | undefined
  const on = (signal: 'SIGINT' | 'SIGTERM') => () => {
    if (first) process.exit(SIGNAL_EXIT[signal])
    first = signal
  }
  const onInt = on('SIGINT')
  const onTerm = on('SIGTERM')
  process.on('SIGINT', onInt)
  process.on('SIGTERM', onTerm)
  return {
    received: () => first,
    release() {
      process.off('SIGINT', onInt)
      process.off('SIGTERM', onTerm)
    },
  }
}
