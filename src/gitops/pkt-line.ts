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

/**
 * The packets of a byte stream, however its chunks split them. Ends when the input ends at
 * a packet boundary; throws `PktLineError` on a bad header or a packet cut short.
 */
export async function* readPackets(input: AsyncIterable<Buffer>): AsyncGenerator<Packet> {
  let pending: Buffer = Buffer.alloc(0)
  for await (const chunk of input) {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk])
    let at = 0
    while (pending.length - at >= 4) {
      const length = headerLength(pending, at)
      if (length === 0) {
        at += 4
        yield FLUSH
        continue
      }
      if (pending.length - at < length) break
      // A copy: the chunk's memory is reused by the stream once this generator moves on.
      yield Buffer.from(pending.subarray(at + 4, at + length))
      at += length
    }
    pending = pending.subarray(at)
  }
  if (pending.length > 0) throw new PktLineError(`input ended inside a packet (${pending.length} bytes left)`)
}

function headerLength(bytes: Buffer, at: number): number {
  const header = bytes.toString('latin1', at, at + 4)
  if (!/^[0-9a-f]{4}$/.test(header)) throw new PktLineError(`bad pkt-line header ${JSON.stringify(header)}`)
  const length = Number.parseInt(header, 16)
  if (length !== 0 && length < 4) {
    throw new PktLineError(`pkt-line header ${header} is not a flush or a data packet`)
  }
  return length
}
