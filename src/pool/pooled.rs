//! A checked-out connection: derefs to the connection, goes back to the pool when dropped.

use std::fmt;
use std::io;
use std::mem::ManuallyDrop;
use std::ops::{Deref, DerefMut};
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::manager::Manager;
use super::shared::Shared;
use super::state::{Idle, Meta};
use super::stats::bump;

/// A connection checked out of a [`Pool`](super::Pool). It derefs to the connection (and is
/// itself `AsyncRead`/`AsyncWrite` when the connection is). Dropping it returns the connection
/// to the pool, or destroys it if it was [marked unusable](Pooled::mark_unusable).
///
/// Ownership makes the original's double-return impossible: a `Pooled` is returned exactly
/// once, when it is dropped, and cannot be used afterwards.
pub struct Pooled<'a, M: Manager> {
    shared: &'a Shared<M>,
    conn: ManuallyDrop<M::Connection>,
    meta: Meta,
    usable: bool,
}

impl<'a, M: Manager> Pooled<'a, M> {
    pub(crate) fn new(shared: &'a Shared<M>, idle: Idle<M::Connection>) -> Self {
        Self { shared, conn: ManuallyDrop::new(idle.conn), meta: idle.meta, usable: true }
    }

    /// A checked-out connection that is destroyed on drop unless [`Pooled::set_usable`] says
    /// otherwise: used while a connection is being pinged, so a cancelled ping leaks nothing.
    pub(crate) fn unchecked(shared: &'a Shared<M>, idle: Idle<M::Connection>) -> Self {
        let mut pooled = Self::new(shared, idle);
        pooled.usable = false;
        pooled
    }

    pub(crate) fn set_usable(&mut self) {
        self.usable = true;
    }

    /// Makes the drop destroy the connection instead of returning it (after an I/O error or a
    /// protocol desync, say). I/O errors through this type's `AsyncRead`/`AsyncWrite` mark it
    /// unusable automatically.
    pub fn mark_unusable(&mut self) {
        self.usable = false;
    }

    /// Whether the connection will go back to the pool when dropped.
    pub fn is_usable(&self) -> bool {
        self.usable
    }

    /// Takes the connection out of the pool for good; its slot is freed.
    pub fn detach(self) -> M::Connection {
        let (shared, idle) = self.into_parts();
        let waker = {
            let mut state = shared.state.lock();
            let waker = state.release_active();
            state.publish(&shared.counters);
            waker
        };
        if let Some(w) = waker {
            w.wake();
        }
        idle.conn
    }

    /// Unwraps without returning the connection to the pool (its slot stays taken).
    pub(crate) fn into_parts(self) -> (&'a Shared<M>, Idle<M::Connection>) {
        let mut this = ManuallyDrop::new(self);
        // SAFETY: `this` is never used or dropped again, so the connection is taken once.
        let conn = unsafe { ManuallyDrop::take(&mut this.conn) };
        (this.shared, Idle { conn, meta: this.meta })
    }

    fn on_io<T>(&mut self, poll: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        if let Poll::Ready(Err(_)) = &poll {
            self.usable = false;
        }
        poll
    }
}

impl<M: Manager> Drop for Pooled<'_, M> {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: the connection is taken exactly once, here; `self` is not used afterwards.
        let conn = unsafe { ManuallyDrop::take(&mut self.conn) };
        if self.usable {
            self.shared.recycle(Idle { conn, meta: self.meta });
        } else {
            bump(&self.shared.counters.unusable_closed);
            self.shared.discard(conn);
        }
    }
}

impl<M: Manager> Deref for Pooled<'_, M> {
    type Target = M::Connection;

    #[inline]
    fn deref(&self) -> &M::Connection {
        &self.conn
    }
}

impl<M: Manager> DerefMut for Pooled<'_, M> {
    #[inline]
    fn deref_mut(&mut self) -> &mut M::Connection {
        &mut self.conn
    }
}

impl<M: Manager> fmt::Debug for Pooled<'_, M>
where
    M::Connection: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pooled").field("conn", &*self.conn).field("usable", &self.usable).finish()
    }
}

impl<M: Manager> AsyncRead for Pooled<'_, M>
where
    M::Connection: AsyncRead + Unpin,
{
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut *self.conn).poll_read(cx, buf);
        self.on_io(poll)
    }
}

impl<M: Manager> AsyncWrite for Pooled<'_, M>
where
    M::Connection: AsyncWrite + Unpin,
{
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut *self.conn).poll_write(cx, buf);
        self.on_io(poll)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut *self.conn).poll_flush(cx);
        self.on_io(poll)
    }

    /// A shut-down connection is half closed, so it is never returned to the pool.
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.usable = false;
        let poll = Pin::new(&mut *self.conn).poll_shutdown(cx);
        self.on_io(poll)
    }
}
