import {
  contentPackets,
  FLUSH,
  flushPacket,
  PacketReader,
  PktLineError,
  packetText,
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
 * does not offer `clean`, or the framing breaks. Reading is synchronous (git answers in
 * strict turns, so there is nothing else to do while waiting); only a clean that returns a
 * promise is waited for.
 */
export async function serveFilterProcess(
  input: Iterable<Buffer>,
  write: WriteFn,
  clean: CleanFn,
): Promise<number> {
  const packets = new PacketReader(input[Symbol.iterator]())
  /** Text lines up to a flush; undefined when the input ended before the first line. */
  const readList = (): string[] | undefined => {
    const lines: string[] = []
    for (;;) {
      const packet = packets.next()
      if (packet === undefined) {
        if (lines.length === 0) return undefined
        throw new PktLineError('input ended inside a list')
      }
      if (packet === FLUSH) return lines
      lines.push(packetText(packet))
    }
  }
  const readContent = (): Buffer => {
    const parts: Buffer[] = []
    for (;;) {
      const packet = packets.next()
      if (packet === undefined) throw new PktLineError('input ended inside a file')
      if (packet === FLUSH) return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts)
      parts.push(packet)
    }
  }

  const hello = readList()
  if (hello?.[0] !== 'git-filter-client') {
    throw new PktLineError(`expected git-filter-client, got ${JSON.stringify(hello?.[0] ?? 'nothing')}`)
  }
  if (!hello.includes('version=2')) {
    throw new PktLineError(`git offers ${hello.slice(1).join(', ') || 'no version'}; berth speaks version=2`)
  }
  write(Buffer.concat([textPacket('git-filter-server'), textPacket('version=2'), flushPacket()]))
  const offered = readList() ?? []
  if (!offered.includes('capability=clean')) {
    throw new PktLineError(`git does not offer capability=clean (offered: ${offered.join(', ') || 'none'})`)
  }
  const taken = ['clean', 'smudge'].filter((c) => offered.includes(`capability=${c}`))
  write(Buffer.concat([...taken.map((c) => textPacket(`capability=${c}`)), flushPacket()]))
  const commands: Record<string, CleanFn> = { clean, smudge: (content) => content }

  let cleaned = 0
  for (;;) {
    const request = readList()
    if (request === undefined) return cleaned
    const fields = keyValues(request)
    const content = readContent()
    const command = fields.get('command') ?? ''
    const run = taken.includes(command) ? commands[command] : undefined
    if (!run) {
      // Not agreed: git sends only what was, so this is a confused client.
      write(ERROR_ANSWER)
      continue
    }
    let output: Buffer
    try {
      const answer = run(content, fields.get('pathname') ?? '')
      output = answer instanceof Promise ? await answer : answer
    } catch {
      write(ERROR_ANSWER)
      continue
    }
    write(Buffer.concat([SUCCESS_HEADER, ...contentPackets(output), FLUSH_FLUSH]))
    if (command === 'clean') cleaned++
  }
}

const ERROR_ANSWER = Buffer.concat([textPacket('status=error'), flushPacket()])
const SUCCESS_HEADER = Buffer.concat([textPacket('status=success'), flushPacket()])
/** The end of the content, then the empty list that keeps the status. */
const FLUSH_FLUSH = Buffer.concat([flushPacket(), flushPacket()])

function keyValues(lines: readonly string[]): Map<string, string> {
  const fields = new Map<string, string>()
  for (const line of lines) {
    const eq = line.indexOf('=')
    if (eq > 0) fields.set(line.slice(0, eq), line.slice(eq + 1))
  }
  return fields
}
