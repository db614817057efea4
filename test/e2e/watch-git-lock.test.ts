import { readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { expect, test } from 'vitest'
import { demoRepository, keepFresh } from '../support/git-repo.js'
import { documents } from './berth-cli.js'
import { cleanUpAfterEach, startWatch, waitFor } from './daemon.js'

const cleanUp = cleanUpAfterEach()

test('the daemon meets a git command’s index lock: it says it waits for git, names the lock, and writes once git is done', async () => {
  const { root, manifests, lock } = await demoRepository()
  cleanUp.dir(root)
  const daemon = cleanUp.daemon(startWatch(manifests))
  await waitFor(() => daemon.log().includes('watching '), 30_000, 'the first round')
  const file = path.join(manifests, 'services/myservice.yaml')
  // A checkout under way: git holds the lock (created as git does, exclusively) and changes a manifest.
  await writeFile(lock, '', { flag: 'wx' })
  const stopFreshening = keepFresh(lock)
  try {
    await writeFile(file, (await readFile(file, 'utf8')).replace('replicas: 8', 'replicas: 5'))
    await waitFor(() => daemon.log().includes('waiting for git'), 15_000, 'the waiting line')
    const line = daemon.log().match(/.*waiting for git.*/)?.[0]
    expect(line).toContain(
      `waiting for git: ${lock} is held (a checkout, merge or rebase under way); the status of `,
    )
    // The service's file, and the nodes' whose task counts change with it.
    expect(line).toMatch(/of nodes\.yaml, services\/myservice\.yaml written once git is done$/)
    // Nothing written while git holds the lock.
    expect((await documents(file))[0]?.status?.replicas).toEqual({ desired: 8, running: 8 })
  } finally {
    stopFreshening()
  }
  await rm(lock)
  const replicas = async () => JSON.stringify((await documents(file))[0]?.status?.replicas)
  await waitFor(
    async () => (await replicas()) === '{"desired":5,"running":5}',
    15_000,
    'the status once git is done',
  )
  // Said once, and never taken for a person's edits racing berth.
  expect(daemon.log().match(/waiting for git/g)).toHaveLength(1)
  expect(daemon.log()).not.toContain('keeps changing while berth writes')
  expect(await daemon.stop('SIGTERM')).toBe(0)
}, 60_000)
