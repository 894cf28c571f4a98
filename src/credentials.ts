/**
 * One rule for credentials: the user information of a URL (`user:password@` in
 * `redis://user:password@host:6379`) is replaced by `***` in everything the tool writes or prints:
 * commands recorded for provenance, lock files, errors and logs. Kept free of imports so that the
 * lock file, the provenance and the CLI can all apply it.
 */

/**
 * `scheme://userinfo@`: the userinfo runs to the last `@` before the host ends (`/`, `?`, `#`, a
 * space or a quote), as WHATWG URL parsing reads it, so `redis://:p@ss@host` loses `:p@ss`.
 */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#'"]*@/gi;

/**
 * `text` with the user information of every URL in it replaced by `***`.
 *
 * @example
 * redactCredentials('boundary-effects reproduce --redis redis://:secret@db:6379/0'); // 'boundary-effects reproduce --redis redis://***@db:6379/0'
 * redactCredentials('redis://db:6379'); // unchanged: no user information
 */
export function redactCredentials(text: string): string {
  return text.replace(URL_USERINFO, '$1***@');
}

/**
 * `command` with its credentials redacted, or null for null (a command recorded for provenance).
 *
 * @example
 * redactCommand(null); // null
 */
export function redactCommand(command: string | null): string | null {
  return command === null ? null : redactCredentials(command);
}

/**
 * A URL given as one argument (`--redis <url>`) with everything between `scheme://` and its last
 * `@` replaced by `***`: also a password holding `/`, `'` or spaces that a URL parser would
 * misread stays out of what is printed.
 *
 * @example
 * redactUrlArgument('redis://:pa/ss@db:6379'); // 'redis://***@db:6379'
 */
export function redactUrlArgument(url: string): string {
  const scheme = url.indexOf('://');
  const at = url.lastIndexOf('@');
  if (at < 0) return url;
  // Without a scheme (`:secret@host`, a usage error) everything before the `@` may be the password.
  const start = scheme >= 0 && scheme < at ? scheme + 3 : 0;
  return `${url.slice(0, start)}***${url.slice(at)}`;
}
