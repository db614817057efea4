import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { berthInProcess } from '../cli/cli-harness.js'

let dir = ''
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** One node with room for one task; `web` takes it all and starts each replacement first. */
function tightCluster(failureAction: string): (...argv: string[]) => ReturnType<typeof berthInProcess> {
  dir = mkdtempSync(join(tmpdir(), 'berth-update-outcome-'))
  writeFileSync(
    join(dir, 'n1.yaml'),
    'apiVersion: berth.dev/v1\nkind: Node\nmetadata: {name: n1}\nspec: {resources: {cpus: 1}}\n',
  )
  writeFileSync(
    join(dir, 'web.yaml'),
    `apiVersion: berth.dev/v1\nkind: Service\nmetadata: {name: web}\nspec:\n  image: nginx:1\n  replicas: 1\n  resources: {reservations: {cpus: 1}}\n  updateConfig: {order: start-first, failureAction: ${failureAction}}\n`,
  )
  return (...argv) => berthInProcess([...argv, '--dir', dir], { cwd: dir })
}

/** The tight cluster reconciled, then `service update --image nginx:2 web`: what that printed and returned. */
async function imageUpdate(failureAction: string) {
  const berth = tightCluster(failureAction)
  expect((await berth('reconcile')).code).toBe(0)
  return { berth, run: await berth('service', 'update', '--image', 'nginx:2', 'web') }
}

test('service update that pauses fails as docker service update does (exit 1, its message); --detach does not wait to judge', async () => {
  // start-first with no room: the update paused, the old task still running, and berth said
  // nothing and exited 0, so a deploy script went on as if nginx:2 ran.
  const { berth, run } = await imageUpdate('pause')
  expect(run).toMatchObject({
    code: 1,
    out: 'web\n',
    err: 'berth: service update paused: update paused due to failure or early termination of task web.1: no suitable node (insufficient resources on 1 node)\n',
  })
  // The edit is written and the status says so: a failed update, not a refused edit.
  expect(readFileSync(join(dir, 'web.yaml'), 'utf8')).toMatch(/image: nginx:2\n[\s\S]*state: paused/)
  const detached = await berth('service', 'update', '--image', 'nginx:3', '--detach', 'web')
  expect(detached.code).toBe(0)
  // Room for the order that frees the old task first: the update completes, exit 0.
  expect((await berth('service', 'update', '--update-order', 'stop-first', 'web')).code).toBe(0)
})

test('service update that rolls back on its own fails (service rolled back); service rollback itself is no failure', async () => {
  const { berth, run } = await imageUpdate('rollback')
  expect(run).toMatchObject({
    code: 1,
    err: "berth: service rolled back: the spec's template fits no node\n",
  })
  expect(readFileSync(join(dir, 'web.yaml'), 'utf8')).toMatch(/state: rollback_completed/)
  // Writing the previous spec back is a rollback asked for: it ends in rollback_completed, exit 0.
  expect((await berth('service', 'rollback', 'web')).code).toBe(0)
})
