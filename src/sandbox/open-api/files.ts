import { json, parseMultipart, type ApiRequest, type Router } from "../http-kit.ts";
import { PlatformError } from "../platform-error.ts";
import type { PlatformState } from "../platform-state.ts";

// §1.6 uploads: multipart `file_type, file_name, duration?, file` (≤ 30 MB, not empty) and
// `image_type, image` (≤ 10 MB). The 234xxx codes are UNCONFIRMED: the reference gives none.

const fileTypes = ["opus", "mp4", "pdf", "doc", "xls", "ppt", "stream"];
const limits = { fileBytes: 30 * 1024 * 1024, imageBytes: 10 * 1024 * 1024 };
const uploadError = (code: number, msg: string) => new PlatformError(400, code, msg);

function partsOf(req: ApiRequest) {
  const parts = parseMultipart(req.rawBody, req.headers["content-type"]);
  const field = (name: string) => parts.find((p) => p.name === name && p.filename === undefined)?.data.toString("utf8");
  // Some clients send the file part without a filename; any part with the expected name counts.
  const file = (name: string) => parts.find((p) => p.name === name && p.filename !== undefined) ?? parts.find((p) => p.name === name);
  return { field, file };
}

export function registerFileRoutes(router: Router, state: PlatformState): void {
  router.add("POST", "/open-apis/im/v1/files", (req) => {
    const { field, file } = partsOf(req);
    const fileType = field("file_type");
    const fileName = field("file_name");
    const duration = field("duration");
    const upload = file("file");
    if (!fileType || !fileTypes.includes(fileType)) throw uploadError(234001, `invalid file_type: ${String(fileType)}`);
    if (!fileName) throw uploadError(234001, "file_name is required");
    if (!upload) throw uploadError(234001, "file is required");
    if (upload.data.length === 0) throw uploadError(234010, "File's size can't be 0.");
    if (upload.data.length > limits.fileBytes) throw uploadError(234006, "The file size exceed the max value (30 MB).");
    const stored = state.files.add({
      kind: "file",
      type: fileType,
      fileName,
      contentType: upload.contentType ?? "application/octet-stream",
      bytes: Buffer.from(upload.data),
      uploadedAt: state.clock.now(),
      ...(duration ? { durationMs: Number(duration) } : {}),
    });
    return json({ code: 0, msg: "success", data: { file_key: stored.key } });
  });

  router.add("POST", "/open-apis/im/v1/images", (req) => {
    const { field, file } = partsOf(req);
    const imageType = field("image_type");
    const upload = file("image");
    if (imageType !== "message" && imageType !== "avatar") throw uploadError(234001, `invalid image_type: ${String(imageType)}`);
    if (!upload || upload.data.length === 0) throw uploadError(234010, "image is required and cannot be empty");
    if (upload.data.length > limits.imageBytes) throw uploadError(234006, "The image size exceed the max value (10 MB).");
    const stored = state.files.add({
      kind: "image",
      type: imageType,
      fileName: upload.filename ?? "image",
      contentType: upload.contentType ?? "application/octet-stream",
      bytes: Buffer.from(upload.data),
      uploadedAt: state.clock.now(),
    });
    return json({ code: 0, msg: "success", data: { image_key: stored.key } });
  });
}
