#!/usr/bin/env python3
"""Envoy configurations of the waypoint probe (docs/AMBIENT.md): a client Envoy standing in for the
client ztunnel, a waypoint Envoy, a server Envoy standing in for the server ztunnel. Usage:
gen.py <dir> — <dir> holds root-cert.pem and <sa>.pem/<sa>.key for waypoint, server, loadgen, other."""
import json, sys

D = sys.argv[1]

def tls_common(cert, peer_san):
    return {"tls_params": {"tls_minimum_protocol_version": "TLSv1_3", "tls_maximum_protocol_version": "TLSv1_3"}, "alpn_protocols": ["h2"],
            "tls_certificates": [{"certificate_chain": {"filename": f"{D}/{cert}.pem"}, "private_key": {"filename": f"{D}/{cert}.key"}}],
            "validation_context": {"trusted_ca": {"filename": f"{D}/root-cert.pem"}, "match_typed_subject_alt_names": [{"san_type": "URI", "matcher": peer_san}]}}

def downstream_tls(cert, peer_san):
    return {"name": "envoy.transport_sockets.tls", "typed_config": {"@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext", "require_client_certificate": True, "common_tls_context": tls_common(cert, peer_san)}}

def upstream_tls(cert, peer_san):
    return {"name": "envoy.transport_sockets.tls", "typed_config": {"@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext", "common_tls_context": tls_common(cert, peer_san)}}

H2 = {"envoy.extensions.upstreams.http.v3.HttpProtocolOptions": {"@type": "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions", "explicit_http_config": {"http2_protocol_options": {}}}}
ROUTER = {"name": "envoy.filters.http.router", "typed_config": {"@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router"}}
RAW = {"name": "envoy.transport_sockets.raw_buffer", "typed_config": {"@type": "type.googleapis.com/envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer"}}
INTERNAL = [{"name": "envoy.bootstrap.internal_listener", "typed_config": {"@type": "type.googleapis.com/envoy.extensions.bootstrap.internal_listener.v3.InternalListener"}}]

def sock(a, p): return {"socket_address": {"address": a, "port_value": p}}
def admin(p): return {"address": sock("127.0.0.1", p)}

def static_cluster(name, a, p, **kw):
    c = {"name": name, "type": "STATIC", "connect_timeout": "2s", "load_assignment": {"cluster_name": name, "endpoints": [{"lb_endpoints": [{"endpoint": {"address": sock(a, p)}}]}]}}
    c.update(kw)
    return c

def internal_cluster(name, listener):
    return {"name": name, "connect_timeout": "2s",
            "load_assignment": {"cluster_name": name, "endpoints": [{"lb_endpoints": [{"endpoint": {"address": {"envoy_internal_address": {"server_listener_name": listener}}}}]}]},
            "transport_socket": {"name": "envoy.transport_sockets.internal_upstream", "typed_config": {"@type": "type.googleapis.com/envoy.extensions.transport_sockets.internal_upstream.v3.InternalUpstreamTransport", "transport_socket": RAW}}}

def connect_terminate(addr, cert, cluster, extra_filters):
    """HBONE in: TLS 1.3 with a client certificate of the trust domain, HTTP/2 CONNECT terminated, the tunnel's bytes to `cluster`."""
    hcm = {"@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
           "stat_prefix": "connect_terminate", "codec_type": "HTTP2", "http2_protocol_options": {"allow_connect": True}, "upgrade_configs": [{"upgrade_type": "CONNECT"}],
           "route_config": {"virtual_hosts": [{"name": "connect", "domains": ["*"], "routes": [{"match": {"connect_matcher": {}}, "route": {"cluster": cluster, "upgrade_configs": [{"upgrade_type": "CONNECT", "connect_config": {}}]}}]}]},
           "http_filters": extra_filters + [ROUTER]}
    return {"name": "connect_terminate", "address": sock(addr, 25008), "filter_chains": [{"transport_socket": downstream_tls(cert, {"prefix": "spiffe://cluster.local/"}), "filters": [{"name": "envoy.filters.network.http_connection_manager", "typed_config": hcm}]}]}

def tunnel_listener(name, addr, cluster, host):
    """HBONE out: whatever arrives goes through an HTTP/2 CONNECT to `host` on `cluster`."""
    l = {"name": name, "filter_chains": [{"filters": [{"name": "envoy.filters.network.tcp_proxy", "typed_config": {"@type": "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy", "stat_prefix": name, "cluster": cluster, "tunneling_config": {"hostname": host}}}]}]}
    if addr is None: l["internal_listener"] = {}
    else: l["address"] = sock(*addr)
    return l

# The peer's SPIFFE id, from the outer TLS connection, as filter state the inner listener's RBAC can match.
SET_PRINCIPAL = {"name": "envoy.filters.http.set_filter_state", "typed_config": {"@type": "type.googleapis.com/envoy.extensions.filters.http.set_filter_state.v3.Config",
                 "on_request_headers": [{"object_key": "io.istio.peer_principal", "factory_key": "envoy.string", "format_string": {"text_format_source": {"inline_string": "%DOWNSTREAM_PEER_URI_SAN%"}}, "shared_with_upstream": "TRANSITIVE"}]}}
# L7 policy: sa/loadgen may GET; anything else is denied (403).
RBAC = {"name": "envoy.filters.http.rbac", "typed_config": {"@type": "type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC", "rules": {"action": "ALLOW", "policies": {"loadgen-may-GET": {
    "permissions": [{"header": {"name": ":method", "string_match": {"exact": "GET"}}}],
    "principals": [{"filter_state": {"key": "io.istio.peer_principal", "string_match": {"exact": "spiffe://cluster.local/ns/default/sa/loadgen"}}}]}}}}}
MAIN_INTERNAL = {"name": "main_internal", "internal_listener": {}, "filter_chains": [{"filters": [{"name": "envoy.filters.network.http_connection_manager", "typed_config": {
    "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager", "stat_prefix": "main_internal",
    "route_config": {"virtual_hosts": [{"name": "app", "domains": ["*"], "routes": [{"match": {"prefix": "/"}, "route": {"cluster": "originate"}}]}]}, "http_filters": [RBAC, ROUTER]}}]}]}

configs = {
    "waypoint": {"admin": admin(19100), "bootstrap_extensions": INTERNAL, "static_resources": {
        "listeners": [connect_terminate("127.0.0.1", "waypoint", "main_internal", [SET_PRINCIPAL]), MAIN_INTERNAL, tunnel_listener("connect_originate", None, "hbone_server", "127.0.0.1:28080")],
        "clusters": [internal_cluster("main_internal", "main_internal"), internal_cluster("originate", "connect_originate"),
                     static_cluster("hbone_server", "127.0.0.2", 25008, typed_extension_protocol_options=H2, transport_socket=upstream_tls("waypoint", {"exact": "spiffe://cluster.local/ns/default/sa/server"}))]}},
    "server": {"admin": admin(19101), "static_resources": {"listeners": [connect_terminate("127.0.0.2", "server", "app", [])], "clusters": [static_cluster("app", "127.0.0.1", 28080)]}},
    "client": {"admin": admin(19102), "static_resources": {
        "listeners": [tunnel_listener("as_loadgen", ("127.0.0.1", 25001), "to_waypoint_loadgen", "127.0.0.1:28080"), tunnel_listener("as_other", ("127.0.0.1", 25002), "to_waypoint_other", "127.0.0.1:28080")],
        "clusters": [static_cluster(f"to_waypoint_{sa}", "127.0.0.1", 25008, typed_extension_protocol_options=H2, transport_socket=upstream_tls(sa, {"exact": "spiffe://cluster.local/ns/default/sa/waypoint"})) for sa in ("loadgen", "other")]}},
}
for name, config in configs.items():
    with open(f"{D}/{name}.json", "w") as f:
        json.dump(config, f, indent=1)
