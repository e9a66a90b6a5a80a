/**
 * The one module that talks to BigQuery (through @google-cloud/bigquery).
 * Everything else in scripts/bigquery/ builds requests and reads answers.
 */
import { BigQuery, type BigQueryOptions, type JobMetadata, type TableMetadata } from "@google-cloud/bigquery";

export interface ConnectionOptions {
    /** The project jobs run in and datasets are created in; default: the credentials' project. */
    projectId?: string;
    /** Location of datasets and jobs (EU, US, europe-west3, ...). */
    location?: string;
    /** A service account key file; otherwise Application Default Credentials. */
    keyFile?: string;
    /** Another REST endpoint (tests point this at a local fake). */
    apiEndpoint?: string;
    /** A ready auth client (tests pass one holding a static token). */
    authClient?: BigQueryOptions["authClient"];
}

export class MissingCredentials extends Error {
    constructor(cause: string) {
        super(
            `no Google Cloud credentials found (${cause.split("\n")[0].replace(/\.$/, "")}).\n` +
                "Fix it with one of:\n" +
                "  gcloud auth application-default login          (your own account)\n" +
                "  --key-file path/to/service-account.json        (a service account key)\n" +
                "  export GOOGLE_APPLICATION_CREDENTIALS=path/to/service-account.json",
        );
    }
}

/** A load job's outcome: rows written, or BigQuery's errors (message and location each). */
export interface LoadOutcome {
    outputRows: number;
    errors: { message: string; location?: string }[];
}

/** A table's REST resource as bootstrap creates it (schema, partitioning, clustering, descriptions). */
export type TableResource = TableMetadata;

/** Fails with MissingCredentials unless credentials can be found, before any API call is made. */
export async function checkCredentials(options: ConnectionOptions): Promise<void> {
    const bigquery = new BigQuery(clientOptions(options));
    await explainAuth(bigquery.authClient.getClient());
}

export class BigQueryClient {
    private constructor(
        private readonly bigquery: BigQuery,
        readonly projectId: string,
        readonly location: string | undefined,
    ) {}

    static async open(options: ConnectionOptions): Promise<BigQueryClient> {
        const bigquery = new BigQuery(clientOptions(options));
        const projectId = options.projectId ?? (await explainAuth(bigquery.getProjectId()));
        return new BigQueryClient(bigquery, projectId, options.location);
    }

    async datasetExists(datasetId: string): Promise<boolean> {
        const [exists] = await explainAuth(this.dataset(datasetId).exists());
        return exists;
    }

    async createDataset(datasetId: string, description?: string): Promise<void> {
        await explainAuth(
            this.bigquery.createDataset(datasetId, {
                location: this.location,
                description,
                datasetReference: { projectId: this.projectId, datasetId },
            }),
        );
    }

    async tableExists(datasetId: string, tableId: string): Promise<boolean> {
        const [exists] = await explainAuth(this.dataset(datasetId).table(tableId).exists());
        return exists;
    }

    async createTable(datasetId: string, tableId: string, resource: TableResource): Promise<void> {
        await explainAuth(this.dataset(datasetId).createTable(tableId, resource));
    }

    /** The column names of an existing table, in table order (what Dataform's incremental DML lists); undefined when it does not exist. */
    async tableColumns(target: { database?: string; schema: string; name: string }): Promise<string[] | undefined> {
        const table = this.dataset(target.schema, target.database).table(target.name);
        const [exists] = await explainAuth(table.exists());
        if (!exists) return undefined;
        const [metadata] = await explainAuth(table.getMetadata());
        return ((metadata.schema?.fields ?? []) as { name: string }[]).map((field) => field.name);
    }

    /** Uploads a local file with a load job and waits for it; BigQuery's row errors come back, they are not thrown. */
    async load(datasetId: string, tableId: string, file: string, configuration: Record<string, unknown>): Promise<LoadOutcome> {
        const [job] = await explainAuth(this.dataset(datasetId).table(tableId).createLoadJob(file, configuration));
        try {
            // Operation.promise() resolves with the finished job resource.
            const [metadata] = (await job.promise()) as [JobMetadata];
            return { outputRows: Number(metadata.statistics?.load?.outputRows ?? 0), errors: [] };
        } catch (error) {
            const reported = (error as { errors?: { message: string; location?: string }[] }).errors;
            if (!reported?.length) throw error;
            return { outputRows: 0, errors: reported.map(({ message, location }) => ({ message, location })) };
        }
    }

    /** Bytes BigQuery estimates the statement (or script) would process; throws BigQuery's error when it does not validate. */
    async dryRun(query: string): Promise<number> {
        const [job] = await explainAuth(
            this.bigquery.createQueryJob({ query, dryRun: true, useLegacySql: false, location: this.location }),
        );
        return Number(job.metadata?.statistics?.totalBytesProcessed ?? 0);
    }

    private dataset(datasetId: string, projectId = this.projectId) {
        return this.bigquery.dataset(datasetId, { projectId, location: this.location });
    }
}

function clientOptions(options: ConnectionOptions): BigQueryOptions {
    return {
        projectId: options.projectId,
        location: options.location,
        keyFilename: options.keyFile,
        apiEndpoint: options.apiEndpoint,
        authClient: options.authClient,
    };
}

/** The auth library's "could not load credentials" and "no project id" errors become one message that says how to fix them. */
async function explainAuth<T>(promise: Promise<T>): Promise<T> {
    try {
        return await promise;
    } catch (error) {
        const message = (error as Error).message ?? String(error);
        if (/Could not load the default credentials|Unable to detect a Project Id/i.test(message)) throw new MissingCredentials(message);
        throw error;
    }
}
