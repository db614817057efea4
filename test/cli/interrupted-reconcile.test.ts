import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { berthInProcess } from './cli-harness.js'

let dir = ''
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const FILES = 600
const serviceText = (i: number) =>
  `apiVersion: berth.dev/v1\nkind: Service\nmetadata:\n  name: s${i}\nspec:\n  image: nginx\n`

test('SIGINT while reconcile writes status: the writes under way finish, no more start, no temp file is left', async () => {
  // Ctrl-C in the middle of the writes killed berth with up to 64 temp files
  // (`.s12.yaml.berth-tmp-…`) left in the person's folders, and only the daemon cleaned them.
  dir = mkdtempSync(join(tmpdir(), 'berth-interrupt-'))
  writeFileSync(join(dir, 'node.yaml'), 'apiVersion: berth.dev/v1\nkind: Node\nmetadata: {name: n1}\n')
  mkdirSync(join(dir, 'svc'))
  for (let i = 0; i < FILES; i++) writeFileSync(join(dir, 'svc', `s${i}.yaml`), serviceText(i))
  let sent = false
  const run = await berthInProcess(['reconcile', '--dir', dir], {
    cwd: dir,
    terminal: true,
    // The progress line says the writes began: a person presses Ctrl-C now.
    onErr: (text) => {
      if (sent || !/writing status \d+\//.test(text)) return
      sent = true
      process.emit('SIGINT')
    },
  })
  expect(sent).toBe(true)
  expect(run.code).toBe(130)
  const stopped = /SIGINT: stopped after (\d+) of (\d+) status writes; every file is whole/.exec(run.err)
  expect(stopped?.[2]).toBe(String(FILES + 1))
  const names = readdirSync(join(dir, 'svc'))
  expect(names.filter((n) => n.startsWith('.'))).toEqual([])
  // Each file is as it was or whole with its status; fewer than all were written.
  const written = names.filter((n) => {
    const text = readFileSync(join(dir, 'svc', n), 'utf8')
    const i = Number(n.slice(1, -'.yaml'.length))
    if (text === serviceText(i)) return false
    expect(text.startsWith(serviceText(i))).toBe(true)
    expect(text).toMatch(/\nstatus:\n[\s\S]*observedGeneration: 1\n/)
    return true
  })
  expect(written.length).toBeLessThan(FILES)
  expect(
    String(written.length + (readFileSync(join(dir, 'node.yaml'), 'utf8').includes('status:') ? 1 : 0)),
  ).toBe(stopped?.[1])
  // The signal is given back: no listener of berth's is left behind.
  expect(process.listenerCount('SIGINT')).toBe(0)
  // The next run finishes the job.
  expect((await berthInProcess(['reconcile', '--dir', dir], { cwd: dir })).code).toBe(0)
})
