// Checks /openapi/v1.json the way an API consumer would: validates it strictly (@apidevtools/swagger-parser: the
// OpenAPI 3.1 schema and every $ref), generates a typed client from it (openapi-typescript for the types, openapi-fetch
// for the calls), type-checks the calls below against the generated types with the TypeScript compiler (strict), and
// runs them against the live server. Prints one JSON line with what the server answered.
// Usage: node openapi-client.mjs BASE_URL ADMIN_TOKEN OUT_DIR (OUT_DIR under tests/interop, so node_modules resolve).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';

const [base, adminToken, outDir] = process.argv.slice(2);

const calls = `
import createClient from 'openapi-fetch';
import type { paths, components } from './vitals-api.mjs';

type Problem = components['schemas']['ProblemDetails'];

export async function run(base: string, adminToken: string) {
  const admin = createClient<paths>({ baseUrl: base, headers: { Authorization: 'Bearer ' + adminToken } });
  const project = await admin.POST('/api/v1/projects', { body: { name: 'openapi-client' } });
  if (!project.data) throw new Error('create project: ' + project.response.status + ' ' + JSON.stringify(project.error));
  const projectId: string = project.data.project.id;
  const token: string = project.data.token;

  const client = createClient<paths>({ baseUrl: base, headers: { Authorization: 'Bearer ' + token } });
  const created = await client.POST('/api/v1/loadbalancers', { body: { name: 'edge', region: 'eu-west-1' } });
  if (!created.data) throw new Error('create load balancer: ' + created.response.status + ' ' + JSON.stringify(created.error));
  const id: string = created.data.id;
  const numericId: number = created.data.numeric_id;

  const got = await client.GET('/api/v1/loadbalancers/{id}', { params: { path: { id } } });
  if (!got.data) throw new Error('get load balancer: ' + got.response.status);
  const list = await client.GET('/api/v1/loadbalancers', { params: { query: { limit: 10, name: 'edge', region: 'eu-west-1' } } });
  if (!list.data) throw new Error('list load balancers: ' + list.response.status);
  const total: number = list.data.total_count;

  const missing = await client.GET('/api/v1/loadbalancers/{id}', { params: { path: { id: 'lb-00000000000000000000' } } });
  const missingProblem: Problem | undefined = missing.error;
  const anonymous = createClient<paths>({ baseUrl: base });
  const unauthorized = await anonymous.GET('/api/v1/loadbalancers', { params: { query: { limit: 1 } } });
  const forbidden = await client.GET('/api/v1/projects');

  return {
    projectId, id, numericId, gotName: got.data.name, gotRegion: got.data.region, total,
    listed: list.data.loadbalancers.map((lb) => lb.id),
    missingStatus: missing.response.status, missingTitle: missingProblem?.title ?? null,
    unauthorizedStatus: unauthorized.response.status, forbiddenStatus: forbidden.response.status,
  };
}
`;

async function main() {
  const response = await fetch(new URL('/openapi/v1.json', base));
  if (!response.ok) throw new Error(`GET /openapi/v1.json: ${response.status}`);
  const document = await response.json();

  await SwaggerParser.validate(structuredClone(document));

  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, 'vitals-api.mts'), astToString(await openapiTS(structuredClone(document))));
  await writeFile(path.join(outDir, 'calls.mts'), calls);
  const program = ts.createProgram([path.join(outDir, 'calls.mts')], {
    strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    outDir, noEmitOnError: true, skipLibCheck: true, types: [], lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  });
  const emitted = program.emit();
  const diagnostics = ts.getPreEmitDiagnostics(program).concat(emitted.diagnostics);
  if (diagnostics.length > 0) {
    const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => outDir, getNewLine: () => '\n' };
    throw new Error('the calls do not type-check against the generated client:\n' + ts.formatDiagnostics(diagnostics, host));
  }

  const { run } = await import(pathToFileURL(path.join(outDir, 'calls.mjs')).href);
  console.log(JSON.stringify(await run(base, adminToken)));
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
