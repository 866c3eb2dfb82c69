// Parity check: runs an ONNX file in onnxruntime-node on a raw float32 input
// and compares each named output with PyTorch's raw float32 reference.
// Usage: node parity.mjs job.json   (job: {model, input: {name, file, dims}, outputs: [{name, file}], threads})
// Prints one JSON line: {"outputs": {name: {maxAbsDiff, dims}}}.
import { readFileSync } from 'node:fs';
import ort from 'onnxruntime-node';

const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const readF32 = (file) => {
  const b = readFileSync(file);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
};
const session = await ort.InferenceSession.create(job.model, { intraOpNumThreads: job.threads ?? 2, interOpNumThreads: 1 });
const input = new ort.Tensor('float32', readF32(job.input.file), job.input.dims);
const result = await session.run({ [job.input.name]: input });
const outputs = {};
for (const { name, file } of job.outputs) {
  const got = result[name];
  if (!got) throw new Error(`parity: output "${name}" missing from ${job.model} (has ${Object.keys(result).join(', ')})`);
  const ref = readF32(file);
  if (ref.length !== got.data.length) throw new Error(`parity: output "${name}" has ${got.data.length} values, PyTorch gave ${ref.length}`);
  let max = 0;
  for (let i = 0; i < ref.length; i++) max = Math.max(max, Math.abs(ref[i] - got.data[i]));
  outputs[name] = { maxAbsDiff: max, dims: got.dims };
}
process.stdout.write(JSON.stringify({ outputs }) + '\n');
