import { endianness } from "node:os";

type Numeric = Float32Array | Int32Array | BigInt64Array;

/** The array's bytes in little-endian order (ONNX's raw_data layout), whatever the machine's order. */
export const littleEndianBytes = (array: Numeric): Uint8Array => {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  if (endianness() === "LE") return bytes;
  const width = array.BYTES_PER_ELEMENT;
  const swapped = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += width)
    for (let j = 0; j < width; j++) swapped[i + j] = bytes[i + width - 1 - j]!;
  return swapped;
};
