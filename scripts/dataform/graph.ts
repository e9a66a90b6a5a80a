/** The parts of Dataform's compiled graph (`dataform compile --json`) the executor reads. */

export interface CompiledTarget {
    database?: string;
    schema: string;
    name: string;
}

/** An action's documentation: its description and its columns' (`columns: {...}` in the config block). */
export interface ActionDescriptor {
    description?: string;
    columns?: { path: string[]; description?: string }[];
}

interface ActionBase {
    target: CompiledTarget;
    fileName?: string;
    dependencyTargets?: CompiledTarget[];
    tags?: string[];
    disabled?: boolean;
    actionDescriptor?: ActionDescriptor;
}

export type TableType = "TABLE" | "VIEW" | "INCREMENTAL";

export interface CompiledTable extends ActionBase {
    enumType?: TableType;
    type?: string;
    query: string;
    incrementalQuery?: string;
    where?: string;
    preOps?: string[];
    postOps?: string[];
    incrementalPreOps?: string[];
    incrementalPostOps?: string[];
    uniqueKey?: string[];
    protected?: boolean;
    materialized?: boolean;
    onSchemaChange?: "IGNORE" | "FAIL" | "EXTEND" | "SYNCHRONIZE";
    incrementalStrategy?: "INCREMENTAL_STRATEGY_UNSPECIFIED" | "MERGE" | "INSERT_OVERWRITE";
    bigquery?: {
        partitionBy?: string;
        clusterBy?: string[];
        updatePartitionFilter?: string;
        requirePartitionFilter?: boolean;
        incrementalPredicates?: string[];
    };
    jitCode?: string;
}

export interface CompiledOperation extends ActionBase {
    queries?: string[];
    hasOutput?: boolean;
    jitCode?: string;
}

export interface CompiledAssertion extends ActionBase {
    query: string;
    parentAction?: CompiledTarget;
}

/** A notebook (`notebook()`): Python run on BigQuery Studio's runtime. */
export interface CompiledNotebook extends ActionBase {
    notebookContents?: string;
}

/** A data preparation (`*.dp.yaml`): a visual pipeline BigQuery runs. */
export interface CompiledDataPreparation extends ActionBase {
    targets?: CompiledTarget[];
    dataPreparationYaml?: string;
    query?: string;
}

export interface CompiledDeclaration {
    target: CompiledTarget;
    fileName?: string;
    actionDescriptor?: ActionDescriptor;
}

/**
 * A unit test (`config { type: "test", dataset: "..." }`): the tested
 * dataset's query with every ref replaced by the test's `input` rows, and the
 * query giving the rows it must return. Dataform refuses tests of incremental tables.
 */
export interface CompiledTest {
    name: string;
    testQuery: string;
    expectedOutputQuery: string;
    fileName?: string;
    target?: CompiledTarget;
    tags?: string[];
    disabled?: boolean;
}

export interface CompilationError {
    fileName?: string;
    message: string;
    stack?: string;
    actionName?: string;
}

export interface CompiledGraph {
    projectConfig: {
        defaultDatabase?: string;
        defaultSchema?: string;
        assertionSchema?: string;
        vars?: Record<string, string>;
        defaultLocation?: string;
    };
    tables?: CompiledTable[];
    operations?: CompiledOperation[];
    assertions?: CompiledAssertion[];
    declarations?: CompiledDeclaration[];
    notebooks?: CompiledNotebook[];
    dataPreparations?: CompiledDataPreparation[];
    tests?: CompiledTest[];
    graphErrors?: { compilationErrors?: CompilationError[] };
    dataformCoreVersion?: string;
}

/** `database.schema.name`, or `schema.name` without a database: Dataform's readable name of a target. */
export function targetName(target: CompiledTarget): string {
    return [target.database, target.schema, target.name].filter(Boolean).join(".");
}
