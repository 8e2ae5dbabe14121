//! The Redis health check: `PING` in RESP, answered by `+PONG`. Works on any byte stream, so a
//! pool of TCP or TLS connections to Redis (and `veysi ring chaos`) can share it.

use std::io;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// `PING` as a RESP array of one bulk string.
pub const PING: &[u8] = b"*1\r\n$4\r\nPING\r\n";
/// Redis's answer to [`PING`].
pub const PONG: &[u8] = b"+PONG\r\n";

/// Sends `PING` and reads one reply line, which must be `+PONG`. A Redis error reply (say
/// `-NOAUTH Authentication required.`) comes back as an error carrying its text; EOF means the
/// server closed the connection. The caller bounds the time (the pool uses its dial timeout).
/// No heap allocation on success.
pub async fn redis_ping<S: AsyncRead + AsyncWrite + Unpin + ?Sized>(stream: &mut S) -> io::Result<()> {
    stream.write_all(PING).await?;
    let mut reply = [0u8; 128];
    let mut len = 0;
    loop {
        let n = stream.read(&mut reply[len..]).await?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "redis closed the connection before +PONG",
            ));
        }
        len += n;
        if let Some(end) = reply[..len].windows(2).position(|w| w == b"\r\n") {
            let line = &reply[..end + 2];
            if line == PONG && len == line.len() {
                return Ok(());
            }
            let text = String::from_utf8_lossy(&reply[..end]);
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("expected +PONG to PING, got {text:?}"),
            ));
        }
        if len == reply.len() {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "reply to PING is not a RESP line"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn ping_against(reply: &'static [u8]) -> io::Result<()> {
        let (mut client, mut server) = tokio::io::duplex(256);
        let server = tokio::spawn(async move {
            let mut got = [0u8; PING.len()];
            server.read_exact(&mut got).await.unwrap();
            assert_eq!(got, PING);
            server.write_all(reply).await.unwrap();
        });
        let result = redis_ping(&mut client).await;
        server.await.unwrap();
        result
    }

    #[tokio::test]
    async fn pong_is_healthy_even_when_split_across_reads() {
        assert!(ping_against(PONG).await.is_ok());
        let (mut client, mut server) = tokio::io::duplex(256);
        tokio::spawn(async move {
            let mut got = [0u8; PING.len()];
            server.read_exact(&mut got).await.unwrap();
            for part in [&b"+PO"[..], b"NG\r", b"\n"] {
                server.write_all(part).await.unwrap();
                tokio::task::yield_now().await;
            }
        });
        redis_ping(&mut client).await.unwrap();
    }

    #[tokio::test]
    async fn error_replies_garbage_and_eof_are_unhealthy() {
        let err = ping_against(b"-NOAUTH Authentication required.\r\n").await.unwrap_err();
        assert!(err.to_string().contains("NOAUTH"), "{err}");
        assert!(ping_against(b"$4\r\nPONG\r\n").await.is_err());
        assert_eq!(ping_against(b"").await.unwrap_err().kind(), io::ErrorKind::UnexpectedEof);
        assert!(ping_against(&[b'x'; 200]).await.is_err(), "an endless line is not a reply");
    }
}
