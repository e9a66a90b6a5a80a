/**
 * NET.HOST as BigQuery computes it: a best-effort read of a URL that need
 * not follow RFC 3986. Checked against the ZetaSQL reference evaluator by
 * tests/translation and the fuzzer (tests/fuzz).
 * https://cloud.google.com/bigquery/docs/reference/standard-sql/net_functions#nethost
 */
const SCHEME = /^[^:/?#\\]*:[/\\]{2}/;
const ASCII_SPACE = /^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$/g;

export function netHost(url: string): string | null {
    let rest = url.replace(ASCII_SPACE, "");
    const scheme = SCHEME.exec(rest);
    if (scheme) rest = rest.slice(scheme[0].length);
    else if (/^[/\\]{2}/.test(rest)) rest = rest.slice(2);
    const end = rest.search(/[/\\?#]/);
    if (end !== -1) rest = rest.slice(0, end);
    rest = rest.slice(rest.lastIndexOf("@") + 1);
    if (rest.startsWith("[")) {
        const close = rest.indexOf("]");
        if (close !== -1) rest = rest.slice(0, close + 1);
    } else {
        const colon = rest.indexOf(":");
        if (colon !== -1) rest = rest.slice(0, colon);
    }
    // BigQuery drops the dots a host starts with ("//.b/c" has host "b"; "//./" none)
    rest = rest.replace(/^\.+/, "");
    return rest === "" ? null : rest;
}
