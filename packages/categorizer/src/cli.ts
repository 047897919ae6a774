/**
 * The categorizer's command line (`npm run ml -- <command>`): train, predict, eval.
 * Any failure is one line on stderr and exit code 1 (2 for a malformed command line, with the usage).
 */
import { parseArgs } from "node:util";
import { evalCommand, predictCommand, trainCommand } from "./cli-commands.ts";
import { Quantization } from "./onnx/artifact-metadata.ts";

const USAGE =
  "usage: ml train --data <csv> --out <dir> [--seed N] | ml predict --model <dir> --data <csv> --out <csv> [--quantization fp32|int8] | ml eval --model <dir> --data <csv> [--quantization fp32|int8]";

class UsageError extends Error {}

const required = (values: Record<string, string | undefined>, names: string[]): string[] =>
  names.map((n) => {
    const v = values[n];
    if (v === undefined || v === "") throw new UsageError(`--${n} is required`);
    return v;
  });

/** `--quantization`: which ONNX file scores (absent: the TypeScript reference on weights.bin). */
const quantization = (values: Record<string, string | undefined>): Quantization | undefined => {
  if (values.quantization === undefined) return undefined;
  const parsed = Quantization.safeParse(values.quantization);
  if (!parsed.success) throw new UsageError(`--quantization must be fp32 or int8, not "${values.quantization}"`);
  return parsed.data;
};

const run = async (argv: string[]): Promise<string> => {
  const [command, ...rest] = argv;
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        data: { type: "string" },
        out: { type: "string" },
        model: { type: "string" },
        seed: { type: "string" },
        quantization: { type: "string" },
      },
      strict: true,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  switch (command) {
    case "train": {
      const [data, out] = required(values, ["data", "out"]);
      const seed = values.seed === undefined ? undefined : Number(values.seed);
      if (seed !== undefined && !(Number.isSafeInteger(seed) && /^-?\d+$/.test(values.seed!)))
        throw new UsageError(`--seed must be an integer, not "${values.seed}"`);
      return trainCommand({ data: data!, out: out!, seed });
    }
    case "predict": {
      const [model, data, out] = required(values, ["model", "data", "out"]);
      return predictCommand({ model: model!, data: data!, out: out!, quantization: quantization(values) });
    }
    case "eval": {
      const [model, data] = required(values, ["model", "data"]);
      return evalCommand({ model: model!, data: data!, quantization: quantization(values) });
    }
    default:
      throw new UsageError(command === undefined ? "no command given" : `unknown command "${command}"`);
  }
};

try {
  process.stdout.write(`${await run(process.argv.slice(2))}\n`);
} catch (e) {
  const message = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, " ");
  process.stderr.write(`ml: ${message}${e instanceof UsageError ? ` (${USAGE})` : ""}\n`);
  process.exitCode = e instanceof UsageError ? 2 : 1;
}
