import { describe, expect, it } from 'vitest';
import { istioNatRules, parseCaptureCounters } from './interception.js';

const spec = { proxyGid: 1337, outboundCapturePort: 15001, inboundCapturePort: 15006, excludeInboundPorts: [20000], excludeOutboundPorts: [20000] };

describe("istio-iptables' nat rules", () => {
  const rules = istioNatRules(spec).split('\n');

  it('redirects outbound TCP to 15001 and inbound to 15006', () => {
    expect(rules).toContain('-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001');
    expect(rules).toContain('-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006');
    expect(rules).toContain('-A PREROUTING -p tcp -j ISTIO_INBOUND');
    expect(rules).toContain('-A OUTPUT -j ISTIO_OUTPUT');
  });

  it("lets the sidecar's own group through before the catch-all redirect", () => {
    const ownGroup = rules.indexOf('-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN');
    const redirect = rules.indexOf('-A ISTIO_OUTPUT -j ISTIO_REDIRECT');
    expect(ownGroup).toBeGreaterThan(0);
    expect(ownGroup).toBeLessThan(redirect);
  });

  it('excludes the given ports both ways, before any redirect', () => {
    expect(rules.indexOf('-A ISTIO_INBOUND -p tcp --dport 20000 -j RETURN')).toBeLessThan(rules.indexOf('-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT'));
    expect(rules.indexOf('-A ISTIO_OUTPUT -p tcp --dport 20000 -j RETURN')).toBeLessThan(rules.indexOf('-A ISTIO_OUTPUT -j ISTIO_REDIRECT'));
  });

  it('is an iptables-restore file for the nat table', () => {
    expect(rules[0]).toBe('*nat');
    expect(rules).toContain('COMMIT');
  });
});

describe('capture counters from iptables-save -c', () => {
  it('sums the packets of each redirect rule', () => {
    const saved = [
      '[3:180] -A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT',
      '[3:180] -A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006',
      '[0:0] -A ISTIO_OUTPUT -j ISTIO_REDIRECT',
      '[17:1020] -A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001',
    ].join('\n');
    expect(parseCaptureCounters(saved)).toEqual({ outboundRedirectPackets: 17, inboundRedirectPackets: 3 });
  });
});
