//! Response framing for the native client: where a response head ends, how its body is
//! delimited (RFC 9112 §6.3), and a chunked-body scanner that works on any split of the
//! bytes. Bodies are skipped, never stored: the generator only needs their end.

/// Headers per response the parser accepts; more is a read error.
const MAX_HEADERS: usize = 64;

/// How the body of a response ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Exactly this many bytes are left.
    Length(u64),
    /// Chunked transfer coding, in this scanning state.
    Chunked(Chunked),
    /// Everything until the server closes the connection.
    UntilClose,
}

/// A parsed final (non-1xx) response head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub status: u16,
    /// Bytes of the head, including the blank line.
    pub len: usize,
    pub body: Body,
    /// Whether the connection may carry another request afterwards.
    pub keep_alive: bool,
}

/// The result of parsing the front of the receive buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// More bytes are needed.
    Partial,
    /// An interim (1xx) response of this many bytes, to skip.
    Interim(usize),
    /// A final response head.
    Final(Head),
    /// Not a valid HTTP/1.x response.
    Invalid(&'static str),
}

/// Parses a response head at the front of `buf`; `head_request` says the request was HEAD
/// (no body follows whatever the headers say).
pub fn parse_head(buf: &[u8], head_request: bool) -> Parsed {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut response = httparse::Response::new(&mut headers);
    let len = match response.parse(buf) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => return Parsed::Partial,
        Err(httparse::Error::TooManyHeaders) => return Parsed::Invalid("too many headers"),
        Err(_) => return Parsed::Invalid("malformed response head"),
    };
    let status = response.code.unwrap_or(0);
    if (100..200).contains(&status) && status != 101 {
        return Parsed::Interim(len);
    }
    let mut keep_alive = response.version == Some(1);
    let mut length = None;
    let mut chunked = false;
    for h in response.headers.iter() {
        if h.name.eq_ignore_ascii_case("content-length") {
            match std::str::from_utf8(h.value).ok().and_then(|v| v.trim().parse::<u64>().ok()) {
                Some(n) if length.is_none_or(|l| l == n) => length = Some(n),
                _ => return Parsed::Invalid("bad content-length"),
            }
        } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
            let last = h.value.rsplit(|b| *b == b',').next().unwrap_or_default();
            chunked = last.trim_ascii().eq_ignore_ascii_case(b"chunked");
        } else if h.name.eq_ignore_ascii_case("connection") {
            for token in h.value.split(|b| *b == b',').map(<[u8]>::trim_ascii) {
                if token.eq_ignore_ascii_case(b"close") {
                    keep_alive = false;
                } else if token.eq_ignore_ascii_case(b"keep-alive") {
                    keep_alive = true;
                }
            }
        }
    }
    let body = if head_request || status == 204 || status == 304 {
        Body::Length(0)
    } else if chunked {
        Body::Chunked(Chunked::default())
    } else if let Some(n) = length {
        Body::Length(n)
    } else {
        keep_alive = false;
        Body::UntilClose
    };
    Parsed::Final(Head { status, len, body, keep_alive })
}

/// Progress of a body scan over one slice of bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scan {
    /// All bytes were body; more are needed.
    More,
    /// The body ended after this many bytes of the slice.
    Done(usize),
}

impl Body {
    /// Consumes body bytes from `data`. Errors name the framing violation.
    pub fn scan(&mut self, data: &[u8]) -> Result<Scan, &'static str> {
        match self {
            Body::Length(left) => {
                let take = (*left).min(data.len() as u64);
                *left -= take;
                Ok(if *left == 0 { Scan::Done(take as usize) } else { Scan::More })
            }
            Body::Chunked(chunked) => chunked.scan(data),
            Body::UntilClose => Ok(Scan::More),
        }
    }
}

/// Where a chunked-body scanner is (RFC 9112 §7.1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Chunked {
    /// Before the first hex digit of a chunk size.
    #[default]
    SizeStart,
    /// In a chunk-size line: the value so far, and whether an extension has started.
    Size {
        value: u64,
        in_extension: bool,
    },
    /// After the CR of a chunk-size line.
    SizeLf {
        value: u64,
    },
    /// Inside chunk data, this many bytes left.
    Data(u64),
    /// After chunk data, expecting CR LF.
    DataCr,
    DataLf,
    /// At the start of a trailer line (or the final blank line).
    TrailerStart,
    /// Inside a trailer field line.
    TrailerLine,
    /// After the CR of a trailer line.
    TrailerLf,
    /// After the CR of the final blank line.
    FinalLf,
    /// The body is complete.
    Done,
}

impl Chunked {
    fn scan(&mut self, data: &[u8]) -> Result<Scan, &'static str> {
        let mut i = 0;
        while i < data.len() {
            let b = data[i];
            *self = match *self {
                Chunked::Data(left) => {
                    let take = left.min((data.len() - i) as u64);
                    i += take as usize;
                    if left == take { Chunked::DataCr } else { Chunked::Data(left - take) }
                }
                state => {
                    i += 1;
                    Self::step(state, b)?
                }
            };
            if *self == Chunked::Done {
                return Ok(Scan::Done(i));
            }
        }
        Ok(Scan::More)
    }

    /// One byte of the framing outside chunk data.
    fn step(state: Chunked, b: u8) -> Result<Chunked, &'static str> {
        const BAD: &str = "malformed chunked body";
        Ok(match state {
            Chunked::SizeStart => match hex(b) {
                Some(d) => Chunked::Size { value: u64::from(d), in_extension: false },
                None => return Err(BAD),
            },
            Chunked::Size { value, in_extension } => match (b, in_extension, hex(b)) {
                (b'\r', _, _) => Chunked::SizeLf { value },
                (_, false, Some(d)) => {
                    let value = value.checked_mul(16).and_then(|v| v.checked_add(u64::from(d))).ok_or(BAD)?;
                    Chunked::Size { value, in_extension }
                }
                (b';' | b' ' | b'\t', _, _) | (_, true, _) => Chunked::Size { value, in_extension: true },
                _ => return Err(BAD),
            },
            Chunked::SizeLf { value } if b == b'\n' => {
                if value == 0 {
                    Chunked::TrailerStart
                } else {
                    Chunked::Data(value)
                }
            }
            Chunked::DataCr if b == b'\r' => Chunked::DataLf,
            Chunked::DataLf if b == b'\n' => Chunked::SizeStart,
            Chunked::TrailerStart if b == b'\r' => Chunked::FinalLf,
            Chunked::TrailerStart | Chunked::TrailerLine if b != b'\r' => Chunked::TrailerLine,
            Chunked::TrailerLine => Chunked::TrailerLf,
            Chunked::TrailerLf if b == b'\n' => Chunked::TrailerStart,
            Chunked::FinalLf if b == b'\n' => Chunked::Done,
            _ => return Err(BAD),
        })
    }
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn head(text: &str) -> Head {
        match parse_head(text.as_bytes(), false) {
            Parsed::Final(h) => h,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn framing_follows_the_headers() {
        let h = head("HTTP/1.1 200 OK\r\nContent-Length: 14\r\n\r\n");
        assert_eq!((h.status, h.body, h.keep_alive), (200, Body::Length(14), true));
        let h = head("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n");
        assert_eq!(h.body, Body::Chunked(Chunked::SizeStart));
        let h = head("HTTP/1.1 200 OK\r\n\r\n");
        assert_eq!((h.body, h.keep_alive), (Body::UntilClose, false));
        let h = head("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n");
        assert_eq!(h.body, Body::Length(0));
        let h = head("HTTP/1.1 200 OK\r\nConnection: keep-alive, close\r\nContent-Length: 0\r\n\r\n");
        assert!(!h.keep_alive);
        let h = head("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n");
        assert!(!h.keep_alive, "HTTP/1.0 closes unless asked not to");
        let h = head("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n");
        assert!(h.keep_alive);
        let Parsed::Final(h) = parse_head(b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n", true) else {
            panic!()
        };
        assert_eq!(h.body, Body::Length(0), "HEAD responses have no body");
    }

    #[test]
    fn interim_partial_and_invalid_heads() {
        assert_eq!(parse_head(b"HTTP/1.1 100 Continue\r\n\r\n", false), Parsed::Interim(25));
        assert_eq!(parse_head(b"HTTP/1.1 200 OK\r\nContent-Le", false), Parsed::Partial);
        assert!(matches!(parse_head(b"garbage\r\n\r\n", false), Parsed::Invalid(_)));
        let two = b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n";
        assert!(matches!(parse_head(two, false), Parsed::Invalid(_)));
    }

    #[test]
    fn content_length_bodies_end_after_their_length() {
        let mut body = Body::Length(5);
        assert_eq!(body.scan(b"abc"), Ok(Scan::More));
        assert_eq!(body.scan(b"deXYZ"), Ok(Scan::Done(2)));
    }

    const CHUNKED: &[u8] = b"5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nTrailer: x\r\n\r\n";

    #[test]
    fn chunked_bodies_end_after_the_last_chunk_and_trailers() {
        let mut body = Body::Chunked(Chunked::default());
        let mut data = CHUNKED.to_vec();
        data.extend_from_slice(b"NEXT");
        assert_eq!(body.scan(&data), Ok(Scan::Done(CHUNKED.len())));
        let mut body = Body::Chunked(Chunked::default());
        assert_eq!(body.scan(b"0\r\n\r\n"), Ok(Scan::Done(5)));
        for bad in [&b"zz\r\n"[..], b"5\r\nhelloXX", b"5\n", b"FFFFFFFFFFFFFFFFFF\r\n"] {
            assert!(
                Body::Chunked(Chunked::default()).scan(bad).is_err(),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    proptest! {
        #[test]
        fn chunked_scanning_does_not_depend_on_how_the_bytes_are_split(cuts in proptest::collection::vec(0..CHUNKED.len(), 0..8)) {
            let mut cuts = cuts;
            cuts.push(CHUNKED.len());
            cuts.sort_unstable();
            let mut body = Body::Chunked(Chunked::default());
            let mut start = 0;
            let mut done_at = None;
            for cut in cuts {
                match body.scan(&CHUNKED[start..cut]).unwrap() {
                    Scan::More => {}
                    Scan::Done(n) => { done_at = Some(start + n); break; }
                }
                start = cut;
            }
            prop_assert_eq!(done_at, Some(CHUNKED.len()));
        }
    }
}
