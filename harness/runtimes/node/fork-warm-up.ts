import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';

// The Node fork server's rehearsal, before it forks its first agent: the calls the agents make, made once here on
// 127.0.0.1 and an abstract Unix socket, so that V8 compiles them (bytecode, regular expressions) in this process,
// and every child finds them compiled rather than compiling them again. Node compiles a function at its first call,
// in every process that calls it: about half of a forked agent's CPU, measured (README, "Performance").
//
// It changes nothing an agent sees: it never resolves a name (a name's lookup is made up here; the real one, its
// hosts file, gai.conf and NSS modules, is each agent's own), sets no default (dns.setDefaultResultOrder is the
// client's), never touches process.stdin or process.stdout, and closes all it opens. Any step that fails (a
// loopback without 127.0.0.1, say) only leaves that much uncompiled; it gives up after `deadlineMs`.

type Step = (next: () => void) => void;

const token = 'sockmatrix:fork-warm-up';
const deadlineMs = 2_000;
const loopback = '127.0.0.1';

/** A lookup of any name as 127.0.0.1, for the calls that take one: the agents' own path through it, without a resolver. */
const madeUpLookup = (_hostname: string, options: dns.LookupOptions | number, callback: (...answer: unknown[]) => void): void => {
  if (typeof options === 'object' && options.all === true) callback(null, [{ address: loopback, family: 4 }]);
  else callback(null, loopback, 4);
};

/** Run the rehearsal, then `done`, once, with every socket it opened closed. */
export const warmUp = (done: () => void): void => {
  const opened = new Set<net.Socket | net.Server | dgram.Socket>();
  const track = <T extends net.Socket | net.Server | dgram.Socket>(handle: T): T => {
    opened.add(handle);
    handle.once('close', () => opened.delete(handle));
    return handle;
  };
  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    clearTimeout(deadline);
    for (const handle of opened) {
      try {
        if (handle instanceof net.Socket) handle.destroy();
        else handle.close();
      } catch {
        // Closing already.
      }
    }
    // Closed handles are gone after one more turn of the loop.
    setImmediate(() => setImmediate(done));
  };
  const deadline = setTimeout(finish, deadlineMs);

  /** What the agents do with addresses and messages: literals checked, lines of JSON both ways. */
  const words: Step = (next) => {
    for (const address of [loopback, '::1', '::ffff:127.0.0.1', 'localhost', '0.0.0.0', '::']) {
      net.isIP(address);
      net.isIPv6(address);
    }
    JSON.parse(JSON.stringify({ event: 'ready', bound: { address: loopback, port: 1, family: 4 }, ipv6OnlyEffective: null }));
    dns.lookup(loopback, { all: true }, () => dns.lookup('::1', 6, () => next()));
  };

  /** A TCP echo, dialed by name (through the made-up lookup, as Node dials a name) and by literal; then a refused dial. */
  const tcp: Step = (next) => {
    const server = track(
      net.createServer((socket) => {
        track(socket);
        socket.setEncoding('utf8');
        socket.on('error', () => {});
        socket.on('data', (chunk: string) => socket.write(chunk, () => {}));
        socket.on('end', () => socket.end());
      }),
    );
    server.on('error', () => next());
    server.listen({ host: loopback, port: 0, ipv6Only: false }, () => {
      const { port } = server.address() as net.AddressInfo;
      const dial = (options: net.NetConnectOpts, then: () => void): void => {
        const client = track(net.connect(options));
        let echo = '';
        client.setEncoding('utf8');
        client.on('connectionAttemptFailed', () => {});
        client.on('error', () => {});
        client.on('connect', () => {
          void [client.localAddress, client.localPort, client.localFamily, client.remoteAddress, client.remotePort, client.remoteFamily];
          client.write(token, () => {});
        });
        client.on('data', (chunk: string) => {
          echo += chunk;
          if (echo.length >= token.length) client.end();
        });
        client.on('close', then);
      };
      dial({ host: 'localhost', port, lookup: madeUpLookup as typeof dns.lookup }, () =>
        dial({ host: loopback, port, family: 4, autoSelectFamily: false }, () =>
          server.close(() => {
            // The port just closed: a dial that is refused, as most cells' clients are.
            const refused = track(net.connect({ host: loopback, port }));
            refused.on('error', (error: NodeJS.ErrnoException) => void [error.code, error.message, error.syscall]);
            refused.on('close', () => next());
          }),
        ),
      );
    });
  };

  /** A UDP echo: a bound socket, and a connected one that sends and reads the reply. */
  const udp: Step = (next) => {
    const server = track(dgram.createSocket({ type: 'udp4', reuseAddr: false, lookup: dns.lookup }));
    server.on('error', () => next());
    server.on('message', (datagram, peer) => {
      datagram.toString('utf8');
      server.send(datagram, peer.port, peer.address, () => {});
    });
    server.bind({ address: loopback, port: 0 }, () => {
      const client = track(dgram.createSocket({ type: 'udp4', lookup: madeUpLookup as typeof dns.lookup }));
      client.on('error', () => {});
      client.on('message', () => {
        client.close();
        server.close(() => next());
      });
      client.connect(server.address().port, loopback, () => {
        void [client.address(), client.remoteAddress()];
        client.send(token, () => {});
      });
    });
  };

  /** Lines over a Unix stream socket, what an agent's stdin and stdout are: written with a callback, read as text to the end. */
  const stdio: Step = (next) => {
    const path = `\0sockmatrix-fork-warm-up-${process.pid}`;
    const server = track(
      net.createServer((socket) => {
        track(socket);
        socket.setEncoding('utf8');
        socket.on('error', () => {});
        socket.on('data', () => {});
        socket.on('end', () => socket.end());
        socket.write(`${JSON.stringify({ event: 'server-replied' })}\n`, () => {});
      }),
    );
    server.on('error', () => next());
    server.listen(path, () => {
      const client = track(net.connect(path));
      client.setEncoding('utf8');
      client.on('error', () => {});
      client.on('data', () => client.end(`${JSON.stringify({ event: 'replied' })}\n`, () => {}));
      client.on('close', () => server.close(() => next()));
    });
  };

  const steps: Step[] = [words, tcp, udp];
  // Abstract Unix sockets are Linux's, as the fork server is.
  if (process.platform === 'linux') steps.push(stdio);
  const run = (index: number): void => {
    const step = steps[index];
    if (finished) return;
    if (step === undefined) {
      finish();
      return;
    }
    let called = false;
    step(() => {
      if (called) return;
      called = true;
      run(index + 1);
    });
  };
  run(0);
};
