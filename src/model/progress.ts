/** Long work reports how far it got; the CLI draws it on a terminal and ignores it on a pipe. */
export type Progress = (event: {
  readonly phase: 'load' | 'reconcile' | 'write'
  readonly done: number
  readonly total: number
}) => void

/** Reports every `every` steps and at the end, so a tight loop stays tight. */
export function stepper(
  progress: Progress | undefined,
  phase: 'load' | 'reconcile' | 'write',
  total: number,
  every = 100,
) {
  return (done: number) => {
    if (progress && (done % every === 0 || done === total)) progress({ phase, done, total })
  }
}
