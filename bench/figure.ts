/**
 * One measured figure with the floor it is judged against. `ratio` is always
 * a cost ratio (measured cost / floor cost, so 1 = as cheap as the floor);
 * for throughputs that is floor rate / measured rate.
 */
export interface Figure {
  readonly part: string
  readonly name: string
  readonly value: number
  readonly unit: string
  readonly floorName: string
  readonly floorUnit: string
  readonly floor: number | undefined
  readonly ratio: number | undefined
  /** The target in words, e.g. `≤ 2× floor`. */
  readonly target: string
  readonly met: boolean | undefined
  readonly details?: Readonly<Record<string, unknown>>
}
