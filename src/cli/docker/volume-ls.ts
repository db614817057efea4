import type { Resource } from '../../model/resource.js'
import { renderTable } from '../table.js'

/** `docker volume ls`: DRIVER, VOLUME NAME. */
export function volumeLs(volumes: readonly Resource<'Volume'>[]): string {
  return renderTable(
    ['DRIVER', 'VOLUME NAME'],
    volumes.map((v) => [v.spec.driver, v.name]),
  )
}
