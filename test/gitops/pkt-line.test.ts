import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { serveFilterProcess } from '../../src/gitops/filter-process.js'
import {
  contentPackets,
  FLUSH,
  flushPacket,
  MAX_PAYLOAD,
  type Packet,
  PacketReader,
  PktLineError,
  textPacket,
} from '../../src/gitops/pkt-line.js'

function* chunks(bytes: Buffer, cuts: readonly number[]): Generator<Buffer> {
  let at = 0
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= at || cut >= bytes.length) continue
    yield bytes.subarray(at, cut)
    at = cut
  }
  yield bytes.subarray(at)
}

function collect(input: Iterable<Buffer>): Packet[] {
  const reader = new PacketReader(input[Symbol.iterator]())
  const out: Packet[] = []
  for (let packet = reader.next(); packet !== undefined; packet = reader.next()) out.push(packet)
  return out
}

describe('pkt-line', () => {
  test('packets read back the same however the stream is cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.option(fc.uint8Array({ minLength: 1, maxLength: 300 }), { nil: null }), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        async (payloads, cuts) => {
          const wire = Buffer.concat(
            payloads.map((p) => (p === null ? flushPacket() : (contentPackets(Buffer.from(p))[0] as Buffer))),
          )
          const read = collect(chunks(wire, cuts))
          expect(read).toEqual(payloads.map((p) => (p === null ? FLUSH : Buffer.from(p))))
        },
      ),
      { numRuns: 100, seed: 20261201 },
    )
  })

  test('content longer than one packet is split at 65516 bytes', () => {
    const packets = contentPackets(Buffer.alloc(MAX_PAYLOAD * 2 + 1, 0x61))
    expect(packets.map((p) => p.length)).toEqual([65520, 65520, 5])
    expect(packets[0]?.subarray(0, 4).toString()).toBe('fff0')
    expect(contentPackets(Buffer.alloc(0))).toEqual([])
  })

  test.each([
    ['a header that is not hex', Buffer.from('zz12abc')],
    ['a packet cut short by the end of input', Buffer.from('000aabc')],
    ['a delimiter packet (protocol v2 only)', Buffer.from('0001')],
  ])('%s is a protocol error', async (_name, wire) => {
    expect(() => collect(chunks(wire, []))).toThrow(PktLineError)
  })
})

/** What berth answers to a scripted git, as a list of text lines and `<flush>` marks. */
async function converse(request: Buffer[]): Promise<{ lines: string[]; served: number }> {
  const written: Buffer[] = []
  const served = await serveFilterProcess(
    chunks(Buffer.concat(request), [3, 17, 40]),
    (b) => void written.push(b),
    (content) => Buffer.from(content.toString().toUpperCase()),
  )
  const lines = collect(chunks(Buffer.concat(written), [])).map((p) =>
    p === FLUSH ? '<flush>' : p.toString(),
  )
  return { lines, served }
}

const hello = [textPacket('git-filter-client'), textPacket('version=2'), flushPacket()]
const caps = [textPacket('capability=clean'), textPacket('capability=smudge'), flushPacket()]

describe('the long-running filter protocol', () => {
  test('handshake, capabilities, then one answer per file', async () => {
    const file = (name: string, body: string) => [
      textPacket('command=clean'),
      textPacket(`pathname=${name}`),
      flushPacket(),
      ...contentPackets(Buffer.from(body)),
      flushPacket(),
    ]
    const { lines, served } = await converse([
      ...hello,
      ...caps,
      ...file('a.yaml', 'abc'),
      ...file('e.yaml', ''),
    ])
    expect(served).toBe(2)
    expect(lines).toEqual([
      'git-filter-server\n',
      'version=2\n',
      '<flush>',
      // Smudge too (content unchanged): a required process filter must take both.
      'capability=clean\n',
      'capability=smudge\n',
      '<flush>',
      'status=success\n',
      '<flush>',
      'ABC',
      '<flush>',
      '<flush>',
      'status=success\n',
      '<flush>',
      // An empty file: no content packet at all.
      '<flush>',
      '<flush>',
    ])
  })

  test('a client without version 2 is refused', async () => {
    const old = [textPacket('git-filter-client'), textPacket('version=1'), flushPacket()]
    await expect(converse(old)).rejects.toThrow(/berth speaks version=2/)
  })

  test('smudge gives the content back unchanged', async () => {
    const { lines } = await converse([
      ...hello,
      ...caps,
      textPacket('command=smudge'),
      textPacket('pathname=a'),
      flushPacket(),
      ...contentPackets(Buffer.from('status: x\n')),
      flushPacket(),
    ])
    expect(lines.slice(6)).toEqual(['status=success\n', '<flush>', 'status: x\n', '<flush>', '<flush>'])
  })

  test('a request for something not agreed gets status=error, and the next file is still served', async () => {
    const { lines, served } = await converse([
      ...hello,
      ...caps,
      textPacket('command=list_available_blobs'),
      textPacket('pathname=a'),
      flushPacket(),
      flushPacket(),
      textPacket('command=clean'),
      flushPacket(),
      ...contentPackets(Buffer.from('x')),
      flushPacket(),
    ])
    expect(served).toBe(1)
    expect(lines.slice(6)).toEqual([
      'status=error\n',
      '<flush>',
      'status=success\n',
      '<flush>',
      'X',
      '<flush>',
      '<flush>',
    ])
  })
})
