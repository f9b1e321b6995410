import { describe, expect, it } from 'vitest';
import { ISTIO_INBOUND_CAPTURE_PORT, ISTIO_OUTBOUND_CAPTURE_PORT, serverSidecarBootstrap, clientSidecarBootstrap } from './istio-layout.js';
import type { ClientSidecarSpec, ServerSidecarSpec } from './bootstrap.js';

const tls = { certChainPath: '/c', privateKeyPath: '/k', trustedCaPath: '/ca' };
const server = (mode: 'STRICT' | 'PERMISSIVE' | 'DISABLE'): ServerSidecarSpec => ({
  nodeId: 'sample-api-v1',
  adminSocket: '/a.sock',
  listen: { address: '198.18.0.2', port: 8080 },
  protocol: 'http',
  servicePort: 8080,
  inbound: { mode, portModes: {} },
  app: { address: '198.18.0.2', port: 8080 },
  tls,
  trustDomain: 'cluster.local',
  istio: true,
});

type Listener = { name: string; address: { socket_address: { port_value: number } }; filter_chains: Array<{ filter_chain_match?: Record<string, unknown> }>; use_original_dst?: boolean; bind_to_port?: boolean };
const listeners = (b: Record<string, unknown>) => (b.static_resources as { listeners: Listener[] }).listeners;

describe('Istio listener layout', () => {
  it('inbound: one virtualInbound on 15006; STRICT has TLS chains only (Istio ALPN → HTTP, other TLS → TCP)', () => {
    const [inbound, ...rest] = listeners(serverSidecarBootstrap(server('STRICT')));
    expect(rest).toEqual([]);
    expect(inbound!.name).toBe('virtualInbound');
    expect(inbound!.address.socket_address.port_value).toBe(ISTIO_INBOUND_CAPTURE_PORT);
    const matches = inbound!.filter_chains.map((c) => c.filter_chain_match);
    expect(matches.every((m) => m?.transport_protocol === 'tls' && m.destination_port === 8080)).toBe(true);
    expect(matches[0]?.application_protocols).toContain('istio-peer-exchange');
  });

  it('inbound: PERMISSIVE adds a plaintext chain; DISABLE has only that', () => {
    const permissive = listeners(serverSidecarBootstrap(server('PERMISSIVE')))[0]!.filter_chains.map((c) => c.filter_chain_match?.transport_protocol);
    expect(permissive).toEqual(['tls', 'tls', 'raw_buffer']);
    const disable = listeners(serverSidecarBootstrap(server('DISABLE')))[0]!.filter_chains.map((c) => c.filter_chain_match?.transport_protocol);
    expect(disable).toEqual(['raw_buffer']);
  });

  it('outbound: virtualOutbound on 15001 hands off by original destination to 0.0.0.0_<port>, not bound itself', () => {
    const spec: ClientSidecarSpec = {
      nodeId: 'loadgen',
      adminSocket: '/a.sock',
      listen: { address: '198.18.0.1', port: 20000 },
      protocol: 'http',
      serviceName: 'sample-api',
      servicePort: 8080,
      policy: { tlsMode: 'ISTIO_MUTUAL', subsets: [], routes: [{ name: 'default', matches: [], destinations: [{ subset: '', weight: 100 }] }] },
      tls,
      serverSpiffeId: 'spiffe://cluster.local/ns/default/sa/sample-api',
      upstreams: { v1: { address: '198.18.0.2', port: 8080 } },
      istio: { service: { address: '198.18.0.2', port: 8080 } },
    };
    const [virtual, service] = listeners(clientSidecarBootstrap(spec));
    expect(virtual!.name).toBe('virtualOutbound');
    expect(virtual!.use_original_dst).toBe(true);
    expect(virtual!.address.socket_address.port_value).toBe(ISTIO_OUTBOUND_CAPTURE_PORT);
    expect(service!.name).toBe('0.0.0.0_8080');
    expect(service!.bind_to_port).toBe(false);
  });
});
