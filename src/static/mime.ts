// A small table of the types a web site serves; anything else is application/octet-stream.
// Text types carry a charset (Flask and Werkzeug add utf-8 to text/*); JavaScript is text/javascript
// (RFC 9239).
const TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  htm: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  cjs: 'text/javascript; charset=utf-8',
  json: 'application/json',
  map: 'application/json',
  webmanifest: 'application/manifest+json',
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  vtt: 'text/vtt; charset=utf-8',
  ics: 'text/calendar; charset=utf-8',
  xml: 'application/xml',
  xhtml: 'application/xhtml+xml',
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  jxl: 'image/jxl',
  ico: 'image/vnd.microsoft.icon',
  bmp: 'image/bmp',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  wasm: 'application/wasm',
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
  tar: 'application/x-tar',
  // Not registered with IANA: the type every 7-Zip tool and browser uses.
  '7z': 'application/x-7z-compressed',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  wav: 'audio/wav',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  flac: 'audio/flac',
  mp4: 'video/mp4',
  webm: 'video/webm',
  ogv: 'video/ogg',
  mov: 'video/quicktime',
}

/**
 * The `Content-Type` for a file name, by its extension (case-insensitive); `application/octet-stream`
 * when unknown. Flask: `mimetypes.guess_type` as `send_file` uses it.
 *
 * @example
 * contentTypeFor('app.css') // 'text/css; charset=utf-8'
 */
export function contentTypeFor(filename: string): string {
  const dot = filename.lastIndexOf('.')
  const slash = Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\'))
  if (dot <= slash + 1) return 'application/octet-stream'
  const ext = filename.slice(dot + 1).toLowerCase()
  // An own-key check: `constructor` or `__proto__` is not an extension of the table.
  return Object.hasOwn(TYPES, ext) ? (TYPES[ext] as string) : 'application/octet-stream'
}
