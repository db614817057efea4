import { readFileSync, writeFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { ClockError, systemClock } from '../../src/runtime/clock.js'
import { berth, demoCopy } from '../e2e/berth-cli.js'

/** `SOURCE_DATE_EPOCH` pins the time written into status; one berth cannot use is said plainly, once. */
const dirs: string[] = []
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})

test.each([
  ['0', '1970-01-01T00:00:00Z'],
  ['1764324000', '2025-11-28T10:00:00Z'],
  ['253402300799', '9999-12-31T23:59:59Z'],
])('SOURCE_DATE_EPOCH=%s pins the time to %s', (value, iso) => {
  expect(systemClock({ SOURCE_DATE_EPOCH: value }).iso()).toBe(iso)
})

test.each([
  // Milliseconds, as `Date.now()` gives them: a year past 9999 that berth would then refuse to read.
  ['1764324000000', /out of range: .*it looks like milliseconds \(did you mean 1764324000\?\)/],
  ['253402300800', /out of range: expected whole seconds .* to 253402300799 \(9999-12-31T23:59:59Z\)$/],
  // Past what a JavaScript date can hold: used to be a RangeError stack trace.
  ['99999999999999999999', /out of range/],
  ['-1', /SOURCE_DATE_EPOCH="-1": expected whole seconds/],
  ['1764324000.5', /expected whole seconds/],
  ['soon', /expected whole seconds/],
])('SOURCE_DATE_EPOCH=%s is a clear error', (value, message) => {
  expect(() => systemClock({ SOURCE_DATE_EPOCH: value })).toThrow(ClockError)
  expect(() => systemClock({ SOURCE_DATE_EPOCH: value })).toThrow(message)
})

test('berth refuses an unusable SOURCE_DATE_EPOCH before any work (exit 2, no stack trace), and the last second of 9999 round-trips', async () => {
  const dir = await demoCopy()
  dirs.push(dir)
  const file = path.join(dir, 'services', 'myservice.yaml')
  const before = readFileSync(file, 'utf8')
  const bad = await berth(['--dir', dir, 'reconcile'], { SOURCE_DATE_EPOCH: '1764324000000' })
  expect(bad.code).toBe(2)
  expect(bad.stderr).toMatch(/^berth: SOURCE_DATE_EPOCH=1764324000000 is out of range/)
  expect(bad.stderr).not.toMatch(/\n\s+at /)
  expect(readFileSync(file, 'utf8')).toBe(before)
  const fresh = path.join(dir, 'services', 'fresh.yaml')
  writeFileSync(
    fresh,
    'apiVersion: berth.dev/v1\nkind: Service\nmetadata:\n  name: fresh\nspec:\n  image: nginx\n',
  )
  const last = await berth(['--dir', dir, 'reconcile'], { SOURCE_DATE_EPOCH: '253402300799' })
  expect(last.code).toBe(0)
  expect(readFileSync(fresh, 'utf8')).toContain('lastTransitionTime: "9999-12-31T23:59:59Z"')
  const again = await berth(['--dir', dir, 'validate'])
  expect(again.code).toBe(0)
})
