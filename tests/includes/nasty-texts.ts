/** Texts that break SQL written without care: quotes, backslashes, line breaks, comment markers. */
export const NASTY_TEXTS = [
    "it's",
    "back\\slash",
    "ends with \\",
    "new\nline",
    "carriage\rreturn\ttab",
    "-- a comment",
    "--x",
    "/* open",
    "close */ x",
    "*/y",
    "'; drop table raw.events; --",
    'double "quotes" and `backticks`',
    "ünïcødé ✓ 😀",
];
