//! A minimal RESP2 codec: commands out (arrays of bulk strings), replies in (the five RESP2
//! types), parsed incrementally from a buffer that may hold a partial reply or several
//! pipelined ones.
//!
//! Replies come from a network peer, so the decoder is strict and bounded: every line must end
//! in `\r\n`, lengths are checked before anything is allocated, nesting is capped, and a
//! reply larger than [`MAX_BULK`] is an error rather than an unbounded buffer.

use std::fmt;

/// The largest bulk string accepted (veysi only reads back the small values it wrote).
pub const MAX_BULK: usize = 16 << 20;
/// The largest array accepted.
const MAX_ARRAY: usize = 1 << 20;
/// The deepest nesting of arrays accepted.
const MAX_DEPTH: usize = 8;
/// The longest simple-string, error or integer line accepted.
const MAX_LINE: usize = 64 << 10;

/// One RESP2 reply.
#[derive(Clone, PartialEq, Eq)]
pub enum Reply {
    /// `+OK`
    Simple(String),
    /// `-ERR ...`: the server refused the command.
    Error(String),
    /// `:42`
    Integer(i64),
    /// `$3\r\nfoo` (`None` for the null bulk string `$-1`).
    Bulk(Option<Vec<u8>>),
    /// `*2\r\n...` (`None` for the null array `*-1`).
    Array(Option<Vec<Reply>>),
}

impl fmt::Debug for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reply::Simple(s) => write!(f, "+{s}"),
            Reply::Error(s) => write!(f, "-{s}"),
            Reply::Integer(n) => write!(f, ":{n}"),
            Reply::Bulk(None) => f.write_str("$nil"),
            Reply::Bulk(Some(b)) => write!(f, "${:?}", String::from_utf8_lossy(b)),
            Reply::Array(None) => f.write_str("*nil"),
            Reply::Array(Some(items)) => f.debug_list().entries(items).finish(),
        }
    }
}

/// The peer sent something that is not a RESP2 reply veysi accepts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid RESP reply: {0}")]
pub struct ProtocolError(pub String);

/// Appends one command (`SET key value`, ...) as a RESP array of bulk strings.
pub fn encode(buf: &mut Vec<u8>, args: &[&[u8]]) {
    header(buf, b'*', args.len());
    for arg in args {
        header(buf, b'$', arg.len());
        buf.extend_from_slice(arg);
        buf.extend_from_slice(b"\r\n");
    }
}

fn header(buf: &mut Vec<u8>, kind: u8, len: usize) {
    use std::io::Write as _;
    let _ = write!(buf, "{}{len}\r\n", char::from(kind)); // writing to a Vec cannot fail
}

/// Decodes one reply from the start of `buf`: `Ok(None)` when `buf` holds only part of it,
/// else the reply and the number of bytes it took.
pub fn decode(buf: &[u8]) -> Result<Option<(Reply, usize)>, ProtocolError> {
    let mut at = 0;
    Ok(reply(buf, &mut at, 0)?.map(|r| (r, at)))
}

/// Parses the reply starting at `*at`, advancing `*at` past it when it is complete.
fn reply(buf: &[u8], at: &mut usize, depth: usize) -> Result<Option<Reply>, ProtocolError> {
    let Some(line) = line(buf, *at)? else { return Ok(None) };
    let (kind, text) = (line[0], &line[1..]);
    let mut next = *at + line.len() + 2;
    let parsed = match kind {
        b'+' => Reply::Simple(String::from_utf8_lossy(text).into_owned()),
        b'-' => Reply::Error(String::from_utf8_lossy(text).into_owned()),
        b':' => Reply::Integer(integer(text)?),
        b'$' => match length(text, MAX_BULK, "bulk string")? {
            None => Reply::Bulk(None),
            Some(len) => {
                if buf.len() < next + len + 2 {
                    return Ok(None);
                }
                if &buf[next + len..next + len + 2] != b"\r\n" {
                    return Err(ProtocolError(format!("bulk string of {len} bytes is not followed by CRLF")));
                }
                let bytes = buf[next..next + len].to_vec();
                next += len + 2;
                Reply::Bulk(Some(bytes))
            }
        },
        b'*' => match length(text, MAX_ARRAY, "array")? {
            None => Reply::Array(None),
            Some(len) => {
                if depth >= MAX_DEPTH {
                    return Err(ProtocolError(format!("arrays nested deeper than {MAX_DEPTH}")));
                }
                let mut items = Vec::with_capacity(len.min(64));
                for _ in 0..len {
                    match reply(buf, &mut next, depth + 1)? {
                        Some(item) => items.push(item),
                        None => return Ok(None),
                    }
                }
                Reply::Array(Some(items))
            }
        },
        other => {
            return Err(ProtocolError(format!(
                "unknown reply type {:?} (only RESP2 is spoken)",
                char::from(other)
            )));
        }
    };
    *at = next;
    Ok(Some(parsed))
}

/// The line starting at `at`, without its `\r\n`; `None` until the whole line is there.
fn line(buf: &[u8], at: usize) -> Result<Option<&[u8]>, ProtocolError> {
    let rest = &buf[at.min(buf.len())..];
    let window = &rest[..rest.len().min(MAX_LINE + 2)];
    match window.iter().position(|&b| b == b'\n') {
        Some(0) => Err(ProtocolError("empty line".into())),
        Some(end) if window[end - 1] == b'\r' && end >= 2 => Ok(Some(&rest[..end - 1])),
        Some(_) => Err(ProtocolError("a line ends in LF without CR, or is empty".into())),
        None if window.len() > MAX_LINE => {
            Err(ProtocolError(format!("a reply line is longer than {MAX_LINE} bytes")))
        }
        None => Ok(None),
    }
}

/// A signed decimal integer, strictly: digits only after an optional `-`.
fn integer(text: &[u8]) -> Result<i64, ProtocolError> {
    let digits = text.strip_prefix(b"-").unwrap_or(text);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err(ProtocolError(format!("{:?} is not an integer", String::from_utf8_lossy(text))));
    }
    std::str::from_utf8(text)
        .ok()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| ProtocolError(format!("{} does not fit in 64 bits", String::from_utf8_lossy(text))))
}

/// A bulk-string or array length: `None` for -1 (null), else at most `max`.
fn length(text: &[u8], max: usize, what: &str) -> Result<Option<usize>, ProtocolError> {
    match integer(text)? {
        -1 => Ok(None),
        n if n < 0 => Err(ProtocolError(format!("negative {what} length {n}"))),
        n => match usize::try_from(n) {
            Ok(len) if len <= max => Ok(Some(len)),
            _ => Err(ProtocolError(format!("{what} of {n} elements or bytes is above the limit of {max}"))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(bytes: &[u8]) -> Reply {
        let (reply, used) = decode(bytes).unwrap().expect("a complete reply");
        assert_eq!(used, bytes.len(), "the whole input is one reply");
        reply
    }

    #[test]
    fn commands_are_arrays_of_bulk_strings() {
        let mut buf = Vec::new();
        encode(&mut buf, &[b"SET", b"user:1", b""]);
        encode(&mut buf, &[b"GET", b"a\r\nb"]);
        assert_eq!(
            buf,
            b"*3\r\n$3\r\nSET\r\n$6\r\nuser:1\r\n$0\r\n\r\n*2\r\n$3\r\nGET\r\n$4\r\na\r\nb\r\n".to_vec()
        );
    }

    #[test]
    fn every_resp2_type_decodes() {
        assert_eq!(one(b"+OK\r\n"), Reply::Simple("OK".into()));
        assert_eq!(one(b"-ERR unknown command\r\n"), Reply::Error("ERR unknown command".into()));
        assert_eq!(one(b":-42\r\n"), Reply::Integer(-42));
        assert_eq!(one(b"$5\r\nhello\r\n"), Reply::Bulk(Some(b"hello".to_vec())));
        assert_eq!(one(b"$0\r\n\r\n"), Reply::Bulk(Some(Vec::new())));
        assert_eq!(one(b"$-1\r\n"), Reply::Bulk(None));
        assert_eq!(one(b"*-1\r\n"), Reply::Array(None));
        assert_eq!(one(b"*0\r\n"), Reply::Array(Some(vec![])));
        assert_eq!(
            one(b"*3\r\n:1\r\n$2\r\n\r\n\r\n*1\r\n+x\r\n"),
            Reply::Array(Some(vec![
                Reply::Integer(1),
                Reply::Bulk(Some(b"\r\n".to_vec())),
                Reply::Array(Some(vec![Reply::Simple("x".into())]))
            ]))
        );
    }

    #[test]
    fn pipelined_replies_decode_one_after_another() {
        let buf = b"+OK\r\n$1\r\nv\r\n$-1\r\n";
        let mut at = 0;
        let mut replies = Vec::new();
        while let Some((reply, used)) = decode(&buf[at..]).unwrap() {
            replies.push(reply);
            at += used;
        }
        assert_eq!(at, buf.len());
        assert_eq!(
            replies,
            [Reply::Simple("OK".into()), Reply::Bulk(Some(b"v".to_vec())), Reply::Bulk(None)]
        );
    }

    #[test]
    fn every_prefix_of_a_reply_is_incomplete_not_an_error() {
        let full: &[u8] = b"*2\r\n$5\r\nhello\r\n*1\r\n:7\r\n";
        for cut in 0..full.len() {
            assert_eq!(decode(&full[..cut]), Ok(None), "prefix of {cut} bytes");
        }
        assert!(decode(full).unwrap().is_some());
    }

    #[test]
    fn malformed_and_hostile_replies_are_errors() {
        let bad: &[&[u8]] = &[
            b"?what\r\n",
            b"\r\n",
            b"+OK\n",
            b":12a\r\n",
            b":\r\n",
            b":99999999999999999999\r\n",
            b"$-2\r\n",
            b"$3\r\nabcde\r\n",
            b"$99999999999\r\n",
            b"*99999999999\r\n",
            b"%1\r\n",
        ];
        for input in bad {
            assert!(decode(input).is_err(), "{:?} must be rejected", String::from_utf8_lossy(input));
        }
        let deep = "*1\r\n".repeat(MAX_DEPTH + 1) + ":1\r\n";
        assert!(decode(deep.as_bytes()).unwrap_err().0.contains("nested"));
        let endless = vec![b'+'; MAX_LINE + 10];
        assert!(decode(&endless).unwrap_err().0.contains("longer than"));
        let big = format!("${}\r\n", MAX_BULK + 1);
        assert!(decode(big.as_bytes()).unwrap_err().0.contains("limit"));
    }

    #[test]
    fn a_huge_declared_array_allocates_nothing_up_front() {
        // Declares a million elements but sends one: incomplete, and cheap to find out.
        assert_eq!(decode(format!("*{MAX_ARRAY}\r\n:1\r\n").as_bytes()), Ok(None));
    }
}
