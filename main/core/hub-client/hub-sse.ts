/**
 * A parser for Server-Sent Events (the WHATWG "event stream" format), fed text as it arrives in
 * chunks of any size: a line, a field or a CRLF may be split between two chunks. Comments
 * (`: keep-alive`) are reported separately so the reader can tell a quiet stream from a dead one.
 * Small on purpose: the hub sends `id`, `event` and one `data` line per message.
 */
export interface SseMessage {
  /** The `id:` field of this message, or null when it had none. */
  id: string | null;
  /** `event:`; "message" when absent, as in browsers. */
  event: string;
  /** Every `data:` line, joined with "\n". */
  data: string;
}

export interface SseParser {
  /** Feeds the next chunk of text; returns the messages it completed. */
  push(chunk: string): SseMessage[];
  /** How many comment lines were seen (keep-alives). */
  readonly comments: number;
}

export function createSseParser(): SseParser {
  let buffer = '';
  let id: string | null = null;
  let event = '';
  let data: string[] = [];
  let comments = 0;
  // A chunk that ended on "\r" may be followed by "\n": one line end, not two.
  let skipLeadingLf = false;

  const line = (text: string, out: SseMessage[]) => {
    if (text === '') {
      if (data.length > 0) out.push({ id, event: event || 'message', data: data.join('\n') });
      id = null;
      event = '';
      data = [];
      return;
    }
    if (text.startsWith(':')) {
      comments += 1;
      return;
    }
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id' && !value.includes('\0')) id = value;
    // `retry` and unknown fields: ignored (the client keeps its own backoff).
  };

  return {
    push(chunk) {
      const out: SseMessage[] = [];
      let text = chunk;
      if (skipLeadingLf && text.startsWith('\n')) text = text.slice(1);
      skipLeadingLf = false;
      buffer += text;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer[i];
        if (c !== '\n' && c !== '\r') continue;
        line(buffer.slice(start, i), out);
        if (c === '\r') {
          if (i + 1 === buffer.length) skipLeadingLf = true;
          else if (buffer[i + 1] === '\n') i += 1;
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
      return out;
    },
    get comments() {
      return comments;
    },
  };
}
