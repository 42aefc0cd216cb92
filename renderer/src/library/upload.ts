import type { LiveManagerApi } from '../bridge/api';

/** Where an upload is: bytes sent so far out of the file's size. */
export interface UploadProgress {
  readonly name: string;
  readonly sentBytes: number;
  readonly totalBytes: number;
}

/**
 * One file from the page (picker or drop) into the engine's library: a single-use URL from
 * `library.uploadUrl`, then a PUT of the bytes (XHR: fetch cannot report upload progress).
 * Resolves with the new item's id; rejects with the engine's sentence.
 */
export async function uploadFile(
  api: Pick<LiveManagerApi, 'library'>,
  file: File,
  onProgress: (progress: UploadProgress) => void,
): Promise<{ itemId: string; duplicate: boolean }> {
  const { url } = await api.library.uploadUrl({ name: file.name, sizeBytes: file.size });
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.upload.onprogress = (event) => onProgress({ name: file.name, sentBytes: event.loaded, totalBytes: file.size });
    xhr.onload = () => {
      if (xhr.status === 200) resolve(JSON.parse(xhr.responseText) as { itemId: string; duplicate: boolean });
      else reject(new Error(xhr.responseText || `The upload of ${file.name} failed (${xhr.status}).`));
    };
    xhr.onerror = () => reject(new Error(`The upload of ${file.name} was cut off.`));
    // The bytes without their MIME type: a Content-Type header would need a CORS preflight the upload route does not allow.
    xhr.send(file.slice(0, file.size, ''));
  });
}
