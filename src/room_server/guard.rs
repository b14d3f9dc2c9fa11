//! What keeps a shared network from hurting the room or the console: connections counted and
//! capped per address and in all, idle ones closed, requests rate-limited per address.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::extract::connect_info::Connected;
use axum::serve::{IncomingStream, Listener};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Sleep;

/// Connections open at once, in all and from one address. A phone opens a few; a room of 30
/// phones on one hotspot's address (or the tests' simulated phones) stays well under.
pub const MAX_CONNECTIONS: usize = 256;
pub const MAX_CONNECTIONS_PER_ADDRESS: usize = 64;

/// A connection that sends nothing for this long is closed (one that opens and waits holds a
/// place for no more than this).
pub const IDLE: Duration = Duration::from_secs(20);

/// Requests an address may make at once, and per second after that. A form sent costs
/// `POST_COST`: an address sends about `REFILL / POST_COST` notes a second at most.
pub const BURST: f64 = 60.0;
pub const REFILL: f64 = 20.0;
pub const POST_COST: f64 = 3.0;

/// How many addresses are remembered at most (a flood from many addresses does not grow it).
const MAX_ADDRESSES: usize = 4096;

/// The address a request came from (the connection's peer).
#[derive(Clone, Copy, Debug)]
pub struct Peer(pub IpAddr);

impl Connected<IncomingStream<'_, Capped>> for Peer {
    fn connect_info(stream: IncomingStream<'_, Capped>) -> Peer {
        Peer(stream.remote_addr().ip())
    }
}

/// Open connections by address.
#[derive(Default)]
struct Open {
    by_address: HashMap<IpAddr, usize>,
    total: usize,
}

/// A listener that turns away connections beyond the caps (closed at once, unread).
pub struct Capped {
    inner: TcpListener,
    open: Arc<Mutex<Open>>,
}

impl Capped {
    pub fn new(inner: TcpListener) -> Capped {
        Capped {
            inner,
            open: Arc::default(),
        }
    }

    fn admit(&self, ip: IpAddr) -> Option<Slot> {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let here = open.by_address.get(&ip).copied().unwrap_or(0);
        if open.total >= MAX_CONNECTIONS || here >= MAX_CONNECTIONS_PER_ADDRESS {
            return None;
        }
        open.total += 1;
        *open.by_address.entry(ip).or_default() += 1;
        Some(Slot {
            ip,
            open: Arc::clone(&self.open),
        })
    }
}

impl Listener for Capped {
    type Io = Conn;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Conn, SocketAddr) {
        loop {
            match self.inner.accept().await {
                Ok((stream, addr)) => {
                    if let Some(slot) = self.admit(addr.ip()) {
                        let _ = stream.set_nodelay(true);
                        return (Conn::new(stream, slot), addr);
                    }
                }
                // Out of file descriptors, say: wait a moment rather than spin.
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.inner.local_addr()
    }
}

/// A connection's place in the count, given back when it closes.
struct Slot {
    ip: IpAddr,
    open: Arc<Mutex<Open>>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        open.total = open.total.saturating_sub(1);
        if let Some(n) = open.by_address.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                open.by_address.remove(&self.ip);
            }
        }
    }
}

/// An accepted connection: the stream, its place in the count, and the time it may stay idle.
pub struct Conn {
    stream: TcpStream,
    _slot: Slot,
    idle: Pin<Box<Sleep>>,
}

impl Conn {
    fn new(stream: TcpStream, slot: Slot) -> Conn {
        Conn {
            stream,
            _slot: slot,
            idle: Box::pin(tokio::time::sleep(IDLE)),
        }
    }
}

impl AsyncRead for Conn {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match Pin::new(&mut this.stream).poll_read(cx, buf) {
            Poll::Ready(result) => {
                let deadline = tokio::time::Instant::now() + IDLE;
                this.idle.as_mut().reset(deadline);
                Poll::Ready(result)
            }
            Poll::Pending => match this.idle.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Err(io::ErrorKind::TimedOut.into())),
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

impl AsyncWrite for Conn {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

/// A token bucket per address.
#[derive(Default)]
pub struct Limiter {
    buckets: HashMap<IpAddr, (f64, Instant)>,
}

impl Limiter {
    /// Whether a request costing `cost` from `ip` may go on now.
    pub fn allow(&mut self, ip: IpAddr, cost: f64, now: Instant) -> bool {
        if self.buckets.len() >= MAX_ADDRESSES && !self.buckets.contains_key(&ip) {
            // Forget the addresses whose buckets have filled up again: they lose nothing.
            self.buckets.retain(|_, (tokens, at)| {
                *tokens + now.duration_since(*at).as_secs_f64() * REFILL < BURST
            });
            if self.buckets.len() >= MAX_ADDRESSES {
                return false;
            }
        }
        let (tokens, at) = self.buckets.entry(ip).or_insert((BURST, now));
        let refilled = (*tokens + now.duration_since(*at).as_secs_f64() * REFILL).min(BURST);
        *at = now;
        if refilled >= cost {
            *tokens = refilled - cost;
            true
        } else {
            *tokens = refilled;
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_its_burst_then_its_rate() {
        let mut limiter = Limiter::default();
        let ip: IpAddr = "192.168.1.7".parse().unwrap();
        let other: IpAddr = "192.168.1.8".parse().unwrap();
        let t0 = Instant::now();
        let sent = (0..100)
            .filter(|_| limiter.allow(ip, POST_COST, t0))
            .count();
        assert_eq!(sent, (BURST / POST_COST) as usize);
        // Another phone is not slowed by the first.
        assert!(limiter.allow(other, POST_COST, t0));
        // A second later, the rate's worth more.
        let t1 = t0 + Duration::from_secs(1);
        let more = (0..100)
            .filter(|_| limiter.allow(ip, POST_COST, t1))
            .count();
        assert_eq!(more, (REFILL / POST_COST) as usize);
    }
}
