import fs from 'node:fs';
import { pipeline, Transform, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { AppError } from '../shared/index.js';

export interface Input {
  /** The file's bytes, decompressed when it is gzip. */
  stream: Readable;
  gzip: boolean;
  /** Size of the file as stored. */
  totalBytes: number;
  /** Bytes of the file as stored read so far: meaningful progress for .gz too. */
  bytesRead(): number;
  modifiedAt: number;
}

const GZIP_MAGIC = [0x1f, 0x8b];

async function startsWithGzipMagic(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  } finally {
    await handle.close();
  }
}

/** The file's stat, or `import_file_not_found` when it does not exist or is not a regular file. */
export async function statInput(file: string): Promise<fs.Stats> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch (cause) {
    throw new AppError('import_file_not_found', `No such file: ${file}`, { file }, { cause });
  }
  if (!stat.isFile()) throw new AppError('import_file_not_found', `Not a file: ${file}`, { file });
  return stat;
}

/** Opens a file for streaming: gunzipped when it ends in `.gz` or starts with the gzip magic bytes. */
export async function openInput(file: string): Promise<Input> {
  const stat = await statInput(file);
  let gzip: boolean;
  try {
    gzip = file.toLowerCase().endsWith('.gz') || (await startsWithGzipMagic(file));
  } catch (cause) {
    throw new AppError('import_file_not_found', `Cannot read ${file}`, { file }, { cause });
  }
  let read = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      read += chunk.length;
      callback(null, chunk);
    },
  });
  const raw = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  // Errors surface where the stream is consumed; the callback only keeps pipeline from throwing them twice.
  const ignore = () => {};
  const stream = gzip ? pipeline(raw, counter, zlib.createGunzip(), ignore) : pipeline(raw, counter, ignore);
  return { stream, gzip, totalBytes: stat.size, bytesRead: () => read, modifiedAt: Math.floor(stat.mtimeMs) };
}
