package serve

import (
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"runtime/pprof"
	"sort"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"github.com/eaeu-dash/eaeu-dash/data"
	"github.com/eaeu-dash/eaeu-dash/ui"
)

// TestMeasure reports what a briefing costs: memory and goroutines per
// session, and how long a presenter's move takes to reach every follower.
// It measures, it does not judge; run it with EAEU_MEASURE=1
// (EAEU_MEASURE_N=100 followers by default).
func TestMeasure(t *testing.T) {
	if os.Getenv("EAEU_MEASURE") == "" {
		t.Skip("set EAEU_MEASURE=1 to measure")
	}
	n := 100
	if v := os.Getenv("EAEU_MEASURE_N"); v != "" {
		if _, err := fmt.Sscan(v, &n); err != nil {
			t.Fatal(err)
		}
	}
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	presKey := newKey(t)
	recs := make(chan *stateRec, n+1)
	var published atomic.Int64
	arrivals := make(chan time.Duration, 1<<16)
	built := make(chan time.Duration, 1<<16)
	updates := make(chan time.Duration, 1<<16)
	ts := startServer(t, Config{Open: true, MaxSessions: n + 10, PresenterKeys: writeKeys(t, []gossh.Signer{presKey}, "p"),
		Load: func() (*data.Dataset, error) { return ds, nil }}, func(s *Server) {
		s.newModel = func(ds *data.Dataset, o ui.Options) tea.Model {
			r := &stateRec{}
			recs <- r
			publish := o.OnState
			o.OnState = func(st ui.State) {
				published.Store(time.Now().UnixNano())
				publish(st)
			}
			return timedFollow{observed{ui.New(ds, o), r}, &published, arrivals, built, updates}
		}
	})
	pres := openTerm(t, mustDial(t, ts.addr, gossh.PublicKeys(presKey)), 120, 36)
	pres.waitOut(t, 10*time.Second, "EAEU cooperation indicators")
	pr := <-recs
	settleHeap := heapAlloc()
	g0 := runtime.NumGoroutine()
	var fols []*stateRec
	var terms []*gossh.Session
	var lastOut []*atomic.Int64 // per follower: when its client last received output
	// EAEU_MEASURE_SIZES=K spreads the followers over K terminal widths
	// (120, 121, ...): an audience whose frames cannot all be shared.
	sizes := 1
	if v := os.Getenv("EAEU_MEASURE_SIZES"); v != "" {
		if _, err := fmt.Sscan(v, &sizes); err != nil || sizes < 1 {
			t.Fatalf("EAEU_MEASURE_SIZES=%q", v)
		}
	}
	for i := range n {
		c := mustDial(t, ts.addr, openAuth())
		last := &atomic.Int64{}
		tm := openLightTerm(t, c, 120+i%sizes, 36, last)
		terms = append(terms, tm)
		lastOut = append(lastOut, last)
		fols = append(fols, <-recs)
	}
	time.Sleep(500 * time.Millisecond)
	heap := heapAlloc()
	t.Logf("%d sessions at 120x36 (%d widths; real UI, embedded data): %.0f KB heap and %.1f goroutines per session (server and test client together)",
		n, sizes, float64(heap-settleHeap)/float64(n)/1024, float64(runtime.NumGoroutine()-g0)/float64(n))

	// EAEU_MEASURE_CPUPROFILE=FILE profiles the presenter's moves only
	// (not the connections before them).
	if path := os.Getenv("EAEU_MEASURE_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		defer pprof.StopCPUProfile()
	}
	moves := 20
	if v := os.Getenv("EAEU_MEASURE_MOVES"); v != "" {
		if _, err := fmt.Sscan(v, &moves); err != nil {
			t.Fatal(err)
		}
	}
	cpu0 := processCPU()
	wall0 := time.Now()
	var lat, screen []time.Duration
	keys := []string{"2", "3", "5", "6", "1"}
	for i := range moves {
		before := pr.get()
		start := time.Now()
		pres.send(t, keys[i%len(keys)])
		waitFor(t, 10*time.Second, "every follower", func() bool {
			want := pr.get()
			if want == before {
				return false
			}
			for _, f := range fols {
				if f.get() != want {
					return false
				}
			}
			return true
		})
		lat = append(lat, time.Since(start))
		// The follower's screen is complete when its client has the last
		// byte of the new frame: wait until every client received output
		// after the move and then nothing for 50 ms (at most 3 s), then take
		// each one's last arrival.
		pub := published.Load()
		for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			oldest, newest := int64(math.MaxInt64), int64(0)
			for _, l := range lastOut {
				at := l.Load()
				oldest, newest = min(oldest, at), max(newest, at)
			}
			if oldest > pub && time.Since(time.Unix(0, newest)) >= 50*time.Millisecond {
				break
			}
		}
		for _, l := range lastOut {
			if at := l.Load(); at > pub {
				screen = append(screen, time.Duration(at-pub))
			}
		}
	}
	cpu, wall := processCPU()-cpu0, time.Since(wall0)
	t.Logf("process CPU during the %d moves (each until every client's output settled): %s in %s wall (%.0f%% of one core); %.0f µs per follower per move (server and test client)",
		moves, cpu.Round(time.Millisecond), wall.Round(time.Millisecond), 100*cpu.Seconds()/wall.Seconds(), float64(cpu.Microseconds())/float64(moves*n))
	logDist(t, "presenter's OnState to FollowMsg in a follower's Update", arrivals)
	logDist(t, "presenter's OnState to the follower's new frame built (end of its Update)", built)
	sc := make(chan time.Duration, len(screen))
	for _, d := range screen {
		sc <- d
	}
	logDist(t, "presenter's OnState to the last byte of the new frame at the follower's SSH client", sc)
	close(updates)
	var upd []time.Duration
	for d := range updates {
		upd = append(upd, d)
	}
	sort.Slice(upd, func(i, j int) bool { return upd[i] < upd[j] })
	if len(upd) > 0 {
		t.Logf("a follower's Update on FollowMsg (the UI re-renders its frame): median %s, max %s",
			upd[len(upd)/2].Round(time.Microsecond), upd[len(upd)-1].Round(time.Microsecond))
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	t.Logf("presenter key to all %d followers updated (through SSH, incl. the presenter's own render): median %s, max %s",
		n, lat[len(lat)/2].Round(time.Millisecond), lat[len(lat)-1].Round(time.Millisecond))
	_ = terms
}

// timedFollow measures when FollowMsg reaches the program.
type timedFollow struct {
	observed
	published *atomic.Int64
	arrivals  chan time.Duration
	built     chan time.Duration // publish to the end of the follower's Update
	updates   chan time.Duration // how long Update took on a FollowMsg
}

func (m timedFollow) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(ui.FollowMsg); ok && m.published.Load() != 0 {
		select {
		case m.arrivals <- time.Duration(time.Now().UnixNano() - m.published.Load()):
		default:
		}
	}
	start := time.Now()
	next, cmd := m.observed.Update(msg)
	if _, ok := msg.(ui.FollowMsg); ok && m.published.Load() != 0 {
		select {
		case m.updates <- time.Since(start):
		default:
		}
		select {
		case m.built <- time.Duration(time.Now().UnixNano() - m.published.Load()):
		default:
		}
	}
	m.observed = next.(observed)
	return m, cmd
}

// openLightTerm is a viewer whose output is read and dropped, so that the
// measurement is not about the test's own buffers; last is the time
// (UnixNano) of the latest output.
func openLightTerm(t *testing.T, c *gossh.Client, w, h int, last *atomic.Int64) *gossh.Session {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Close() })
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	stdin, _ := sess.StdinPipe()
	stdout, _ := sess.StdoutPipe()
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	io.WriteString(stdin, "\x1b[?62c") // answer the terminal query at once
	go io.Copy(arrivals{last}, stdout)
	return sess
}

// arrivals drops what it is written and records when.
type arrivals struct{ last *atomic.Int64 }

func (a arrivals) Write(p []byte) (int, error) {
	a.last.Store(time.Now().UnixNano())
	return len(p), nil
}

// logDist closes c and logs the distribution of its durations.
func logDist(t *testing.T, what string, c chan time.Duration) {
	t.Helper()
	close(c)
	var d []time.Duration
	for x := range c {
		d = append(d, x)
	}
	if len(d) == 0 {
		return
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	t.Logf("%s: %d deliveries, median %s, p99 %s, max %s", what,
		len(d), d[len(d)/2].Round(time.Microsecond), d[len(d)*99/100].Round(time.Microsecond), d[len(d)-1].Round(time.Microsecond))
}

// processCPU is the user and system CPU time this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
