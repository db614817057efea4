import path from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { berth, edit } from '../e2e/berth-cli.js'
import { demoRepo, git, isolateGit, scratch } from './git-fixture.js'

beforeAll(async () => {
  await isolateGit()
})

interface Plan {
  changes: { file: string; resources: string[] }[]
  tasks: {
    service: string
    task: string
    slot: number | null
    from: string | null
    to: string | null
    action: string
    reason: string | null
  }[]
  wouldChange: boolean
}

describe('berth plan on a branch, for review', { timeout: 60_000 }, () => {
  test('-o json lists the placements the change would move; --exit-code gates', async () => {
    const repo = await demoRepo(await scratch('plan'))
    const dir = path.join(repo, 'manifests')
    const clean = await berth(['plan', '-o', 'json', '--dir', dir])
    expect(clean.code).toBe(0)
    expect(JSON.parse(clean.stdout)).toEqual({ changes: [], tasks: [], wouldChange: false })

    await git(repo, 'checkout', '-q', '-b', 'weave-on-node1-only')
    await edit(path.join(dir, 'plugins/weave2.yaml'), 'nodes: [node1, node2]', 'nodes: [node1]')
    await git(repo, 'commit', '-q', '-am', 'Weave on node1 only')

    const json = await berth(['plan', '-o', 'json', '--exit-code', '--dir', dir])
    expect(json.code).toBe(1)
    const plan = JSON.parse(json.stdout) as Plan
    expect(plan.wouldChange).toBe(true)
    expect(plan.changes.map((c) => c.file)).toContain('services/myservice.yaml')
    expect(plan.changes.find((c) => c.file === 'services/myservice.yaml')?.resources).toEqual([
      'Service/myservice',
    ])
    const moved = plan.tasks.filter((t) => t.service === 'myservice' && t.action === 'moved')
    expect(moved).toHaveLength(4)
    for (const t of moved) {
      expect(t).toMatchObject({ from: 'node2', to: 'node1' })
      expect(t.task).toBe(`myservice.${t.slot}`)
      expect(t.reason).toContain('missing network plugin bboreham/weave2:latest on node2')
    }
    expect(json.stderr).toBe('')

    const text = await berth(['plan', '--dir', dir])
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/service\/myservice: myservice\.\d moved node2 → node1/)
    // Nothing was written.
    expect(await git(repo, 'status', '--porcelain')).toBe('')
  })
})
