import {
  contentPackets,
  FLUSH,
  flushPacket,
  type Packet,
  PktLineError,
  packetText,
  readPackets,
  textPacket,
} from './pkt-line.js'

/**
 * git's long-running filter protocol (gitattributes, "Long Running Filter Process"): one
 * process serves every file of a git command. After the handshake (`git-filter-client` /
 * `version=2`, answered `git-filter-server` / `version=2`) and the capability exchange
 * (berth takes `clean` and `smudge`), each request is a list of `key=value`
 * lines (`command=clean`, `pathname=…`, …), a flush, the content, a flush; the answer is
 * `status=success`, a flush, the filtered content, a flush and an empty list (status kept).
 *
 * Smudge (checkout) passes content through unchanged, as the `cat` smudge command does. It
 * must still be claimed: with `filter.<driver>.required`, git fails every checkout of a
 * file whose process filter lacks the smudge capability ("smudge filter … failed").
 */

/** Cleans one file's bytes; `pathname` is the path git names, relative to the repository. */
export type CleanFn = (content: Buffer, pathname: string) => Buffer | Promise<Buffer>

/** Where the answers go. Each call carries one whole answer. */
export type WriteFn = (bytes: Buffer) => void

/**
 * Serves git until it closes the input; resolves with the number of files cleaned. Throws
 * (the process should then exit non-zero) when git speaks something other than version 2 or
 * does not offer `clean`, or the framing breaks.
 */
export async function serveFilterProcess(
  input: AsyncIterable<Buffer>,
  write: WriteFn,
  clean: CleanFn,
): Promise<number> {
  const packets = readPackets(input)[Symbol.asyncIterator]()
  const next = async (): Promise<Packet | undefined> => {
    const r = await packets.next()
    return r.done ? undefined : r.value
  }
  /** Text lines up to a flush; undefined when the input ended before the first line. */
  const readList = async (): Promise<string[] | undefined> => {
    const lines: string[] = []
    for (;;) {
      const packet = await next()
      if (packet === undefined) {
        if (lines.length === 0) return undefined
        throw new PktLineError('input ended inside a list')
      }
      if (packet === FLUSH) return lines
      lines.push(packetText(packet))
    }
  }
  const readContent = async (): Promise<Buffer> => {
    const parts: Buffer[] = []
    for (;;) {
      const packet = await next()
      if (packet === undefined) throw new PktLineError('input ended inside a file')
      if (packet === FLUSH) return Buffer.concat(parts)
      parts.push(packet)
    }
  }

  const hello = await readList()
  if (hello?.[0] !== 'git-filter-client') {
    throw new PktLineError(`expected git-filter-client, got ${JSON.stringify(hello?.[0] ?? 'nothing')}`)
  }
  if (!hello.includes('version=2')) {
    throw new PktLineError(`git offers ${hello.slice(1).join(', ') || 'no version'}; berth speaks version=2`)
  }
  write(Buffer.concat([textPacket('git-filter-server'), textPacket('version=2'), flushPacket()]))
  const offered = (await readList()) ?? []
  if (!offered.includes('capability=clean')) {
    throw new PktLineError(`git does not offer capability=clean (offered: ${offered.join(', ') || 'none'})`)
  }
  const taken = ['clean', 'smudge'].filter((c) => offered.includes(`capability=${c}`))
  write(Buffer.concat([...taken.map((c) => textPacket(`capability=${c}`)), flushPacket()]))
  const commands: Record<string, CleanFn> = { clean, smudge: (content) => content }

  let cleaned = 0
  for (;;) {
    const request = await readList()
    if (request === undefined) return cleaned
    const fields = keyValues(request)
    const content = await readContent()
    const command = fields.get('command') ?? ''
    const run = taken.includes(command) ? commands[command] : undefined
    if (!run) {
      // Not agreed: git sends only what was, so this is a confused client.
      write(Buffer.concat([textPacket('status=error'), flushPacket()]))
      continue
    }
    let output: Buffer
    try {
      output = await run(content, fields.get('pathname') ?? '')
    } catch {
      write(Buffer.concat([textPacket('status=error'), flushPacket()]))
      continue
    }
    write(
      Buffer.concat([
        textPacket('status=success'),
        flushPacket(),
        ...contentPackets(output),
        flushPacket(),
        flushPacket(),
      ]),
    )
    if (command === 'clean') cleaned++
  }
}

function keyValues(lines: readonly string[]): Map<string, string> {
  const fields = new Map<string, string>()
  for (const line of lines) {
    const eq = line.indexOf('=')
    if (eq > 0) fields.set(line.slice(0, eq), line.slice(eq + 1))
  }
  return fields
}
