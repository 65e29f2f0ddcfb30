package serve

import (
	"context"
	"net"
	"sync"
	"time"

	"github.com/charmbracelet/log"
	"github.com/charmbracelet/ssh"
)

// Admission: a room behind one NAT address connects at once, so
// connections are never refused for arriving together. Each waits for a
// handshake slot, in arrival order, and is refused only past bounds that
// a briefing room does not reach (Limits). A refused person is told why in
// their terminal: the refusal goes through a handshake whose SSH banner
// says it (OpenSSH shows lines a server sends before its version string
// only at debug level, and a connection closed before the handshake reads
// "kex_exchange_identification: Connection closed by remote host"). Those
// explaining handshakes have a small pool of their own; past it, under a
// flood rather than a room, a connection is closed without a word and
// logged. (wish/ratelimiter is no help: it runs per session, after the key
// exchange and authentication.)

// Limits bound what connections may make the server hold.
type Limits struct {
	// Handshakes is how many connections may be in their SSH handshake at
	// once, PerAddrHandshakes how many of those from one address.
	Handshakes, PerAddrHandshakes int
	// Queue is how many connections may wait for a handshake slot,
	// PerAddrQueue how many of those from one address.
	Queue, PerAddrQueue int
}

// DefaultLimits admit a 200-person room behind one address within a few
// seconds (BENCHMARKS.md, "A room behind one address").
var DefaultLimits = Limits{Handshakes: 64, PerAddrHandshakes: 32, Queue: 1000, PerAddrQueue: 300}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.Handshakes <= 0 {
		l.Handshakes = d.Handshakes
	}
	if l.PerAddrHandshakes <= 0 {
		l.PerAddrHandshakes = min(d.PerAddrHandshakes, l.Handshakes)
	}
	if l.Queue <= 0 {
		l.Queue = d.Queue
	}
	if l.PerAddrQueue <= 0 {
		l.PerAddrQueue = min(d.PerAddrQueue, l.Queue)
	}
	return l
}

// Why a connection was refused (the words are in messages.go).
type refusal int

const (
	admitted refusal = iota
	refusedQueueFull
	refusedAddrQueueFull
	refusedWaitedTooLong
	refusedTooManyConns
	refusedClosing
)

// admission hands out handshake slots in arrival order.
type admission struct {
	lim Limits
	// explain is the pool of handshakes that only tell a refusal.
	explain chan struct{}

	mu      sync.Mutex
	active  int
	addrs   map[string]*addrCount
	queue   []*waiter // arrival order
	refused int       // people turned away since start
	closing bool
	// notify serialises onChange calls, each with the counts of its
	// moment, so that the last call tells the latest counts.
	notify sync.Mutex
	// onChange is told the queue length and the refusals (the presenter's
	// status line); called without mu held, from the goroutine that
	// changed them.
	onChange func(waiting, refused int)
}

type addrCount struct{ active, waiting int }

type waiter struct {
	ip    string
	ready chan refusal // gets admitted or a refusal, once
}

const maxExplaining = 4

func newAdmission(lim Limits) *admission {
	return &admission{lim: lim.withDefaults(), explain: make(chan struct{}, maxExplaining), addrs: map[string]*addrCount{}}
}

// acquire waits for a handshake slot for a connection from ip, at most
// wait. It returns admitted with a release func, or why it was refused.
func (a *admission) acquire(ip string, wait time.Duration) (refusal, func()) {
	a.mu.Lock()
	if a.closing {
		a.mu.Unlock()
		return a.refuse(refusedClosing)
	}
	c := a.addrs[ip]
	if c == nil {
		c = &addrCount{}
		a.addrs[ip] = c
	}
	switch {
	case c.waiting >= a.lim.PerAddrQueue:
		a.forgetLocked(ip, c)
		a.mu.Unlock()
		return a.refuse(refusedAddrQueueFull)
	case len(a.queue) >= a.lim.Queue:
		a.forgetLocked(ip, c)
		a.mu.Unlock()
		return a.refuse(refusedQueueFull)
	}
	// Into the queue, then hand out what is free: a connection goes ahead
	// of earlier ones only when their addresses have no slot left.
	w := &waiter{ip: ip, ready: make(chan refusal, 1)}
	a.queue = append(a.queue, w)
	c.waiting++
	a.admitLocked()
	a.mu.Unlock()
	a.changed()
	select {
	case <-w.ready:
		return admitted, a.releaser(ip)
	default:
	}

	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case r := <-w.ready:
		if r != admitted {
			return a.refuse(r)
		}
		return admitted, a.releaser(ip)
	case <-timer.C:
	}
	a.mu.Lock()
	if !a.dropLocked(w) {
		// Admitted (or refused) as the timer fired: take that answer.
		a.mu.Unlock()
		if r := <-w.ready; r != admitted {
			return a.refuse(r)
		}
		return admitted, a.releaser(ip)
	}
	a.mu.Unlock()
	a.changed()
	return a.refuse(refusedWaitedTooLong)
}

// refuse counts a refusal.
func (a *admission) refuse(r refusal) (refusal, func()) {
	a.mu.Lock()
	a.refused++
	a.mu.Unlock()
	a.changed()
	return r, nil
}

func (a *admission) changed() {
	if a.onChange == nil {
		return
	}
	a.notify.Lock()
	defer a.notify.Unlock()
	a.onChange(a.counts())
}

// releaser frees a slot once and hands it to the first waiter that fits.
func (a *admission) releaser(ip string) func() {
	var once sync.Once
	return func() {
		once.Do(func() {
			a.mu.Lock()
			a.active--
			c := a.addrs[ip]
			c.active--
			a.forgetLocked(ip, c)
			moved := a.admitLocked()
			a.mu.Unlock()
			if moved {
				a.changed()
			}
		})
	}
}

// admitLocked gives free slots to waiters in arrival order, skipping those
// whose address has all its slots.
func (a *admission) admitLocked() (moved bool) {
	for i := 0; i < len(a.queue) && a.active < a.lim.Handshakes; {
		w := a.queue[i]
		c := a.addrs[w.ip]
		if c.active >= a.lim.PerAddrHandshakes {
			i++
			continue
		}
		a.queue = append(a.queue[:i], a.queue[i+1:]...)
		c.waiting--
		c.active++
		a.active++
		w.ready <- admitted
		moved = true
	}
	return moved
}

// dropLocked removes w from the queue; false if it was no longer there.
func (a *admission) dropLocked(w *waiter) bool {
	for i, q := range a.queue {
		if q == w {
			a.queue = append(a.queue[:i], a.queue[i+1:]...)
			c := a.addrs[w.ip]
			c.waiting--
			a.forgetLocked(w.ip, c)
			return true
		}
	}
	return false
}

func (a *admission) forgetLocked(ip string, c *addrCount) {
	if c.active == 0 && c.waiting == 0 {
		delete(a.addrs, ip)
	}
}

// close refuses every waiter and every later connection.
func (a *admission) close() {
	a.mu.Lock()
	a.closing = true
	for _, w := range a.queue {
		w.ready <- refusedClosing
		if c := a.addrs[w.ip]; c != nil {
			c.waiting--
			a.forgetLocked(w.ip, c)
		}
	}
	a.queue = nil
	a.mu.Unlock()
}

// counts is the queue length and the refusals so far.
func (a *admission) counts() (waiting, refused int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.queue), a.refused
}

// explaining takes a slot of the pool for refusal handshakes, if one is
// free.
func (a *admission) explaining() (func(), bool) {
	select {
	case a.explain <- struct{}{}:
		var once sync.Once
		return func() { once.Do(func() { <-a.explain }) }, true
	default:
		return nil, false
	}
}

func remoteIP(a net.Addr) string {
	if t, ok := a.(*net.TCPAddr); ok {
		return t.IP.String()
	}
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return host
}

// trackedConn logs the end of a connection and releases its slots.
type trackedConn struct {
	net.Conn
	once    sync.Once
	start   time.Time
	log     *log.Logger
	release func()
	// slot is the handshake slot (or explaining slot), released when the
	// handshake ends: authenticated, failed, or the connection closed.
	slot func()
	// refused says why this connection may not log in; its handshake
	// only shows the reason as a banner.
	refused refusal
	// quiet: a balancer's health check, logged at debug level.
	quiet bool
}

func (c *trackedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() {
		c.handshakeDone()
		c.release()
		if c.quiet {
			c.log.Debug("disconnect", "remote", c.RemoteAddr().String(), "check", true)
			return
		}
		c.log.Info("disconnect", "remote", c.RemoteAddr().String(), "duration", time.Since(c.start).Round(time.Millisecond))
	})
	return err
}

func (c *trackedConn) handshakeDone() {
	if c.slot != nil {
		c.slot()
	}
}

type trackedConnKey struct{}

// connOf is the trackedConn of a connection's context.
func connOf(ctx interface{ Value(any) any }) *trackedConn {
	c, _ := ctx.Value(trackedConnKey{}).(*trackedConn)
	return c
}

// connCallback admits a TCP connection: it waits for a handshake slot
// (admission), counts it against the cap on open connections, and sets a
// deadline for finishing the handshake and authentication so that
// half-open connections do not pile up. A connection refused by the queue
// or the cap still gets a handshake, from a small pool, whose banner says
// why; past that pool it is closed and logged.
func (s *Server) connCallback(ctx ssh.Context, c net.Conn) net.Conn {
	now := time.Now()
	if err := proxyHeader(c); err != nil {
		// Logged under the TCP peer's address: no other is known.
		s.log.Warn("connection refused: PROXY protocol", "peer", rawRemote(c).String(), "why", err.Error())
		return nil
	}
	remote := c.RemoteAddr().String()
	r, slot := s.admission.acquire(remoteIP(c.RemoteAddr()), s.queueWait)
	if r == admitted && s.openConns.Load() >= int64(s.maxConns) {
		slot()
		r, slot = s.admission.refuse(refusedTooManyConns)
	}
	if r != admitted {
		release, ok := s.admission.explaining()
		if !ok {
			s.log.Warn("connection dropped: refused, and too many refusals are being explained", "remote", remote, "why", r.String())
			return nil
		}
		s.log.Warn("connection refused", "remote", remote, "why", r.String())
		slot = release
	}
	s.openConns.Add(1)
	quiet := healthCheck(c)
	if quiet {
		s.checks.Store(remote, struct{}{})
		s.log.Debug("connect", "remote", remote, "check", true)
	} else {
		s.log.Info("connect", "remote", remote, "waited", time.Since(now).Round(time.Millisecond))
	}
	ctx.SetValue(connChannelsKey{}, &connChannels{})
	tc := &trackedConn{Conn: c, start: now, log: s.log, slot: slot, refused: r, quiet: quiet}
	ctx.SetValue(trackedConnKey{}, tc)
	tc.release = func() {
		if quiet {
			// x/crypto closes a failed handshake's connection before the
			// SSH library reports the failure, which looks the address up.
			time.AfterFunc(time.Second, func() { s.checks.Delete(remote) })
		}
		s.openConns.Add(-1)
		s.mu.Lock()
		delete(s.conns, tc)
		s.mu.Unlock()
	}
	s.mu.Lock()
	s.conns[tc] = struct{}{}
	s.mu.Unlock()
	timer := time.AfterFunc(s.handshakeTimeout, func() {
		if ctx.Value(ssh.ContextKeyConn) == nil {
			s.log.Warn("handshake timed out", "remote", remote, "after", s.handshakeTimeout)
			tc.Close()
		}
	})
	context.AfterFunc(ctx, func() { timer.Stop() })
	return tc
}

func (r refusal) String() string {
	switch r {
	case refusedQueueFull:
		return "queue full"
	case refusedAddrQueueFull:
		return "too many waiting from this address"
	case refusedWaitedTooLong:
		return "waited too long for a handshake slot"
	case refusedTooManyConns:
		return "too many open connections"
	case refusedClosing:
		return "shutting down"
	}
	return "admitted"
}
