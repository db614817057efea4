import { Etcd3 } from 'etcd3'
import type { EtcdEndpoint } from './endpoint.js'
import { usesTls } from './security.js'

/** A client for the members `endpoint` names, over TLS and as its user when it says so. */
export function etcdClient(endpoint: EtcdEndpoint): Etcd3 {
  const { security } = endpoint
  return new Etcd3({
    hosts: [...endpoint.hosts],
    dialTimeout: 3000,
    ...(security && usesTls(security)
      ? {
          credentials: {
            // Without --etcd-cacert, the system's CAs (grpc takes null for them).
            rootCertificate: security.ca ?? (null as unknown as Buffer),
            ...(security.cert && security.key ? { certChain: security.cert, privateKey: security.key } : {}),
          },
        }
      : {}),
    ...(security?.user ? { auth: { username: security.user.name, password: security.user.password } } : {}),
  })
}
