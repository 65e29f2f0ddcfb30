package serve

import (
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// Connections beyond an address's burst are closed before any key
// exchange; other addresses are not affected (checked on the limiter).
func TestConnectionRateLimit(t *testing.T) {
	ts := startServer(t, Config{Open: true}, func(s *Server) { s.limiter = newIPLimiter(rate.Every(time.Hour), 3) })
	for i := range 3 {
		c, err := dial(ts.addr, "v")
		if err != nil {
			t.Fatalf("connection %d within the burst: %v", i+1, err)
		}
		c.Close()
	}
	if c, err := dial(ts.addr, "v"); err == nil {
		c.Close()
		t.Fatal("a 4th connection got through a burst of 3")
	}
	if !strings.Contains(ts.logs.String(), "too many from this address") {
		t.Errorf("the refusal is not logged:\n%s", ts.logs.String())
	}
	l := newIPLimiter(rate.Every(time.Hour), 1)
	now := time.Now()
	if !l.allow("10.0.0.1", now) || l.allow("10.0.0.1", now) || !l.allow("10.0.0.2", now) {
		t.Error("the limit is not per address")
	}
}

// A client that connects and never completes the handshake is cut off.
func TestHandshakeTimeout(t *testing.T) {
	ts := startServer(t, Config{Open: true}, func(s *Server) { s.handshakeTimeout = 300 * time.Millisecond })
	c, err := net.Dial("tcp", ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	// Read the server's version line, then say nothing.
	buf := make([]byte, 256)
	if _, err := c.Read(buf); err != nil {
		t.Fatalf("no version line: %v", err)
	}
	if _, err := io.ReadAll(c); err != nil {
		t.Fatalf("the server did not close the half-open connection: %v", err)
	}
	waitFor(t, 5*time.Second, "the timeout to be logged", func() bool { return strings.Contains(ts.logs.String(), "handshake timed out") })
	waitFor(t, 5*time.Second, "the slot to be released", func() bool { return ts.openConns.Load() == 0 })
}
