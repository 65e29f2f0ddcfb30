package serve

import (
	"context"
	"net"
	"sync"
	"time"

	"github.com/charmbracelet/log"
	"github.com/charmbracelet/ssh"
	"golang.org/x/time/rate"
)

// ipLimiter limits new connections per remote IP before the SSH handshake,
// so that a flood costs no key exchanges (TECH.md P20: wish's ratelimiter
// only runs after authentication).
type ipLimiter struct {
	rate  rate.Limit
	burst int

	mu sync.Mutex
	m  map[string]*ipEntry
}

type ipEntry struct {
	lim  *rate.Limiter
	seen time.Time
}

// maxTrackedIPs bounds the limiter's memory under a spoofed-source flood.
const maxTrackedIPs = 10000

func newIPLimiter(r rate.Limit, burst int) *ipLimiter {
	return &ipLimiter{rate: r, burst: burst, m: map[string]*ipEntry{}}
}

func (l *ipLimiter) allow(ip string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.m[ip]
	if !ok {
		if len(l.m) >= maxTrackedIPs {
			l.pruneLocked(now)
		}
		e = &ipEntry{lim: rate.NewLimiter(l.rate, l.burst)}
		l.m[ip] = e
	}
	e.seen = now
	return e.lim.AllowN(now, 1)
}

// pruneLocked forgets addresses whose bucket has refilled.
func (l *ipLimiter) pruneLocked(now time.Time) {
	full := time.Duration(float64(l.burst) / float64(l.rate) * float64(time.Second))
	for ip, e := range l.m {
		if now.Sub(e.seen) > full {
			delete(l.m, ip)
		}
	}
	if len(l.m) >= maxTrackedIPs {
		clear(l.m)
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

// trackedConn logs the end of a connection and releases its slot.
type trackedConn struct {
	net.Conn
	once    sync.Once
	start   time.Time
	log     *log.Logger
	release func()
}

func (c *trackedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() {
		c.release()
		c.log.Info("disconnect", "remote", c.RemoteAddr().String(), "duration", time.Since(c.start).Round(time.Millisecond))
	})
	return err
}

// connCallback admits a TCP connection: per-IP rate, a global cap on open
// connections, and a deadline for finishing the handshake and
// authentication so that half-open connections do not pile up.
func (s *Server) connCallback(ctx ssh.Context, c net.Conn) net.Conn {
	now := time.Now()
	remote := c.RemoteAddr().String()
	if s.isClosing() {
		return nil
	}
	if !s.limiter.allow(remoteIP(c.RemoteAddr()), now) {
		s.log.Warn("connection refused: too many from this address", "remote", remote)
		return nil
	}
	if n := s.openConns.Add(1); n > int64(s.maxConns) {
		s.openConns.Add(-1)
		s.log.Warn("connection refused: too many open connections", "remote", remote, "open", n-1)
		return nil
	}
	s.log.Info("connect", "remote", remote)
	ctx.SetValue(connChannelsKey{}, &connChannels{})
	tc := &trackedConn{Conn: c, start: now, log: s.log}
	tc.release = func() {
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
