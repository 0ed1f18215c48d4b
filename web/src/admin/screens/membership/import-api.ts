// The imports API as the import screen uses it: a first look at the file, a streamed upload with progress
// (XMLHttpRequest reports upload progress; fetch does not), and following an import until it ends.
import { ApiError, api, csrfHeader, query } from '../../../shared/api.ts';

export interface CsvInspection {
  /** The encoding the sample was read with, and what `auto` picks from the evidence. */
  encoding: string;
  detectedEncoding: string;
  evidence: { bom: boolean; validMultibyte: number; invalidBytes: number; utf8Share: number };
  delimiter: string;
  header: string[];
  sample: string[][];
  suggested: Record<string, string>;
  ignored: string[];
  targets: string[];
}

export interface ImportCounts {
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface ImportJob {
  id: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  dryRun: boolean;
  fileName: string;
  counts: ImportCounts;
  effects?: { phonesDropped?: number } & Record<string, unknown>;
  progress: { rowsDone: number; bytesDone: number; sizeBytes: number; percent: number };
  report: { ignoredColumns?: string[] } & Record<string, unknown>;
  sameAsImportId: string | null;
  failure: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface RejectedRow {
  row: number;
  error: string;
  /** The reason's stable code and details (worded by importReason). */
  code: string;
  details: Record<string, unknown>;
  values: Record<string, string>;
}

/** Countries offered for phones without a country code (the program's own comes first). */
export const PHONE_REGIONS = [
  'IL',
  'IR',
  'AE',
  'TR',
  'AF',
  'IQ',
  'JO',
  'EG',
  'US',
  'CA',
  'GB',
  'FR',
  'DE',
  'RU',
  'UA',
];

export const INSPECT_BYTES = 256 * 1024;
export const IDENTITY_TARGETS = ['external_id', 'email', 'phone'];

/** The encodings a person can choose for a file; `auto` reads what the bytes point to. */
export const FILE_ENCODINGS = ['auto', 'utf8', 'windows-1255', 'windows-1256'] as const;
export type FileEncoding = (typeof FILE_ENCODINGS)[number];

export async function inspectFile(
  base: string,
  file: File,
  encoding: FileEncoding = 'auto',
): Promise<CsvInspection> {
  const head = file.slice(0, INSPECT_BYTES);
  const complete = file.size <= INSPECT_BYTES;
  const response = await fetch(`${base}/imports/inspect${query({ complete, encoding })}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', accept: 'application/json', ...csrfHeader() },
    credentials: 'same-origin',
    body: head,
  }).catch(() => {
    throw new ApiError('network_error', 0, 'The server could not be reached');
  });
  const data = (await response.json().catch(() => ({}))) as CsvInspection & {
    error?: { code: string; message: string };
  };
  if (!response.ok) {
    throw new ApiError(
      data.error?.code ?? 'http_error',
      response.status,
      data.error?.message ?? response.statusText,
    );
  }
  return data;
}

/** "email=E-mail,first_name=שם" from target → header (headers with a comma cannot be named this way). */
export function mapSpec(mapping: Record<string, string>): string {
  return Object.entries(mapping)
    .map(([target, header]) => `${target}=${header}`)
    .join(',');
}

/** Streams the file to the API (the browser reads it from disk as it sends); reports the bytes sent. */
export function uploadFile(
  base: string,
  file: File,
  options: {
    dryRun: boolean;
    map: string;
    encoding: FileEncoding;
    /** Country of phones written without a country code (a row's phone_country column wins). */
    region?: string;
    invalidPhone?: 'reject' | 'keep_row';
  },
  onProgress: (sent: number, total: number) => void,
): Promise<ImportJob> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const q = query({
      dryRun: options.dryRun,
      map: options.map || undefined,
      fileName: file.name,
      encoding: options.encoding,
      region: options.region,
      invalidPhone: options.invalidPhone,
    });
    xhr.open('POST', `${base}/imports${q}`);
    xhr.setRequestHeader('content-type', 'text/csv');
    xhr.setRequestHeader('accept', 'application/json');
    for (const [k, v] of Object.entries(csrfHeader())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => reject(new ApiError('network_error', 0, 'The server could not be reached'));
    xhr.onload = () => {
      let data: unknown;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = undefined;
      }
      if (xhr.status === 202) return resolve(data as ImportJob);
      const error = (data as { error?: { code: string; message: string; details?: Record<string, unknown> } })
        ?.error;
      reject(
        new ApiError(
          error?.code ?? 'http_error',
          xhr.status,
          error?.message ?? xhr.statusText,
          error?.details,
        ),
      );
    };
    xhr.send(file);
  });
}

export const isFinished = (job: ImportJob) => job.status === 'completed' || job.status === 'failed';

/** Asks for the import's state until it has finished, reporting each answer. */
export async function followImport(
  base: string,
  id: string,
  onUpdate: (job: ImportJob) => void,
  signal: AbortSignal,
): Promise<ImportJob> {
  for (;;) {
    const job = await api.get<ImportJob>(`${base}/imports/${id}`, { signal });
    onUpdate(job);
    if (isFinished(job)) return job;
    await new Promise((resolve) => setTimeout(resolve, 600));
    if (signal.aborted) throw new DOMException('aborted', 'AbortError');
  }
}

export const errorsUrl = (base: string, id: string) => `${base}/imports/${id}/errors`;
