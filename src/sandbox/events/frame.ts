import protobuf from "protobufjs";

// The long connection's binary frame, protobuf `pbbp2.Frame` (proto2), field for field as the SDK
// defines it (§5.2, SDK lib:101509). Declared here with protobufjs reflection so the bytes on the
// wire are the ones the SDK's generated static code reads and writes.

const root = protobuf.Root.fromJSON({
  nested: {
    pbbp2: {
      nested: {
        Header: {
          fields: {
            key: { rule: "required", type: "string", id: 1 },
            value: { rule: "required", type: "string", id: 2 },
          },
        },
        Frame: {
          fields: {
            SeqID: { rule: "required", type: "uint64", id: 1 },
            LogID: { rule: "required", type: "uint64", id: 2 },
            service: { rule: "required", type: "int32", id: 3 },
            method: { rule: "required", type: "int32", id: 4 },
            headers: { rule: "repeated", type: "Header", id: 5 },
            payloadEncoding: { type: "string", id: 6 },
            payloadType: { type: "string", id: 7 },
            payload: { type: "bytes", id: 8 },
            LogIDNew: { type: "string", id: 9 },
          },
        },
      },
    },
  },
});
const FrameType = root.lookupType("pbbp2.Frame");

/** §5.2: method 0 = control (ping/pong), 1 = data (events and their acknowledgements). */
export const FrameMethod = { control: 0, data: 1 } as const;

export interface FrameHeader {
  readonly key: string;
  readonly value: string;
}

export interface Frame {
  readonly SeqID: number;
  readonly LogID: number;
  readonly service: number;
  readonly method: number;
  readonly headers: readonly FrameHeader[];
  readonly payload?: Uint8Array;
}

export function encodeFrame(frame: Frame): Uint8Array {
  return FrameType.encode(FrameType.fromObject(frame)).finish();
}

export function decodeFrame(bytes: Uint8Array): Frame {
  const decoded = FrameType.toObject(FrameType.decode(bytes), { longs: Number, bytes: Buffer, defaults: false });
  return {
    SeqID: Number(decoded["SeqID"] ?? 0),
    LogID: Number(decoded["LogID"] ?? 0),
    service: Number(decoded["service"] ?? 0),
    method: Number(decoded["method"] ?? 0),
    headers: (decoded["headers"] as FrameHeader[] | undefined) ?? [],
    ...(decoded["payload"] ? { payload: decoded["payload"] as Uint8Array } : {}),
  };
}

export function headerOf(frame: Frame, key: string): string | undefined {
  return frame.headers.find((h) => h.key === key)?.value;
}
