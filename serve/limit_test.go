package serve

import (
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// Connections beyond the handshake slots wait, in arrival order, instead
// of being refused; an address never takes more than its share of slots;
// past the queue bounds, a connection is refused with the reason.
func TestAdmissionQueue(t *testing.T) {
	t.Parallel()
	a := newAdmission(Limits{Handshakes: 2, PerAddrHandshakes: 1, Queue: 3, PerAddrQueue: 2})
	var mu sync.Mutex
	var events []string
	a.onChange = func(w, r int) {
		mu.Lock()
		events = append(events, fmt.Sprintf("waiting=%d refused=%d", w, r))
		mu.Unlock()
	}
	r, relA := a.acquire("A", time.Minute)
	if r != admitted {
		t.Fatalf("first connection: %v", r)
	}
	// A has its one slot: the next from A waits, though a slot is free.
	got := make(chan string, 4)
	wait := func(ip, name string, queued int) {
		go func() {
			r, rel := a.acquire(ip, time.Minute)
			if r == admitted {
				got <- name
				<-time.After(10 * time.Millisecond)
				rel()
				return
			}
			got <- name + ":" + r.String()
		}()
		waitFor(t, 5*time.Second, name+" to queue", func() bool {
			a.mu.Lock()
			defer a.mu.Unlock()
			n := 0
			for _, w := range a.queue {
				if w.ip == ip {
					n++
				}
			}
			return n == queued
		})
	}
	wait("A", "A2", 1)
	wait("A", "A3", 2)
	// A slot is free and B has none taken: B goes ahead of A's waiters,
	// who could not use it.
	r, relB := a.acquire("B", time.Minute)
	if r != admitted {
		t.Fatalf("B waited behind A's queue for a slot A cannot use: %v", r)
	}
	relB()
	if r, _ := a.acquire("A", time.Minute); r != refusedAddrQueueFull {
		t.Fatalf("a third waiter from A: %v, want %v", r, refusedAddrQueueFull)
	}
	relA()
	if first := <-got; first != "A2" {
		t.Fatalf("first admitted after the release: %s", first)
	}
	if second := <-got; second != "A3" {
		t.Fatalf("second admitted: %s", second)
	}
	if w, r := a.counts(); w != 0 || r != 1 {
		t.Fatalf("counts after the queue drained: waiting %d refused %d", w, r)
	}
	waitFor(t, 5*time.Second, "onChange to be told the last counts", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(events) > 0 && events[len(events)-1] == "waiting=0 refused=1"
	})
}

// Queue limits are global too; a waiter gives up after its wait; closing
// refuses every waiter.
func TestAdmissionBounds(t *testing.T) {
	t.Parallel()
	a := newAdmission(Limits{Handshakes: 1, PerAddrHandshakes: 1, Queue: 1, PerAddrQueue: 1})
	_, rel := a.acquire("A", time.Minute)
	if r, _ := a.acquire("B", 20*time.Millisecond); r != refusedWaitedTooLong {
		t.Fatalf("waiter past its wait: %v", r)
	}
	done := make(chan refusal, 1)
	go func() { r, _ := a.acquire("C", time.Minute); done <- r }()
	waitFor(t, 5*time.Second, "C to queue", func() bool { w, _ := a.counts(); return w == 1 })
	if r, _ := a.acquire("D", time.Minute); r != refusedQueueFull {
		t.Fatalf("past the global queue: %v", r)
	}
	a.close()
	if r := <-done; r != refusedClosing {
		t.Fatalf("waiter at close: %v", r)
	}
	if r, _ := a.acquire("E", time.Minute); r != refusedClosing {
		t.Fatalf("after close: %v", r)
	}
	rel()
	rel() // twice is harmless
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.active != 0 || len(a.addrs) != 0 {
		t.Fatalf("slots left: active %d, addresses %v", a.active, a.addrs)
	}
}

// A client that connects and never completes the handshake is cut off.
func TestHandshakeTimeout(t *testing.T) {
	t.Parallel()
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
