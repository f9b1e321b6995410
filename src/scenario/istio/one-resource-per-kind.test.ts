import { describe, expect, it } from 'vitest';
import { destinationRule, translationError, virtualService, yamlOf } from './testing/istio-yaml.js';

describe('one DestinationRule and one VirtualService per service', () => {
  it('refuses two DestinationRules, naming both', () => {
    const yaml = yamlOf(destinationRule({}, { name: 'a' }), destinationRule({}, { name: 'b' }));
    expect(translationError(yaml)).toBe(
      'scenarios/x.istio.yaml: document 1 (DestinationRule a) and document 2 (DestinationRule b) are all for sample-api; meshtax takes one DestinationRule per service',
    );
  });

  it('refuses two VirtualServices, naming both', () => {
    const route = { http: [{ route: [{ destination: { host: 'sample-api' } }] }] };
    const yaml = yamlOf(virtualService(route, { name: 'a' }), virtualService(route, { name: 'b' }));
    expect(translationError(yaml)).toContain('document 1 (VirtualService a) and document 2 (VirtualService b) are all for sample-api');
  });
});
