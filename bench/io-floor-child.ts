/**
 * The I/O floor as a fresh process has it: `node dist/bench/io-floor-child.js DIR` reads
 * and hashes every manifest file of DIR, then exits.
 */
import { ioFloor } from './yaml-floor.js'

const dir = process.argv[2]
if (!dir) throw new Error('usage: io-floor-child.js DIR')
await ioFloor(dir)
