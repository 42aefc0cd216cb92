/**
 * Route patterns (`/hls/:liveId/:file`) and the request paths they match. Matching works on
 * decoded path SEGMENTS, never on a joined path, and refuses every segment that could name
 * another folder (`.`, `..`, an encoded `/` or `\`, NUL or another control character), so no
 * handler ever sees a path that climbs out of where it serves.
 */

type Part = { readonly literal: string } | { readonly param: string };

export interface RoutePattern {
  readonly source: string;
  readonly parts: readonly Part[];
}

const PARAM = /^:([A-Za-z][A-Za-z0-9]*)$/;
const LITERAL = /^[A-Za-z0-9._~-]+$/;

/** Compile `/a/:b/c.m3u8`; throws on a pattern that could never be matched safely (a bug, not input). */
export function compilePattern(pattern: string): RoutePattern {
  if (!pattern.startsWith('/')) throw new Error(`Route pattern must start with "/": ${pattern}`);
  const names = new Set<string>();
  const parts = pattern
    .slice(1)
    .split('/')
    .map((segment): Part => {
      const param = PARAM.exec(segment)?.[1];
      if (param) {
        if (names.has(param)) throw new Error(`Route pattern names :${param} twice: ${pattern}`);
        names.add(param);
        return { param };
      }
      if (!LITERAL.test(segment) || segment === '.' || segment === '..') {
        throw new Error(`Route pattern has an invalid segment "${segment}": ${pattern}`);
      }
      return { literal: segment };
    });
  return { source: pattern, parts };
}

/**
 * A request target (`/hls/a%20b/index.m3u8?x=1`) → its decoded segments, or null when it is not
 * a plain origin-form path or a segment is unsafe. The query string is ignored here.
 */
export function pathSegments(target: string): string[] | null {
  if (!target.startsWith('/') || target.startsWith('//')) return null;
  const end = target.search(/[?#]/);
  const path = end === -1 ? target : target.slice(0, end);
  // A backslash is a separator for some clients and file systems: never part of a path here.
  if (path.includes('\\')) return null;
  const segments: string[] = [];
  for (const raw of path.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (!isSafeSegment(segment)) return null;
    segments.push(segment);
  }
  return segments;
}

function isSafeSegment(segment: string): boolean {
  if (segment === '' || segment === '.' || segment === '..') return false;
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  return !/[/\\\u0000-\u001f\u007f]/.test(segment);
}

/** The pattern's parameters when `segments` match it, else null. */
export function matchPattern(pattern: RoutePattern, segments: readonly string[]): Record<string, string> | null {
  if (segments.length !== pattern.parts.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of pattern.parts.entries()) {
    const segment = segments[index] ?? '';
    if ('literal' in part) {
      if (part.literal !== segment) return null;
    } else params[part.param] = segment;
  }
  return params;
}
