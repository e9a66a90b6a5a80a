/**
 * A local stand-in for the few BigQuery REST calls the bq tools make
 * (datasets get/insert, tables get/insert, jobs insert for dry-run queries
 * and multipart load uploads, jobs get), on 127.0.0.1 with a random port.
 * It records every request so tests can assert what was sent, answers with
 * the resource shapes of the BigQuery v2 API, and refuses any request
 * without the static bearer token the tests' auth client holds.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";

export const FAKE_TOKEN = "fake-access-token";

export interface RecordedRequest {
    method: string;
    path: string;
    query: URLSearchParams;
    body?: any;
    /** For multipart uploads: the job resource and the uploaded file's text. */
    upload?: { metadata: any; data: string };
}

type DryRunAnswer = { bytes: number } | { error: string };

export class FakeBigQuery {
    readonly requests: RecordedRequest[] = [];
    readonly datasets = new Map<string, any>();
    readonly tables = new Map<string, any>();
    private readonly jobs = new Map<string, any>();
    /** How a dry-run query is answered; tests replace it. */
    dryRun: (query: string) => DryRunAnswer = () => ({ bytes: 0 });
    private server?: Server;

    async start(): Promise<string> {
        this.server = createServer((request, response) => {
            void this.handle(request, response).catch((error) => reply(response, 500, apiError(500, String(error), "internalError")));
        });
        await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
        return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    async stop(): Promise<void> {
        await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
    }

    /** Requests that reached a given method and path pattern. */
    calls(method: string, pattern: RegExp): RecordedRequest[] {
        return this.requests.filter((request) => request.method === method && pattern.test(request.path));
    }

    private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
        const url = new URL(request.url ?? "/", "http://fake");
        const raw = await readBody(request);
        if (request.headers.authorization !== `Bearer ${FAKE_TOKEN}`) {
            reply(response, 401, apiError(401, "Request had invalid authentication credentials.", "unauthorized"));
            return;
        }
        const recorded: RecordedRequest = { method: request.method ?? "GET", path: url.pathname, query: url.searchParams };
        const contentType = request.headers["content-type"] ?? "";
        if (contentType.startsWith("multipart/related")) recorded.upload = parseMultipart(raw, contentType);
        else if (raw.length > 0) recorded.body = JSON.parse(raw.toString("utf8"));
        this.requests.push(recorded);
        const [status, body] = this.route(recorded);
        reply(response, status, body);
    }

    private route(request: RecordedRequest): [number, unknown] {
        const path = request.path;
        let match: RegExpExecArray | null;
        if ((match = /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)$/.exec(path)) && request.method === "GET") {
            return this.found(this.tables.get(`${match[1]}.${match[2]}.${match[3]}`), `Table ${match[1]}:${match[2]}.${match[3]}`);
        }
        if ((match = /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)\/tables$/.exec(path)) && request.method === "POST") {
            return this.insertTable(match[1], match[2], request.body);
        }
        if ((match = /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)$/.exec(path)) && request.method === "GET") {
            return this.found(this.datasets.get(`${match[1]}.${match[2]}`), `Dataset ${match[1]}:${match[2]}`);
        }
        if ((match = /^\/bigquery\/v2\/projects\/([^/]+)\/datasets$/.exec(path)) && request.method === "POST") {
            return this.insertDataset(match[1], request.body);
        }
        if ((match = /^\/bigquery\/v2\/projects\/([^/]+)\/jobs$/.exec(path)) && request.method === "POST")
            return this.queryJob(request.body);
        if ((match = /^\/bigquery\/v2\/projects\/([^/]+)\/jobs\/([^/]+)$/.exec(path)) && request.method === "GET") {
            return this.found(this.jobs.get(match[2]), `Job ${match[1]}:${match[2]}`, (job) => ({
                ...job,
                status: job.finalStatus,
                finalStatus: undefined,
            }));
        }
        if (/^\/upload\/bigquery\/v2\/projects\/([^/]+)\/jobs$/.test(path) && request.method === "POST" && request.upload)
            return this.loadJob(request.upload);
        return [404, apiError(404, `fake BigQuery does not serve ${request.method} ${path}`, "notFound")];
    }

    private found(resource: any, what: string, shape: (resource: any) => unknown = (value) => value): [number, unknown] {
        return resource ? [200, shape(resource)] : [404, apiError(404, `Not found: ${what}`, "notFound")];
    }

    private insertDataset(projectId: string, body: any): [number, unknown] {
        const key = `${projectId}.${body.datasetReference.datasetId}`;
        if (this.datasets.has(key)) return [409, apiError(409, `Already Exists: Dataset ${key}`, "duplicate")];
        const dataset = { kind: "bigquery#dataset", id: key.replace(".", ":"), ...body };
        this.datasets.set(key, dataset);
        return [200, dataset];
    }

    private insertTable(projectId: string, datasetId: string, body: any): [number, unknown] {
        if (!this.datasets.has(`${projectId}.${datasetId}`))
            return [404, apiError(404, `Not found: Dataset ${projectId}:${datasetId}`, "notFound")];
        const key = `${projectId}.${datasetId}.${body.tableReference.tableId}`;
        if (this.tables.has(key)) return [409, apiError(409, `Already Exists: Table ${key}`, "duplicate")];
        const table = { kind: "bigquery#table", id: `${projectId}:${datasetId}.${body.tableReference.tableId}`, type: "TABLE", ...body };
        this.tables.set(key, table);
        return [200, table];
    }

    /** Only dry runs are served: a test must never make the tools run a real query. */
    private queryJob(body: any): [number, unknown] {
        if (!body.configuration?.dryRun) return [400, apiError(400, "fake BigQuery serves dry runs only", "invalid")];
        const answer = this.dryRun(body.configuration.query.query);
        if ("error" in answer) return [400, apiError(400, answer.error, "invalidQuery")];
        const bytes = String(answer.bytes);
        return [
            200,
            {
                kind: "bigquery#job",
                jobReference: { projectId: body.jobReference.projectId, location: body.jobReference.location },
                configuration: body.configuration,
                status: { state: "DONE" },
                statistics: { totalBytesProcessed: bytes, query: { totalBytesProcessed: bytes, totalBytesProcessedAccuracy: "PRECISE" } },
            },
        ];
    }

    /** Checks each NDJSON line against the job's schema the way BigQuery reports it: by the byte position where the bad row starts. */
    private loadJob(upload: { metadata: any; data: string }): [number, unknown] {
        const load = upload.metadata.configuration.load;
        const fields = new Set<string>(load.schema.fields.map((field: { name: string }) => field.name));
        const errors = ndjsonErrors(upload.data, fields);
        const job = {
            kind: "bigquery#job",
            id: `${upload.metadata.jobReference.projectId}:${upload.metadata.jobReference.location}.${upload.metadata.jobReference.jobId}`,
            jobReference: upload.metadata.jobReference,
            configuration: upload.metadata.configuration,
            finalStatus: errors.length
                ? { state: "DONE", errorResult: { reason: "invalid", message: errors[0].message }, errors }
                : { state: "DONE" },
            statistics: errors.length ? {} : { load: { outputRows: String(upload.data.split("\n").filter((line) => line.trim()).length) } },
        };
        this.jobs.set(upload.metadata.jobReference.jobId, job);
        return [200, { ...job, status: { state: "RUNNING" }, finalStatus: undefined }];
    }
}

function ndjsonErrors(data: string, fields: Set<string>): { reason: string; location: string; message: string }[] {
    const errors: { reason: string; location: string; message: string }[] = [];
    let position = 0;
    for (const line of data.split("\n")) {
        const problem = line.trim() ? rowProblem(line, fields) : undefined;
        if (problem) {
            errors.push({
                reason: "invalid",
                location: "file-00000000",
                message: `Error while reading data, error message: JSON parsing error in row starting at position ${position}: ${problem}`,
            });
        }
        position += Buffer.byteLength(line, "utf8") + 1;
    }
    return errors;
}

function rowProblem(line: string, fields: Set<string>): string | undefined {
    let row: Record<string, unknown>;
    try {
        row = JSON.parse(line);
    } catch {
        return "Parser terminated before end of string";
    }
    const unknown = Object.keys(row).find((key) => !fields.has(key));
    return unknown ? `No such field: ${unknown}.` : undefined;
}

function apiError(code: number, message: string, reason: string) {
    return { error: { code, message, errors: [{ message, domain: "global", reason }], status: reason } };
}

function reply(response: ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, { "content-type": "application/json; charset=UTF-8" });
    response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
}

/** multipart/related as the client's uploads send it: a JSON part (the job), then the file. */
function parseMultipart(raw: Buffer, contentType: string): { metadata: any; data: string } {
    const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
    if (!boundary) throw new Error(`no boundary in ${contentType}`);
    const parts = raw
        .toString("utf8")
        .split(`--${boundary}`)
        .slice(1, -1)
        .map((part) => {
            const bodyStart = part.indexOf("\r\n\r\n");
            return part.slice(bodyStart + 4).replace(/\r\n$/, "");
        });
    return { metadata: JSON.parse(parts[0]), data: parts[1] };
}

/**
 * An OAuth2Client holding a static, unexpired access token: the client sends
 * it as is and never asks oauth2.googleapis.com for one. Taken from the copy
 * of google-auth-library @google-cloud/bigquery itself uses.
 */
export function staticTokenAuthClient() {
    const fromBigQuery = createRequire(createRequire(import.meta.url).resolve("@google-cloud/bigquery"));
    const fromCommon = createRequire(fromBigQuery.resolve("@google-cloud/common"));
    const { OAuth2Client } = fromCommon("google-auth-library") as typeof import("google-auth-library");
    const client = new OAuth2Client();
    client.setCredentials({ access_token: FAKE_TOKEN, expiry_date: Date.now() + 3_600_000, token_type: "Bearer" });
    return client;
}
