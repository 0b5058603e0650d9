// The errno names of the numbers Python prints (`[Errno 111]`): Linux's, and glibc's getaddrinfo codes (negative).
// Read wherever a traceback is: a pasted symptom (reports/explain/symptom.ts), a user's program's output.

/** An errno name by the number Python prints for it on Linux. */
export const errnoByNumber: Readonly<Record<string, string>> = {
  '111': 'ECONNREFUSED',
  '99': 'EADDRNOTAVAIL',
  '98': 'EADDRINUSE',
  '101': 'ENETUNREACH',
  '113': 'EHOSTUNREACH',
  '110': 'ETIMEDOUT',
  '104': 'ECONNRESET',
  '22': 'EINVAL',
  '97': 'EAFNOSUPPORT',
  '13': 'EACCES',
  '-2': 'EAI_NONAME',
  '-3': 'EAI_AGAIN',
  '-5': 'EAI_NODATA',
  '-9': 'EAI_ADDRFAMILY',
};
