/**
 * The few PHP 8 / MySQL semantics Snipe-IT's code leans on, reimplemented for the simulator:
 * truthiness, `intval`, loose comparison with an int, and MySQL's `utf8mb4_unicode_ci` equality
 * and LIKE (config/database.php:93 of snipe/snipe-it@5aa5c48018).
 */

/** PHP truthiness: null, false, 0, 0.0, "", "0" and [] are falsy. */
export function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === "" || v === "0") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "number") return !Number.isNaN(v) && v !== 0;
  return true;
}

/** PHP's numeric string: optional surrounding whitespace, a decimal or exponent number. */
export const isNumericString = (s: string): boolean => /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(s);

/** PHP `intval()`: leading-numeric strings give their prefix ("12abc" → 12), others 0; true → 1. */
export function intval(v: unknown): number {
  if (typeof v === "number") return Number.isFinite(v) ? Math.trunc(v) : 0;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (Array.isArray(v)) return v.length ? 1 : 0;
  if (typeof v !== "string") return 0;
  const m = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(v);
  return m ? Math.trunc(Number(m[0])) : 0;
}

/** PHP 8's `$a > $n` for an int `$n` and a request value (`null`, string or array). */
export function greaterThanInt(a: unknown, n: number): boolean {
  if (a === null || a === undefined) return false; // null vs int compares as bools: false > x is false
  if (Array.isArray(a) || (typeof a === "object" && a !== null)) return true; // an array is always greater
  if (typeof a === "boolean") return a && n === 0;
  if (typeof a === "number") return a > n;
  const s = String(a);
  if (isNumericString(s)) return Number(s) > n;
  return s > String(n); // a non-numeric string: the int is cast to string, compared byte-wise
}

/** PHP `==` between two scalars (PHP 8 rules, enough for request values against ids). */
export function looseEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined) {
    return b === null || b === undefined || b === "" || b === 0 || b === false || (Array.isArray(b) && !b.length);
  }
  if (b === null || b === undefined) return looseEquals(b, a);
  if (typeof a === "boolean" || typeof b === "boolean") return truthy(a) === truthy(b);
  if (typeof a === "number" && typeof b === "string") return isNumericString(b) ? a === Number(b) : String(a) === b;
  if (typeof a === "string" && typeof b === "number") return looseEquals(b, a);
  if (typeof a === "string" && typeof b === "string" && isNumericString(a) && isNumericString(b)) {
    return Number(a) === Number(b);
  }
  return false;
}

/**
 * MySQL's `utf8mb4_unicode_ci` comparison key: case- and accent-insensitive, trailing spaces
 * ignored (PAD SPACE). An approximation of the UCA weights, enough for names and e-mails.
 */
export const collate = (s: string): string =>
  s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/ +$/, "");

/** A MySQL value compared with a string request value: `col = 'x'` under the collation. */
export const sqlStringEquals = (column: string | null, value: string): boolean =>
  column !== null && collate(column) === collate(value);

/** MySQL's cast of a string to a number when compared with an int column: the numeric prefix, else 0. */
export function sqlNumber(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  const m = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(String(value ?? ""));
  return m ? Number(m[0]) : 0;
}

/** `column LIKE pattern` under the collation: `%` any run, `_` one character, `\` escapes. */
export function like(column: string | null, pattern: string): boolean {
  if (column === null) return false;
  let re = "";
  const p = collate(pattern);
  for (let i = 0; i < p.length; i++) {
    const c = p[i] as string;
    if (c === "\\" && i + 1 < p.length) re += (p[++i] as string).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    else if (c === "%") re += "[\\s\\S]*";
    else if (c === "_") re += "[\\s\\S]";
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, "u").test(collate(column));
}
