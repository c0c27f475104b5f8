/**
 * Base64 as Go's encoding/base64 StdEncoding decodes it, which is how the API server reads a `[]byte` field (a
 * Secret's `data`, a `caBundle`) and how go-yaml reads a `!!binary` scalar: the standard alphabet, padded, line
 * breaks (CR, LF) skipped anywhere. A Secret's `data: {password: hunter2}` does not decode ("illegal base64 data at
 * input byte 4").
 */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const withoutLineBreaks = (text: string) => (text.includes('\r') || text.includes('\n') ? text.replace(/[\r\n]/g, '') : text);

export function isGoBase64(text: string): boolean {
  return BASE64.test(withoutLineBreaks(text));
}

/** The bytes of Go base64 text; undefined when Go would not decode it. */
export function decodeGoBase64(text: string): Buffer | undefined {
  const compact = withoutLineBreaks(text);
  return BASE64.test(compact) ? Buffer.from(compact, 'base64') : undefined;
}
