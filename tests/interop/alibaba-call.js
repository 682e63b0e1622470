'use strict';
// Makes one RPC call with the unmodified Alibaba Cloud OpenAPI client (@alicloud/openapi-client) and prints one
// JSON line: {"ok":true,"statusCode":200,"body":{...}} or {"ok":false,"code":...,"statusCode":...,"message":...,"data":{...}}
// (data = the error body the SDK parsed).
// argv[2] is a JSON object: { endpoint: "127.0.0.1:PORT", accessKeyId, accessKeySecret, signature: "acs3" | "v2",
//                             action, version, query: { Name: value, ... } }
const OpenApi = require('@alicloud/openapi-client');
const OpenApiUtil = require('@alicloud/openapi-util').default;
const Util = require('@alicloud/tea-util');

async function main() {
  const args = JSON.parse(process.argv[2]);
  const config = new OpenApi.Config({
    accessKeyId: args.accessKeyId,
    accessKeySecret: args.accessKeySecret,
    endpoint: args.endpoint,
    protocol: 'http',
  });
  if (args.signature === 'v2') config.signatureAlgorithm = 'v2';
  const client = new OpenApi.default(config);
  const params = new OpenApi.Params({
    action: args.action, version: args.version, protocol: 'HTTPS', pathname: '/', method: 'POST',
    authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json',
  });
  const request = new OpenApi.OpenApiRequest({ query: OpenApiUtil.query(args.query || {}) });
  const runtime = new Util.RuntimeOptions({ readTimeout: 20000, connectTimeout: 20000 });
  try {
    const resp = await client.callApi(params, request, runtime);
    console.log(JSON.stringify({ ok: true, statusCode: resp.statusCode, body: resp.body }));
  } catch (e) {
    console.log(JSON.stringify({ ok: false, code: e.code, statusCode: e.statusCode, message: e.message, data: e.data }));
  }
}
main();
