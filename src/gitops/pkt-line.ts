/**
 * git's pkt-line framing: each packet is four lowercase hex digits giving its whole length
 * (header included) followed by the payload; `0000` is a flush packet that ends a list. A
 * payload holds at most 65516 bytes. Used by the long-running filter protocol.
 */

/** The largest payload one packet carries. */
export const MAX_PAYLOAD = 65516

/** A packet as read: its payload, or `FLUSH` for a flush packet. */
export const FLUSH = null
export type Packet = Buffer | typeof FLUSH

const FLUSH_BYTES = Buffer.from('0000', 'latin1')

/** A protocol violation: a malformed header, a packet cut off by the end of input. */
export class PktLineError extends Error {}

/** One packet around `payload` (at most `MAX_PAYLOAD` bytes). */
export function encodePacket(payload: Buffer): Buffer {
  if (payload.length === 0 || payload.length > MAX_PAYLOAD) {
    throw new PktLineError(`a packet carries 1 to ${MAX_PAYLOAD} bytes, not ${payload.length}`)
  }
  const header = Buffer.from((payload.length + 4).toString(16).padStart(4, '0'), 'latin1')
  return Buffer.concat([header, payload])
}

/** A text packet: the line with its trailing line feed, as git writes them. */
export function textPacket(line: string): Buffer {
  return encodePacket(Buffer.from(`${line}\n`, 'utf8'))
}

export function flushPacket(): Buffer {
  return FLUSH_BYTES
}

/** `content` cut into as many packets as it needs (none for empty content), without the flush. */
export function contentPackets(content: Buffer): Buffer[] {
  const packets: Buffer[] = []
  for (let at = 0; at < content.length; at += MAX_PAYLOAD)
    packets.push(encodePacket(content.subarray(at, at + MAX_PAYLOAD)))
  return packets
}

/** The text of a text packet, without its trailing line feed (git's `packet_read_line`). */
export function packetText(packet: Buffer): string {
  const text = packet.toString('utf8')
  return text.endsWith('\n') ? text.slice(0, -1) : text
}

const EMPTY = Buffer.alloc(0)

/**
 * Reads the packets of a byte stream, however its chunks split them, one `next()` at a time
 * and without waiting on anything but the source: a filter that answers git in strict turns
 * pays no promise or event-loop turn per packet. A packet is a view into its chunk, so the
 * source must not reuse a chunk's memory once it has handed it over.
 */
export class PacketReader {
  #pending: Buffer = EMPTY
  #at = 0

  constructor(private readonly chunks: Iterator<Buffer>) {}

  /**
   * The next packet; undefined when the input ends at a packet boundary. Throws
   * `PktLineError` on a bad header or a packet cut short by the end of input.
   */
  next(): Packet | undefined {
    for (;;) {
      const left = this.#pending.length - this.#at
      if (left >= 4) {
        const length = headerLength(this.#pending, this.#at)
        if (length === 0) {
          this.#at += 4
          return FLUSH
        }
        if (left >= length) {
          const packet = this.#pending.subarray(this.#at + 4, this.#at + length)
          this.#at += length
          return packet
        }
      }
      const chunk = this.chunks.next()
      if (chunk.done) {
        if (left > 0) throw new PktLineError(`input ended inside a packet (${left} bytes left)`)
        return undefined
      }
      this.#pending =
        left === 0 ? chunk.value : Buffer.concat([this.#pending.subarray(this.#at), chunk.value])
      this.#at = 0
    }
  }
}

/** The value of one hex digit (either case, as git's own reader accepts); -1 for anything else. */
function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30
  if (c >= 0x61 && c <= 0x66) return c - 0x57
  if (c >= 0x41 && c <= 0x46) return c - 0x37
  return -1
}

function headerLength(bytes: Buffer, at: number): number {
  let length = 0
  for (let i = at; i < at + 4; i++) {
    const digit = hexDigit(bytes[i] as number)
    if (digit < 0) {
      throw new PktLineError(`bad pkt-line header ${JSON.stringify(bytes.toString('latin1', at, at + 4))}`)
    }
    length = length * 16 + digit
  }
  if (length !== 0 && length < 4) {
    const header = bytes.toString('latin1', at, at + 4)
    throw new PktLineError(`pkt-line header ${header} is not a flush or a data packet`)
  }
  return length
}
