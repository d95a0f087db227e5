import { newFileKey, newImageKey } from "./ids.ts";

// Uploads (§1.6) kept in memory so messages can reference them and the sandbox page can download
// them again through `GET /_sandbox/files/:key`.

export interface StoredFile {
  readonly key: string;
  readonly kind: "file" | "image";
  /** §1.6 file_type (opus|mp4|pdf|doc|xls|ppt|stream) or image_type (message|avatar). */
  readonly type: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly bytes: Buffer;
  readonly uploadedAt: number;
  readonly durationMs?: number;
}

export class FileStore {
  private readonly files = new Map<string, StoredFile>();

  add(file: Omit<StoredFile, "key">): StoredFile {
    const key = file.kind === "image" ? newImageKey() : newFileKey();
    const stored = { ...file, key };
    this.files.set(key, stored);
    return stored;
  }

  get(key: string): StoredFile | undefined {
    return this.files.get(key);
  }

  all(): StoredFile[] {
    return [...this.files.values()];
  }
}
