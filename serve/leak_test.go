package serve

import (
	"fmt"
	"io"
	"net"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/eaeu-dash/eaeu-dash/data"
)

// TestNoLeaks runs leakCycles connections that end in every way a viewer's
// connection can end (before the handshake, right after it, mid terminal
// query, mid frame, with a reset, with q), then checks that sessions,
// connections, goroutines and the heap are back where they started.
func TestNoLeaks(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	ds, err := data.Default()
	if err != nil {
		t.Fatalf("embedded dataset: %v", err)
	}
	// Kind 4 does not answer the terminal query: its first frame comes
	// after the query's timeout (at 300 ms, 5 of the test's 6.5 s). Kinds
	// 5 and 6 answer it, in time or, under load, late.
	ts := startServer(t, Config{Open: true, Load: func() (*data.Dataset, error) { return ds, nil }}, func(s *Server) {
		s.queryTimeout = 50 * time.Millisecond
	})

	// Warm up (lazily started goroutines, pools), then take the baseline.
	for i := range 8 {
		if err := leakCycle(ts.addr, i); err != nil {
			t.Fatalf("warm-up cycle %d: %v", i, err)
		}
	}
	settle(t, ts)
	baseG := runtime.NumGoroutine()
	baseHeap := heapAlloc()

	const workers = 8
	var wg sync.WaitGroup
	errs := make(chan error, leakCycles)
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := leakCycle(ts.addr, i); err != nil {
					errs <- fmt.Errorf("cycle %d (kind %d): %w", i, i%leakKinds, err)
				}
			}
		}()
	}
	for i := range leakCycles {
		next <- i
	}
	close(next)
	wg.Wait()
	close(errs)
	n := 0
	for err := range errs {
		if n++; n <= 5 {
			t.Error(err)
		}
	}
	if n > 0 {
		t.Fatalf("%d of %d cycles failed", n, leakCycles)
	}

	settle(t, ts)
	const slack = 3
	deadline := time.Now().Add(15 * time.Second)
	for runtime.NumGoroutine() > baseG+slack {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			buf = buf[:runtime.Stack(buf, true)]
			t.Fatalf("goroutines: %d after %d cycles, baseline %d (+%d slack)\n%s", runtime.NumGoroutine(), leakCycles, baseG, slack, buf)
		}
		time.Sleep(50 * time.Millisecond)
	}
	heap := heapAlloc()
	t.Logf("%d cycles: goroutines %d -> %d; heap %.1f MB -> %.1f MB", leakCycles, baseG, runtime.NumGoroutine(), float64(baseHeap)/1e6, float64(heap)/1e6)
	if heap > baseHeap+baseHeap/2+16<<20 {
		t.Errorf("heap %.1f MB after the cycles, baseline %.1f MB", float64(heap)/1e6, float64(baseHeap)/1e6)
	}
}

// settle waits until the server holds no session and no connection.
func settle(t *testing.T, ts *testServer) {
	t.Helper()
	waitFor(t, 20*time.Second, "sessions and connections to close", func() bool {
		return ts.sessionCount() == 0 && ts.openConns.Load() == 0
	})
}

func heapAlloc() uint64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

const leakKinds = 7

// leakCycle makes one connection that ends in the way i selects.
func leakCycle(addr string, i int) error {
	kind := i % leakKinds
	raw, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return err
	}
	tcp := raw.(*net.TCPConn)
	defer tcp.Close()
	reset := func() { tcp.SetLinger(0); tcp.Close() } // RST, as when a laptop lid closes
	switch kind {
	case 0: // TCP only
		reset()
		return nil
	case 1: // half a handshake
		io.WriteString(tcp, "SSH-2.0-leaktest\r\n")
		tcp.Close()
		return nil
	}
	tcp.SetDeadline(time.Now().Add(20 * time.Second))
	conn, chans, reqs, err := gossh.NewClientConn(tcp, addr, &gossh.ClientConfig{
		User: "leak", HostKeyCallback: gossh.InsecureIgnoreHostKey(),
	})
	if err != nil {
		return fmt.Errorf("handshake: %w", err)
	}
	c := gossh.NewClient(conn, chans, reqs)
	defer c.Close()
	if kind == 2 { // authenticated, no session
		reset()
		return nil
	}
	tm, err := tryOpenTerm(c, 80+i%40, 24+i%12, kind >= 5)
	if err != nil {
		return fmt.Errorf("session: %w", err)
	}
	switch kind {
	case 3: // gone during the terminal query
		reset()
	case 4: // gone mid-frame: as soon as the first bytes of the screen arrive
		if err := waitOutput(tm, "\x1b[?1049h", 10*time.Second); err != nil {
			return err
		}
		reset()
	case 5: // the dashboard drew, then the connection closed
		if err := waitOutput(tm, "EAEU", 10*time.Second); err != nil {
			return err
		}
		c.Close()
	case 6: // q, like a polite viewer
		if err := waitOutput(tm, "\x1b[?1049h", 10*time.Second); err != nil {
			return err
		}
		io.WriteString(tm.stdin, "q")
		select {
		case <-tm.done:
		case <-time.After(10 * time.Second):
			return fmt.Errorf("q did not end the session")
		}
	}
	return nil
}

func waitOutput(tm *term, s string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for !strings.Contains(tm.out.String(), s) {
		if time.Now().After(deadline) {
			return fmt.Errorf("no %q within %s; got %q", s, timeout, tail(tm.out.String(), 200))
		}
		time.Sleep(5 * time.Millisecond)
	}
	return nil
}
