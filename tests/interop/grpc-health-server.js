'use strict';
// A real gRPC health server for the GRPC prober's interop tests (grpc-js + grpc-health-check), plus a few
// deliberately wrong HTTP peers. Listens on 127.0.0.1, prints "listening <port>" once bound, exits when stdin
// closes (so it never outlives the test that started it).
//
//   node grpc-health-server.js MODE [--port N] [--cert cert.pem --key key.pem]
//
// MODE, with grpc-js:
//   SERVING | NOT_SERVING | SERVICE_UNKNOWN | UNKNOWN   health service registered, service "" in that status
//   NONE                                                no health service: Check answers UNIMPLEMENTED (12)
// MODE, deliberately wrong peers:
//   HTTP1          a plain HTTP/1.1 server (node:http / node:https)
//   H2_NO_STATUS   HTTP/2, 200 application/grpc, a SERVING message but no grpc-status
//   H2_BAD_FRAME   HTTP/2, 200 application/grpc, grpc-status 0 but a message cut short
//   H2_HTTP_503    HTTP/2, 503 text/plain
//   H2_RESET       HTTP/2, the stream reset (RST_STREAM INTERNAL_ERROR) instead of an answer
//   H2_CUT         HTTP/2, response headers and half a message, then the connection is cut
const fs = require('node:fs');

const args = process.argv.slice(2);
const mode = args[0];
let port = 0;
let certPath = null;
let keyPath = null;
for (let i = 1; i < args.length; i += 2) {
  const value = args[i + 1];
  switch (args[i]) {
    case '--port': port = Number(value); break;
    case '--cert': certPath = value; break;
    case '--key': keyPath = value; break;
    default: fail(`unknown argument ${args[i]}`);
  }
}
if ((certPath === null) !== (keyPath === null)) fail('--cert and --key go together');
const tls = certPath !== null ? { cert: fs.readFileSync(certPath), key: fs.readFileSync(keyPath) } : null;

const servingStatuses = ['SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN', 'UNKNOWN'];
let close;
if (servingStatuses.includes(mode) || mode === 'NONE') {
  close = startGrpc();
} else if (mode === 'HTTP1') {
  close = startHttp1();
} else if (['H2_NO_STATUS', 'H2_BAD_FRAME', 'H2_HTTP_503', 'H2_RESET', 'H2_CUT'].includes(mode)) {
  close = startH2();
} else {
  fail(`unknown mode '${mode}'`);
}

process.stdin.on('end', () => { close(); process.exit(0); });
process.stdin.on('error', () => { close(); process.exit(0); });
process.stdin.resume();

function startGrpc() {
  const grpc = require('@grpc/grpc-js');
  const { HealthImplementation } = require('grpc-health-check');
  const server = new grpc.Server();
  if (mode !== 'NONE') {
    new HealthImplementation({ '': mode }).addToServer(server);
  }
  const credentials = tls
    ? grpc.ServerCredentials.createSsl(null, [{ cert_chain: tls.cert, private_key: tls.key }], false)
    : grpc.ServerCredentials.createInsecure();
  server.bindAsync(`127.0.0.1:${port}`, credentials, (error, bound) => {
    if (error) fail(`bind: ${error.message}`);
    announce(bound);
  });
  return () => server.forceShutdown();
}

function startHttp1() {
  const handler = (req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok\n');
  };
  const server = tls ? require('node:https').createServer(tls, handler) : require('node:http').createServer(handler);
  // The HTTP/2 preface is no HTTP/1.1 request: answer 400 as such servers do, then close gracefully (FIN after the
  // answer, the client's further bytes read and dropped). Node's default destroys the socket with those bytes unread,
  // which sends a reset that can overtake the answer, so the client would see a cut connection instead.
  server.on('clientError', (err, socket) => {
    socket.on('data', () => {});
    socket.on('error', () => {});
    if (socket.writable) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    }
  });
  return listen(server);
}

function startH2() {
  const http2 = require('node:http2');
  const server = tls ? http2.createSecureServer(tls) : http2.createServer();
  server.on('stream', (stream) => {
    stream.on('error', () => {});
    const grpcHeaders = { ':status': 200, 'content-type': 'application/grpc' };
    switch (mode) {
      case 'H2_NO_STATUS':
        stream.respond(grpcHeaders);
        stream.end(Buffer.from([0, 0, 0, 0, 2, 0x08, 0x01]));
        break;
      case 'H2_BAD_FRAME':
        stream.respond(grpcHeaders, { waitForTrailers: true });
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        stream.end(Buffer.from([0, 0, 0, 0, 9, 0x08, 0x01]));
        break;
      case 'H2_HTTP_503':
        stream.respond({ ':status': 503, 'content-type': 'text/plain' });
        stream.end('overloaded\n');
        break;
      case 'H2_RESET':
        stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
        break;
      case 'H2_CUT':
        stream.respond(grpcHeaders);
        stream.write(Buffer.from([0, 0, 0, 0, 2]));
        setTimeout(() => stream.session.socket.destroy(), 50);
        break;
    }
  });
  return listen(server);
}

function listen(server) {
  server.on('error', (error) => fail(`listen: ${error.message}`));
  server.listen(port, '127.0.0.1', () => announce(server.address().port));
  return () => server.close();
}

function announce(bound) {
  process.stdout.write(`listening ${bound}\n`);
}

function fail(message) {
  process.stderr.write(`grpc-health-server: ${message}\n`);
  process.exit(2);
}
