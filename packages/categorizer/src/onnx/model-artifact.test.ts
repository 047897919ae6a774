import assert from "node:assert/strict";
import { after, test } from "node:test";
import onnxProto from "onnx-proto";
import { explain, probabilities } from "../predict.ts";
import { birminghamRows } from "../test-support/birmingham.ts";
import { trainModel } from "../train-model.ts";
import { METADATA_KEYS } from "./artifact-metadata.ts";
import { encodeOnnx } from "./export-onnx.ts";
import { type ArtifactModel, loadModelArtifact, sha256Hex } from "./model-artifact.ts";

const { onnx } = onnxProto;

// A slice keeps training fast; every third row of the next stretch is scored (held out). A
// temperature other than 1 proves the graph and the reference both apply it.
const rows = birminghamRows();
const trained = trainModel(rows.slice(0, 3000), { epochs: 2 });
const model = { ...trained, temperature: 1.7 };
const scored = rows.slice(3000, 3900).filter((_, i) => i % 3 === 0);
const fp32 = encodeOnnx(model, "fp32");
const int8 = encodeOnnx(model, "int8");

const loaded = async (bytes: Uint8Array): Promise<ArtifactModel> => {
  const artifact = await loadModelArtifact(bytes);
  after(() => artifact.release());
  return artifact;
};

test("the fp32 artifact alone scores as the TypeScript reference: probabilities within 1e-5, same pick, same explanation", async () => {
  const artifact = await loaded(fp32);
  assert.deepEqual(artifact.labels, model.labels);
  assert.equal(artifact.quantization, "fp32");
  assert.equal(artifact.temperature, 1.7);
  assert.deepEqual(artifact.settings, model.settings);
  assert.equal(artifact.training.rows, 3000);
  const results = await artifact.score(scored, model.labels.length);
  assert.equal(results.length, scored.length);
  scored.forEach((input, i) => {
    const reference = probabilities(model, input);
    const { labels, explanation } = results[i]!;
    assert.equal(labels.length, model.labels.length);
    for (const { label, confidence } of labels) {
      const expected = reference[model.labels.indexOf(label)]!;
      assert.ok(Math.abs(confidence - expected) <= 1e-5, `row ${i} ${label}: ${confidence} vs ${expected}`);
    }
    const why = explain(model, input, 3);
    assert.equal(labels[0]!.label, why.category, `row ${i}`);
    assert.deepEqual(
      explanation.map((e) => e.feature),
      why.reasons.map((r) => r.feature),
      `row ${i}`,
    );
    explanation.forEach((e, j) => {
      assert.ok(Math.abs(e.weight - why.reasons[j]!.weight) <= 1e-6);
    });
  });
  assert.ok(scored.length >= 300);
  // Guards against a vacuous pass (every probability 1/C, or no explanation ever given).
  assert.ok(results.some((r) => r.labels[0]!.confidence > 0.5));
  assert.ok(new Set(results.map((r) => r.labels[0]!.label)).size > 5);
  assert.ok(results.filter((r) => r.explanation.length === 3).length > scored.length / 2);
});

test("top labels come best first, default four; a batch scores each row as it scores alone", async () => {
  const artifact = await loaded(fp32);
  const batch = await artifact.score(scored.slice(0, 20));
  for (let i = 0; i < 20; i++) {
    const { labels } = batch[i]!;
    assert.equal(labels.length, 4);
    for (let j = 1; j < labels.length; j++) assert.ok(labels[j - 1]!.confidence >= labels[j]!.confidence);
    const [alone] = await artifact.score([scored[i]!]);
    assert.deepEqual(
      alone!.labels.map((l) => l.label),
      labels.map((l) => l.label),
    );
    alone!.labels.forEach((l, j) => {
      assert.ok(Math.abs(l.confidence - labels[j]!.confidence) <= 1e-6);
    });
  }
  assert.deepEqual(await artifact.score([]), []);
  assert.equal((await artifact.score(scored.slice(0, 1), 1))[0]!.labels.length, 1);
  await assert.rejects(artifact.score([{ description: "x", amount: Number.NaN }]), /input 0: amount NaN/);
  await assert.rejects(artifact.score(scored.slice(0, 1), 0), /top must be a whole number of at least 1, not 0/);
});

test("explain: false gives empty explanations and the same labels and confidences as explain: true, fp32 and int8", async () => {
  for (const bytes of [fp32, int8]) {
    const artifact = await loaded(bytes);
    const [withReasons, without, byDefault] = [
      await artifact.score(scored, 4, { explain: true }),
      await artifact.score(scored, 4, { explain: false }),
      await artifact.score(scored),
    ];
    assert.ok(withReasons.some((r) => r.explanation.length > 0));
    assert.deepEqual(byDefault, withReasons);
    assert.deepEqual(
      without.map((r) => r.explanation),
      scored.map(() => []),
    );
    assert.deepEqual(
      without.map((r) => r.labels),
      withReasons.map((r) => r.labels),
    );
  }
});

test("the int8 artifact is under half the size and agrees with fp32 on the top class for at least 99 % of held-out rows", async () => {
  const artifact = await loaded(int8);
  assert.equal(artifact.quantization, "int8");
  assert.ok(int8.length < fp32.length / 2, `${int8.length} vs ${fp32.length}`);
  const [a, b] = [await artifact.score(scored, 1), await (await loaded(fp32)).score(scored, 1)];
  const agree = a.filter((r, i) => r.labels[0]!.label === b[i]!.labels[0]!.label).length;
  assert.ok(agree / scored.length >= 0.99, `${agree} of ${scored.length}`);
  assert.ok(a.some((r) => r.explanation.length > 0));
});

/** The fp32 file re-encoded after `edit`: a well-formed ONNX model that is not a valid one of ours. */
const edited = (edit: (m: InstanceType<typeof onnx.ModelProto>) => void): Uint8Array => {
  const m = onnx.ModelProto.decode(fp32);
  edit(m);
  return onnx.ModelProto.encode(m).finish();
};

test("bytes that are not a valid model of ours are refused with an error naming the problem", async () => {
  await assert.rejects(loadModelArtifact(new TextEncoder().encode("not a model at all")), /not an ONNX model/);
  await assert.rejects(
    loadModelArtifact(edited((m) => (m.metadataProps = []))),
    /metadata fincoach\.format is missing: not a FinCoach categorizer model/,
  );
  await assert.rejects(
    loadModelArtifact(edited((m) => (m.metadataProps = m.metadataProps.filter((p) => p.key !== METADATA_KEYS.labels)))),
    /metadata fincoach\.labels is missing/,
  );
  await assert.rejects(
    loadModelArtifact(
      edited((m) => {
        const labels = m.metadataProps.find((p) => p.key === METADATA_KEYS.labels)!;
        labels.value = JSON.stringify(JSON.parse(labels.value!).slice(1));
      }),
    ),
    /initializer W has shape \[\d+, \d+\], not \[\d+, \d+\]/,
  );
  await assert.rejects(
    loadModelArtifact(
      edited((m) => {
        const temperature = m.metadataProps.find((p) => p.key === METADATA_KEYS.temperature)!;
        temperature.value = "-1";
      }),
    ),
    /metadata fincoach\.temperature/,
  );
  await assert.rejects(
    loadModelArtifact(
      edited((m) => {
        m.graph!.initializer = m.graph!.initializer!.filter((t) => t.name !== "row_of");
      }),
    ),
    /initializer row_of is missing/,
  );
  await assert.rejects(
    loadModelArtifact(
      edited((m) => {
        const w = m.graph!.initializer!.find((t) => t.name === "W")!;
        w.rawData = Uint8Array.from(w.rawData!);
        w.rawData[3] = 0x3f; // the first float of row 0 becomes 0.5
      }),
    ),
    /initializer W's row 0 is not the zero row/,
  );
  await assert.rejects(loadModelArtifact(fp32.subarray(0, fp32.length - 1000)), /not an ONNX model|initializer/);
});

test("sha256Hex is the lower-case hex digest", () => {
  assert.equal(
    sha256Hex(new TextEncoder().encode("abc")),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
});
