/**
 * The shared libraries a dynamically linked program or addon loads, as this machine's `ldd`
 * resolves them: a test image has no distribution underneath, so it carries them itself.
 */
import { execFileSync } from "node:child_process";
import { closeSync, openSync, readSync } from "node:fs";

/** True for an ELF file (a program, a .so or a native Node addon). */
export const isElf = (path: string): boolean => {
  const fd = openSync(path, "r");
  try {
    const magic = Buffer.alloc(4);
    return readSync(fd, magic, 0, 4, 0) === 4 && magic.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
  } finally {
    closeSync(fd);
  }
};

/**
 * The absolute library paths `ldd` lists for `path`. Statically linked files list none;
 * a library ldd cannot find is an error (the program would not start in the image), except
 * for addons built for musl (named so), which npm installs beside the glibc ones and which
 * Node never loads on glibc: this machine's ldd cannot read them.
 */
export const sharedLibraries = (path: string): string[] => {
  const musl = /musl/.test(path);
  let out: string;
  try {
    out = execFileSync("ldd", [path], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    const text = `${(e as { stdout?: string }).stdout ?? ""}${(e as { stderr?: string }).stderr ?? ""}`;
    if (/not a dynamic executable/.test(text) || musl) return [];
    throw new Error(`ldd ${path} failed: ${text.trim()}`);
  }
  if (/statically linked/.test(out)) return [];
  const missing = out.split("\n").filter((l) => l.includes("=> not found"));
  if (missing.length > 0) {
    if (musl || missing.every((l) => /musl/.test(l))) return [];
    throw new Error(`ldd ${path}: ${missing.map((l) => l.trim()).join(", ")}`);
  }
  return [...out.matchAll(/(?:=>\s+)?(\/\S+)\s+\(0x[0-9a-f]+\)/g)].map((m) => m[1] as string);
};
