'use strict';
// Makes ECS calls (API 2014-05-26) with the unmodified official SDK (@alicloud/ecs20140526) and prints one JSON line per
// call: {"ok":true,"statusCode":200,"body":{...}} (body = the SDK's model, camelCase) or
// {"ok":false,"name":...,"code":...,"statusCode":...,"message":...,"requestId":...,"data":{...}}.
// argv[2] is a JSON object: { endpoint: "127.0.0.1:PORT", accessKeyId, accessKeySecret, signature: "acs3" | "v2",
//                             calls: [ { operation: "describeInstancesFullStatus" | "describeInstances", request: { camelCase fields } } ] }
// With "credentials": "default" (and no accessKeyId/accessKeySecret) the client gets the credentials library's default
// chain, as Alibaba's SDK documentation shows it: ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET.
// With "followNextToken": true on a describeInstances call, the script pages on with the returned NextToken until it is
// empty (at most 50 pages) and prints one line per page.
const Ecs = require('@alicloud/ecs20140526');
const { $OpenApiUtil } = require('@alicloud/openapi-core');
const Credential = require('@alicloud/credentials').default;

const Requests = {
  describeInstancesFullStatus: Ecs.DescribeInstancesFullStatusRequest,
  describeInstances: Ecs.DescribeInstancesRequest,
};

function print(resp) {
  console.log(JSON.stringify({ ok: true, statusCode: resp.statusCode, body: resp.body }));
}

async function call(client, operation, fields) {
  const Request = Requests[operation];
  if (!Request) throw new Error('unknown operation ' + operation);
  return client[operation](new Request(fields));
}

async function main() {
  const args = JSON.parse(process.argv[2]);
  const config = new $OpenApiUtil.Config({
    accessKeyId: args.accessKeyId,
    accessKeySecret: args.accessKeySecret,
    credential: args.credentials === 'default' ? new Credential() : undefined,
    endpoint: args.endpoint,
    protocol: 'http',
    regionId: 'cn-hangzhou',
    readTimeout: 20000,
    connectTimeout: 20000,
  });
  if (args.signature === 'v2') config.signatureAlgorithm = 'v2';
  const client = new Ecs.default(config);
  for (const c of args.calls) {
    try {
      let resp = await call(client, c.operation, c.request || {});
      print(resp);
      for (let page = 1; c.followNextToken && resp.body.nextToken && page < 50; page++) {
        resp = await call(client, c.operation, Object.assign({}, c.request, { nextToken: resp.body.nextToken }));
        print(resp);
      }
    } catch (e) {
      console.log(JSON.stringify({ ok: false, name: e.name, code: e.code, statusCode: e.statusCode, message: e.message,
        requestId: e.requestId, data: e.data }));
    }
  }
}
main();
