import { describe, expect, it } from 'vitest';
import { ambientNatRules, parseCaptureCounters } from './interception.js';

const spec = { packetMark: 0x539, outboundCapturePort: 15001, inboundCapturePort: 15006, uncapturedGid: 1337, excludeInboundPorts: [40001], excludeOutboundPorts: [40001] };

describe('ambientNatRules', () => {
  const rules = ambientNatRules(spec).split('\n');

  it('lets ztunnel\'s own marked packets through before redirecting outbound TCP to 15001', () => {
    const mark = rules.indexOf('-A ISTIO_OUTPUT -m mark --mark 0x539/0xfff -j RETURN');
    const redirect = rules.indexOf('-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001');
    expect(mark).toBeGreaterThan(0);
    expect(redirect).toBeGreaterThan(mark);
  });

  it('never captures the HBONE, stats and readiness ports or the baseline\'s port inbound, and sends the rest to 15006', () => {
    for (const port of [15008, 15020, 15021, 40001]) expect(rules).toContain(`-A ISTIO_INBOUND -p tcp --dport ${port} -j RETURN`);
    expect(rules).toContain('-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006');
    expect(rules).toContain('-A ISTIO_OUTPUT -p tcp --dport 40001 -j RETURN');
  });

  it('uses the chain names the capture counters read', () => {
    const saved = rules.map((r) => (r.startsWith('-A ISTIO_REDIRECT') ? `[3:180] ${r}` : r.startsWith('-A ISTIO_IN_REDIRECT') ? `[2:120] ${r}` : r)).join('\n');
    expect(parseCaptureCounters(saved)).toEqual({ outboundRedirectPackets: 3, inboundRedirectPackets: 2 });
  });
});
