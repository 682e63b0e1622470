'use strict';
// Makes Huawei Cloud ELB v3 calls with the unmodified official SDK core (@huaweicloud/huaweicloud-sdk-core): the client
// comes from ClientBuilder with BasicCredentials (AK, SK, project id), so every request is signed SDK-HMAC-SHA256 by the
// SDK's own AKSKSigner and carries X-Project-Id. The core package has no ELB classes; each call is the options object a
// generated service client (ElbClient.listMembers, createMember...) hands to HcClient.sendRequest.
// argv[2] is a JSON object: { endpoint, ak, sk, projectId, calls: [ { method, url, pathParams?, queryParams?, headers?, body? } ] }
// (url with {project_id} and the other path parameters in braces, as the generated clients write it).
// Prints one JSON line per call: {"ok":true,"status":200,"value":...} or {"ok":false,"status":401,"code":"APIGW.0301","message":...}.
const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core');
// Where the generated service packages import it from ("@huaweicloud/huaweicloud-sdk-core/ClientBuilder").
const { ClientBuilder } = require('@huaweicloud/huaweicloud-sdk-core/ClientBuilder');

async function main() {
  const args = JSON.parse(process.argv[2]);
  const credentials = new BasicCredentials().withAk(args.ak).withSk(args.sk).withProjectId(args.projectId);
  const client = new ClientBuilder((hcClient) => hcClient).withCredential(credentials).withEndpoint(args.endpoint).build();
  for (const call of args.calls) {
    const options = {
      method: call.method,
      url: call.url,
      contentType: 'application/json',
      queryParams: call.queryParams || {},
      pathParams: call.pathParams || {},
      headers: Object.assign({}, call.headers || {}),
      data: call.body || {},
      responseHeaders: ['X-Request-Id'],
    };
    if (call.body) {
      options.headers['Content-Type'] = 'application/json';
    }
    try {
      const value = await client.sendRequest(options);
      const status = value.httpStatusCode;
      delete value.httpStatusCode;
      console.log(JSON.stringify({ ok: true, status, value }));
    } catch (e) {
      console.log(JSON.stringify({
        ok: false, status: e && e.httpStatusCode, code: e && e.errorCode, message: e && (e.errorMsg || e.message || String(e)),
        requestId: e && e.requestId,
      }));
    }
  }
}
main();
