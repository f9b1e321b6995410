#!/bin/bash
# The waypoint probe of docs/AMBIENT.md, on loopback: certificates from ztunnel's test root, the
# three Envoy configurations (gen.py), validation, then GET/POST through client → waypoint → server.
# Usage (under the machine lock): run.sh <envoy binary> <ztunnel source folder>
set -u
E=$1; ZT=$2; D=$(mktemp -d); HERE=$(cd "$(dirname "$0")" && pwd)
cp "$ZT/src/tls/root-cert.pem" "$ZT/src/tls/ca-key.pem" "$D/"
for sa in waypoint server loadgen other; do
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$D/$sa.key" -subj "/O=cluster.local" -out "$D/$sa.csr" 2>/dev/null
  printf "subjectAltName=URI:spiffe://cluster.local/ns/default/sa/$sa\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=digitalSignature,keyEncipherment\n" > "$D/$sa.ext"
  openssl x509 -req -in "$D/$sa.csr" -CA "$D/root-cert.pem" -CAkey "$D/ca-key.pem" -CAcreateserial -days 1 -extfile "$D/$sa.ext" -out "$D/$sa.pem" 2>/dev/null
done
python3 "$HERE/gen.py" "$D"
for c in waypoint server client; do echo "== validate $c: $(timeout 60 "$E" --mode validate -c "$D/$c.json" --log-level error 2>&1 | tail -1)"; done
pids=()
(cd "$D" && exec timeout 60 python3 -m http.server 28080 --bind 127.0.0.1 >app.log 2>&1) & pids+=($!)
for c in server waypoint client; do timeout 60 "$E" -c "$D/$c.json" --use-dynamic-base-id --log-level warn >"$D/$c.log" 2>&1 & pids+=($!); done
sleep 4
echo "== GET as sa/loadgen (allowed): $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 http://127.0.0.1:25001/)"
echo "== POST as sa/loadgen (L7 deny, method): $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST http://127.0.0.1:25001/)"
echo "== GET as sa/other (L7 deny, principal): $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 http://127.0.0.1:25002/)"
echo "== plaintext HTTP to the waypoint's HBONE port: $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 http://127.0.0.1:25008/) (curl exit $?)"
echo "== waypoint:"; curl -s --max-time 5 http://127.0.0.1:19100/stats | grep -E "rbac\.(allowed|denied)|hbone_server\.(ssl\.versions|ssl\.sigalgs|upstream_cx_http2_total)|connect_terminate\.downstream_cx_ssl_total" | grep -v ": 0$"
echo "== server:"; curl -s --max-time 5 http://127.0.0.1:19101/stats | grep -E "connect_terminate\.downstream_rq_2xx|ssl\.handshake" | grep -v ": 0$"
for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null
rm -rf "$D"
