import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventually, freePort } from "@fincoach/testing";

/** A real SMTP server (Debian's python3-aiosmtpd) writing what it receives into a Maildir. */
export type SmtpServer = { url: string; messages(): Promise<string[]>; stop(): Promise<void> };

/** Debian's interpreter: the package installs the module for it, not for a pyenv python3 on PATH. */
const PYTHON = process.env.AIOSMTPD_PYTHON ?? "/usr/bin/python3";

const accepts = (port: number) =>
  new Promise<void>((resolve, reject) => {
    const s = connect(port, "127.0.0.1", () => {
      s.end();
      resolve();
    });
    s.on("error", reject);
  });

export const startAiosmtpd = async (): Promise<SmtpServer> => {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), "fincoach-smtp-"));
  const maildir = join(dir, "Maildir");
  const child: ChildProcess = spawn(
    PYTHON,
    ["-m", "aiosmtpd", "-n", "-l", `127.0.0.1:${port}`, "-c", "aiosmtpd.handlers.Mailbox", maildir],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (b: Buffer) => {
    stderr += b.toString();
  });
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  await eventually(async () => {
    if (exited) throw new Error(`aiosmtpd exited: ${stderr}`);
    await accepts(port);
  }, 15_000);
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages: async () => {
      const out: string[] = [];
      for (const sub of ["new", "cur"]) {
        const files = await readdir(join(maildir, sub)).catch(() => [] as string[]);
        for (const f of files) out.push(await readFile(join(maildir, sub, f), "utf8"));
      }
      return out;
    },
    stop: async () => {
      if (!exited) {
        const gone = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await gone;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
};
