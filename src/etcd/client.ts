import { Etcd3 } from 'etcd3'
import type { EtcdEndpoint } from './endpoint.js'
import { usesTls } from './security.js'

/**
 * A client for the members `endpoint` names, over TLS and as its user when it says so. An
 * answer may be as large as etcd sends: gRPC's default cap of 4 MiB per message refused the
 * list of a few thousand objects (`RESOURCE_EXHAUSTED`), which a leader's sync, a standby
 * and `get --store` all read in one range.
 */
export function etcdClient(endpoint: EtcdEndpoint): Etcd3 {
  const { security } = endpoint
  return new Etcd3({
    hosts: [...endpoint.hosts],
    dialTimeout: 3000,
    grpcOptions: { 'grpc.max_receive_message_length': -1 },
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
