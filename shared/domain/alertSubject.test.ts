import { describe, expect, it } from 'vitest';
import { alertSubject } from './alertSubject';

describe('alertSubject', () => {
  it('names what an alert is about from its own labels, never assuming a model', () => {
    expect(alertSubject({ service: 'checkout', model: 'fraud-model' })).toBe('checkout');
    expect(alertSubject({ model: 'fraud-model' })).toBe('fraud-model');
    expect(alertSubject({ namespace: 'payments', pod: 'api-7c9f' })).toBe('payments/api-7c9f');
    expect(alertSubject({ job: 'cassandra', instance: '10.0.0.7:9500' })).toBe('cassandra (10.0.0.7:9500)');
    expect(alertSubject({ job: 'api-gateway' })).toBe('api-gateway');
    expect(alertSubject({ cluster: 'eu-1' })).toBe('eu-1');
    expect(alertSubject({ severity: 'warning' })).toBeNull();
  });
});
