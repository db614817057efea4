import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { tempMarker } from '../../io/atomic-write.js'

/**
 * Creates a new file with `data`, making its folders, without ever replacing an existing one:
 * the content goes to a temporary file first and is hard-linked into place, which fails when
 * the name is taken. Returns 'exists' in that case.
 */
export async function createFileExclusive(file: string, data: string): Promise<'created' | 'exists'> {
  const folder = path.dirname(file)
  await fs.mkdir(folder, { recursive: true })
  const temp = path.join(
    folder,
    `.${path.basename(file)}${tempMarker}${process.pid}-${randomBytes(6).toString('hex')}`,
  )
  const handle = await fs.open(temp, 'wx', 0o666)
  try {
    await handle.writeFile(data, 'utf8')
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await fs.link(temp, file)
    return 'created'
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'exists'
    throw error
  } finally {
    await fs.unlink(temp)
  }
}
