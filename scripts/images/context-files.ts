/**
 * What `COPY <source>... <dest>` takes from the build context: the files under each source
 * that .dockerignore lets through, and where each lands. .dockerignore is read with the
 * `ignore` package (gitignore rules); its patterns are written to mean the same under both.
 */
import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, posix, relative } from "node:path";
import ignoreModule from "ignore";

/** A file, symlink or directory to put at `target` (an absolute path in the image). */
export type ContextEntry = { source: string; target: string };

// ignore's typings declare an ES default export, but it is CommonJS: Node hands over module.exports.
const ignore = ignoreModule as unknown as typeof ignoreModule.default;

export type DockerIgnore = (relativePath: string, isDirectory: boolean) => boolean;

export const readDockerIgnore = (contextRoot: string): DockerIgnore => {
  const path = join(contextRoot, ".dockerignore");
  const matcher = ignore().add(existsSync(path) ? readFileSync(path, "utf8") : "");
  return (rel, isDirectory) => matcher.ignores(isDirectory ? `${rel}/` : rel);
};

const walk = (contextRoot: string, dir: string, ignored: DockerIgnore): string[] =>
  readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      const rel = relative(contextRoot, path);
      if (ignored(rel, entry.isDirectory())) return [];
      return entry.isDirectory() ? [path, ...walk(contextRoot, path, ignored)] : [path];
    });

/**
 * The entries one COPY makes, `workdir` resolving a relative destination. Like Docker: a
 * directory source copies its contents into dest; a file source goes to dest, or into it when
 * dest ends with "/" or there are several sources.
 */
export const copyFromContext = (
  contextRoot: string,
  sources: string[],
  dest: string,
  workdir: string,
  ignored: DockerIgnore = readDockerIgnore(contextRoot),
): ContextEntry[] => {
  const destination = posix.resolve(workdir, dest);
  const intoDirectory = dest.endsWith("/") || sources.length > 1;
  return sources.flatMap((source) => {
    const path = join(contextRoot, source);
    if (!existsSync(path) || ignored(relative(contextRoot, path), lstatSync(path).isDirectory()))
      throw new Error(`COPY ${source}: not in the build context (missing or in .dockerignore)`);
    if (!lstatSync(path).isDirectory())
      return [{ source: path, target: intoDirectory ? posix.join(destination, basename(path)) : destination }];
    return walk(contextRoot, path, ignored).map((file) => ({
      source: file,
      target: posix.join(destination, relative(path, file).split("\\").join("/")),
    }));
  });
};
