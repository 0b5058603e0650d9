import { describe, expect, it } from 'vitest';
import { parseSymptom } from '../../reports/explain/symptom.js';

// Error lines as programs print them, read into what explain looks for.

describe('reading a pasted symptom', () => {
  it.each([
    ['connect ECONNREFUSED ::1:3000', { code: 'ECONNREFUSED', address: '::1', side: 'client' }],
    ['Error: connect ECONNREFUSED 127.0.0.1:8080', { code: 'ECONNREFUSED', address: '127.0.0.1', side: 'client' }],
    ['connect ECONNREFUSED [::1]:3000', { code: 'ECONNREFUSED', address: '::1', side: 'client' }],
    [
      'Error: listen EADDRNOTAVAIL: address not available 127.0.0.2:3000',
      { code: 'EADDRNOTAVAIL', address: '127.0.0.2', side: 'server-bind' },
    ],
    ['getaddrinfo ENOTFOUND localhost', { code: 'ENOTFOUND', address: 'localhost', side: 'client' }],
    ['socket.gaierror: [Errno -9] Address family for hostname not supported', { code: 'EAI_ADDRFAMILY', address: null, side: null }],
    ['ConnectionRefusedError: [Errno 111] Connection refused', { code: 'ECONNREFUSED', address: null, side: null }],
    ['OSError: [Errno 99] Cannot assign requested address', { code: 'EADDRNOTAVAIL', address: null, side: null }],
  ])('%s', (line, symptom) => {
    expect(parseSymptom(line)).toEqual(symptom);
  });

  it('reads nothing from a line without an error code', () => {
    expect(parseSymptom('it does not work')).toBeNull();
  });
});
