import { afterEach, describe, expect, test } from 'vitest'
import { removeStatus } from '../../src/yamledit/replace-status.js'
import { demoDir } from './harness.js'

let dir: ReturnType<typeof demoDir>
afterEach(() => dir.cleanup())

const FILE = 'services/myservice.yaml'

describe('service update and service rollback edit the manifest in place', () => {
  test('--image and --update-* change only their values; every other byte outside status is kept', async () => {
    dir = demoDir()
    const before = removeStatus(dir.read(FILE))
    const result = await dir.berth(
      'service',
      'update',
      '--image',
      'mrjana/simpleweb:2',
      '--update-parallelism',
      '4',
      '--update-delay',
      '0s',
      'myservice',
      '--no-reconcile',
    )
    expect(result).toMatchObject({ code: 0, out: 'myservice\n', err: '' })
    const after = removeStatus(dir.read(FILE))
    expect(after).toBe(
      before
        .replace('  image: mrjana/simpleweb\n', '  image: mrjana/simpleweb:2\n')
        .replace('{parallelism: 2, delay: 3s,', '{parallelism: 4, delay: 0s,'),
    )
  })

  test('--force bumps spec.forceUpdate and replaces every task', async () => {
    dir = demoDir()
    const ids = (dir.data(FILE, 'myservice').status.tasks as { id: string }[]).map((t) => t.id)
    await dir.berth('service', 'update', '--update-delay', '0s', 'myservice', '--no-reconcile')
    const result = await dir.berth('service', 'update', '--force', 'myservice')
    expect(result.code).toBe(0)
    const { spec, status } = dir.data(FILE, 'myservice')
    expect(spec.forceUpdate).toBe(1)
    const running = status.tasks.filter((t: { desiredState: string }) => t.desiredState === 'running')
    expect(running).toHaveLength(8)
    expect(running.some((t: { id: string }) => ids.includes(t.id))).toBe(false)
  })

  test('usage errors exit 2; a service without a previous spec cannot roll back (exit 1)', async () => {
    dir = demoDir()
    expect((await dir.berth('service', 'update', 'myservice')).code).toBe(2)
    expect((await dir.berth('service', 'update', '--update-delay', 'soon', 'myservice')).code).toBe(2)
    expect((await dir.berth('service', 'update', '--update-order', 'sideways', 'myservice')).code).toBe(2)
    const missing = await dir.berth('service', 'update', '--force', 'nosuch')
    expect(missing).toMatchObject({ code: 1, err: 'berth: no such service: nosuch\n' })
    const rollback = await dir.berth('service', 'rollback', 'myservice')
    expect(rollback.code).toBe(1)
    expect(rollback.err).toContain('does not have a previous spec')
  })

  test('rollback writes previousSpec back: image restored, comments kept, tasks on the old image', async () => {
    dir = demoDir()
    const original = removeStatus(dir.read(FILE))
    await dir.berth('service', 'update', '--update-delay', '0s', 'myservice', '--no-reconcile')
    const configured = removeStatus(dir.read(FILE))
    expect((await dir.berth('service', 'update', '--image', 'mrjana/simpleweb:2', 'myservice')).code).toBe(0)
    expect((await dir.berth('service', 'rollback', 'myservice')).code).toBe(0)
    expect(removeStatus(dir.read(FILE))).toBe(configured)
    expect(configured).not.toBe(original)
    const { status } = dir.data(FILE, 'myservice')
    expect(status.updateStatus.state).toBe('rollback_completed')
    const images = status.tasks
      .filter((t: { desiredState: string }) => t.desiredState === 'running')
      .map((t: { image: string }) => t.image)
    expect(images).toEqual(Array(8).fill('mrjana/simpleweb'))
    // A second rollback has nothing to return to: it says so, rather than print
    // "manually requested rollback" and change nothing.
    const again = await dir.berth('service', 'rollback', 'myservice')
    expect(again).toMatchObject({
      code: 1,
      err: expect.stringContaining(
        'service myservice: its spec already names its previous spec; nothing to roll back',
      ),
    })
    expect(removeStatus(dir.read(FILE))).toBe(configured)
  })

  test('service update --rollback is service rollback; beside another update flag it is refused, naming it', async () => {
    dir = demoDir()
    await dir.berth('service', 'update', '--update-delay', '0s', 'myservice', '--no-reconcile')
    const configured = removeStatus(dir.read(FILE))
    expect((await dir.berth('service', 'update', '--image', 'mrjana/simpleweb:2', 'myservice')).code).toBe(0)
    const updated = dir.read(FILE)
    // As Docker: the rollback alone, never mixed with an edit (nothing is written).
    const mixed = await dir.berth('service', 'update', '--rollback', '--image', 'x:1', '--force', 'myservice')
    expect(mixed).toMatchObject({
      code: 2,
      err: 'berth: --image, --force may not be combined with --rollback\n',
    })
    expect(dir.read(FILE)).toBe(updated)
    const back = await dir.berth('service', 'update', '--rollback', 'myservice')
    expect(back).toMatchObject({ code: 0, out: 'myservice\nrollback: manually requested rollback\n' })
    expect(removeStatus(dir.read(FILE))).toBe(configured)
    expect(dir.data(FILE, 'myservice').status.updateStatus.state).toBe('rollback_completed')
    // The same refusals as service rollback: nothing to return to now.
    expect((await dir.berth('service', 'update', '--rollback', 'myservice')).code).toBe(1)
  })
})
