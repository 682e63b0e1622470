'use strict';
// Makes OVH API calls with the unmodified official wrapper (@ovhcloud/node-ovh) and prints one JSON line per call:
// {"ok":true,"value":...} or {"ok":false,"error":<HTTP status>,"message":...}. node-ovh only speaks HTTPS: run with
// NODE_TLS_REJECT_UNAUTHORIZED=0 against a self-signed loopback server. It calls GET /1.0/auth/time first.
// argv[2] is a JSON object: { host, port, appKey, appSecret, consumerKey, apiTimeDiff?, calls: [ { method, path, params } ] }
// apiTimeDiff (seconds, non-zero) makes the client skip /auth/time and sign with local time + apiTimeDiff.
const ovhFactory = require('@ovhcloud/node-ovh');

async function main() {
  const args = JSON.parse(process.argv[2]);
  const ovh = ovhFactory({
    appKey: args.appKey, appSecret: args.appSecret, consumerKey: args.consumerKey, host: args.host, port: args.port,
    apiTimeDiff: args.apiTimeDiff,
  });
  for (const call of args.calls) {
    try {
      const value = await ovh.requestPromised(call.method, call.path, call.params || {});
      console.log(JSON.stringify({ ok: true, value: value === undefined ? null : value }));
    } catch (e) {
      console.log(JSON.stringify({ ok: false, error: e && e.error, message: e && e.message ? e.message : String(e) }));
    }
  }
}
main();
