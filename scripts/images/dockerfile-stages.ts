/**
 * Reads a Dockerfile into its stages with dockerfile-ast (the parser behind dockerfile-utils),
 * so the test images take their entrypoint, command, user, working directory, environment,
 * ports and files from the production Dockerfile itself and cannot drift from it.
 */
import { type Copy, DockerfileParser, type ImageTemplate, type Instruction } from "dockerfile-ast";

/** One COPY: sources relative to the build context, or absolute paths inside stage `from`. */
export type CopyStep = { from: string | null; sources: string[]; dest: string };

/** A build stage's steps in order, as the test-image builder replays them. */
export type StageStep =
  | { kind: "workdir"; path: string }
  | { kind: "env"; name: string; value: string }
  | { kind: "copy"; copy: CopyStep }
  | { kind: "run"; command: string };

export type Stage = { name: string | null; base: string; steps: StageStep[] };

/** What the final stage puts in the image's config. */
export type ImageConfig = {
  workdir: string;
  env: [string, string][];
  user: string;
  exposedPorts: string[];
  entrypoint: string[];
  cmd: string[];
};

export type ParsedDockerfile = { stages: Stage[]; final: Stage; config: ImageConfig };

// Instructions whose only effect is metadata the builder reads separately (or none at all).
const CONFIG_ONLY = new Set(["FROM", "USER", "EXPOSE", "ENTRYPOINT", "CMD", "HEALTHCHECK", "LABEL", "ARG"]);

const unquote = (value: string): string =>
  value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;

/** The exec form's strings; a shell-form ENTRYPOINT/CMD would run /bin/sh, which test images lack. */
const execForm = (instruction: Instruction & { getJSONStrings?: () => { getJSONValue(): string }[] }): string[] => {
  const strings = instruction.getJSONStrings?.() ?? [];
  if (strings.length === 0)
    throw new Error(
      `line ${instruction.getRange().start.line + 1}: ${instruction.getKeyword()} must use the JSON (exec) form`,
    );
  return strings.map((s) => s.getJSONValue());
};

const copyStep = (copy: Copy): CopyStep => {
  const unsupported = copy.getFlags().filter((f) => f.getName() !== "from");
  if (unsupported.length > 0)
    throw new Error(
      `line ${copy.getRange().start.line + 1}: COPY --${unsupported[0]?.getName()} is not replayed by the test-image builder`,
    );
  const args = copy.getArguments().map((a) => a.getValue());
  const dest = args.at(-1);
  if (args.length < 2 || dest === undefined)
    throw new Error(`line ${copy.getRange().start.line + 1}: COPY needs a source and a destination`);
  return { from: copy.getFromFlag()?.getValue() ?? null, sources: args.slice(0, -1), dest };
};

const stageSteps = (stage: ImageTemplate): StageStep[] =>
  stage.getInstructions().flatMap((instruction): StageStep[] => {
    const keyword = instruction.getKeyword();
    if (keyword === "WORKDIR") return [{ kind: "workdir", path: instruction.getArgumentsContent() ?? "" }];
    if (keyword === "RUN") return [{ kind: "run", command: instruction.getArgumentsContent() ?? "" }];
    if (keyword === "COPY") return [{ kind: "copy", copy: copyStep(instruction as Copy) }];
    if (keyword === "ENV")
      return (instruction as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] })
        .getProperties()
        .map((p) => ({ kind: "env", name: p.getName(), value: unquote(p.getValue() ?? "") }));
    if (CONFIG_ONLY.has(keyword)) return [];
    throw new Error(
      `line ${instruction.getRange().start.line + 1}: ${keyword} is not replayed by the test-image builder`,
    );
  });

const last = <T>(items: T[], what: string): T => {
  const item = items.at(-1);
  if (item === undefined) throw new Error(`the final stage has no ${what}`);
  return item;
};

const imageConfig = (final: ImageTemplate, steps: StageStep[]): ImageConfig => {
  const workdirs = steps.flatMap((s) => (s.kind === "workdir" ? [s.path] : []));
  const instructions = final.getInstructions();
  const users = instructions.filter((i) => i.getKeyword() === "USER").map((i) => i.getArgumentsContent() ?? "");
  const exposed = instructions
    .filter((i) => i.getKeyword() === "EXPOSE")
    .flatMap((i) => i.getArguments().map((a) => (a.getValue().includes("/") ? a.getValue() : `${a.getValue()}/tcp`)));
  return {
    workdir: last(workdirs, "WORKDIR"),
    env: steps.flatMap((s): [string, string][] => (s.kind === "env" ? [[s.name, s.value]] : [])),
    user: last(users, "USER"),
    exposedPorts: exposed,
    entrypoint: execForm(last(final.getENTRYPOINTs(), "ENTRYPOINT")),
    cmd: execForm(last(final.getCMDs(), "CMD")),
  };
};

/** Parses `text`; throws on instructions the test-image builder cannot replay faithfully. */
export const parseDockerfile = (text: string): ParsedDockerfile => {
  const dockerfile = DockerfileParser.parse(text);
  const templates = dockerfile.getFROMs().map((from) => {
    const stage = dockerfile.getContainingImage(from.getRange().start);
    if (stage === null) throw new Error(`line ${from.getRange().start.line + 1}: FROM outside a stage`);
    return { from, stage };
  });
  const stages = templates.map(({ from, stage }) => ({
    name: from.getBuildStage(),
    base: from.getImage() ?? "",
    steps: stageSteps(stage),
  }));
  const finalTemplate = templates.at(-1);
  const final = stages.at(-1);
  if (finalTemplate === undefined || final === undefined) throw new Error("the Dockerfile has no FROM");
  return { stages, final, config: imageConfig(finalTemplate.stage, final.steps) };
};
