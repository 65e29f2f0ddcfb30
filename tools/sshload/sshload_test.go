package main

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	_ "net/http/pprof"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	"github.com/charmbracelet/wish/activeterm"
	bm "github.com/charmbracelet/wish/bubbletea"
	gossh "golang.org/x/crypto/ssh"
)

// tabsModel is a stand-in for the dashboard: an "Overview" tab full of text
// and a "Table" tab whose selected row j/k move. A view switch repaints
// almost every line; a move changes two.
type tabsModel struct {
	r      *lipgloss.Renderer
	w, h   int
	view   int // 0 overview, 2 table
	sel    int
	rows   int
	header string
	tick   time.Duration // > 0: redraw a counter this often, like a clock
	ticks  int
}

type tickMsg struct{}

func (m tabsModel) Init() tea.Cmd { return m.next() }

func (m tabsModel) next() tea.Cmd {
	if m.tick <= 0 {
		return nil
	}
	return tea.Tick(m.tick, func(time.Time) tea.Msg { return tickMsg{} })
}

func (m tabsModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
	case tickMsg:
		m.ticks++
		return m, m.next()
	case tea.KeyMsg:
		switch msg.String() {
		case "1":
			m.view = 0
		case "3":
			m.view = 2
		case "j", "down":
			m.sel = min(m.sel+1, m.rows-1)
		case "k", "up":
			m.sel = max(m.sel-1, 0)
		case "q":
			return m, tea.Quit
		}
	}
	return m, nil
}

func (m tabsModel) View() string {
	if m.w == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(m.header + "\n")
	sel := m.r.NewStyle().Reverse(true)
	for i := range m.h - 2 {
		var line string
		if m.view == 0 {
			line = fmt.Sprintf("overview line %02d: %s", i, strings.Repeat("≈ trade turnover ", 6))
		} else if i < m.rows {
			line = fmt.Sprintf("row %02d  %-20s %10d", i, "indicator", i*1234)
			if i == m.sel {
				line = sel.Render(line)
			}
		}
		b.WriteString(line + "\n")
	}
	fmt.Fprintf(&b, "status %d", m.ticks)
	return b.String()
}

type testServer struct {
	addr string
	srv  *ssh.Server
}

// startServer runs a wish server with the bubbletea middleware on a free
// loopback port, as the real one is built: MakeRenderer (which queries the
// terminal) and the alt screen.
func startServer(t *testing.T, opts ...ssh.Option) *testServer {
	return startTickingServer(t, 0, opts...)
}

func startTickingServer(t *testing.T, tick time.Duration, opts ...ssh.Option) *testServer {
	t.Helper()
	handler := func(s ssh.Session) (tea.Model, []tea.ProgramOption) {
		r := bm.MakeRenderer(s)
		m := tabsModel{r: r, rows: 30, tick: tick, header: r.NewStyle().Bold(true).Render("Overview") + " | Charts | Table"}
		return m, []tea.ProgramOption{tea.WithAltScreen()}
	}
	all := append([]ssh.Option{
		wish.WithHostKeyPath(filepath.Join(t.TempDir(), "hostkey")),
		wish.WithMiddleware(bm.Middleware(handler), activeterm.Middleware()),
	}, opts...)
	srv, err := wish.NewServer(all...)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l) //nolint:errcheck // ends with Close
	t.Cleanup(func() { srv.Close() })
	return &testServer{addr: l.Addr().String(), srv: srv}
}

func testConfig(addr string) Config {
	cfg := defaultConfig()
	cfg.Addr = addr
	cfg.N = 4
	cfg.Keys = 6
	cfg.Repaints = 2
	cfg.Interval = 5 * time.Millisecond
	cfg.Warmup = 20 * time.Millisecond
	cfg.Timeout = 60 * time.Second // a bound, not an assertion
	return cfg
}

func TestLoadMeasuresSessionsKeysAndBytes(t *testing.T) {
	ts := startServer(t)
	cfg := testConfig(ts.addr)
	cfg.ServerPID = os.Getpid() // the server runs in this process
	rep, err := run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := summarize(rep)
	if s.Ready != cfg.N || s.Completed != cfg.N || s.Failed != 0 {
		t.Fatalf("ready %d completed %d failed %d of %d; errors %v", s.Ready, s.Completed, s.Failed, cfg.N, s.Errors)
	}
	if s.NoReply != 0 {
		t.Errorf("%d keys without reply", s.NoReply)
	}
	for _, r := range rep.Sessions {
		if r.Ready <= 0 || r.FirstByte <= 0 || r.FirstByte > r.Ready || r.Handshake > r.FirstByte {
			t.Errorf("session %d: handshake %v, first byte %v, ready %v: not in order", r.ID, r.Handshake, r.FirstByte, r.Ready)
		}
		if len(r.Moves) != cfg.Keys || len(r.Repaints) != cfg.Repaints {
			t.Errorf("session %d: %d moves, %d repaints; want %d, %d", r.ID, len(r.Moves), len(r.Repaints), cfg.Keys, cfg.Repaints)
		}
		for _, b := range append(r.Moves, r.Repaints...) {
			if b.bytes <= 0 || b.first <= 0 || b.last < b.first {
				t.Errorf("session %d: burst %+v", r.ID, b)
			}
		}
	}
	if s.KeyFirstByte.Count != cfg.N*cfg.Keys || s.KeyBurstEnd.Count != cfg.N*cfg.Keys {
		t.Errorf("latency samples %d/%d, want %d", s.KeyFirstByte.Count, s.KeyBurstEnd.Count, cfg.N*cfg.Keys)
	}
	// A repaint of the stand-in rewrites ~30 rows or more; a move
	// rewrites two short rows. The ratio says whether bytes land on the
	// right key.
	if s.RepaintBytes.Min < 1000 {
		t.Errorf("smallest repaint %d B: too small for a 120x40 view switch", s.RepaintBytes.Min)
	}
	if s.MoveVsRepaint <= 0 || s.MoveVsRepaint > 0.25 {
		t.Errorf("move/repaint = %.3f (move %v, repaint %v)", s.MoveVsRepaint, s.MoveBytes, s.RepaintBytes)
	}
	if s.RSSBeforeKiB <= 0 || s.RSSReadyKiB <= 0 || s.RSSError != "" {
		t.Errorf("RSS before %d, ready %d, err %q", s.RSSBeforeKiB, s.RSSReadyKiB, s.RSSError)
	}
	var out strings.Builder
	if err := writeTable(&out, s); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "4 drew the first frame") {
		t.Errorf("table:\n%s", out.String())
	}
	t.Logf("summary:\n%s", out.String())
}

func TestDebugURLAndSamples(t *testing.T) {
	ts := startServer(t)
	// The server runs in this process, so this process's pprof is the
	// server's.
	dbg := httptest.NewServer(http.DefaultServeMux)
	t.Cleanup(dbg.Close)
	cfg := testConfig(ts.addr)
	cfg.N, cfg.Keys, cfg.Repaints = 3, 4, 2
	cfg.DebugURL = dbg.URL
	cfg.Samples = filepath.Join(t.TempDir(), "samples.csv")
	rep, err := run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := summarize(rep)
	if s.Go == nil || s.Go.Err != "" {
		t.Fatalf("go stats: %+v", s.Go)
	}
	g := s.Go
	// Every open session holds goroutines on both sides of the connection.
	if g.Before.Goroutines <= 0 || g.AfterReady.Goroutines < g.Before.Goroutines+cfg.N || g.AfterKeys.Goroutines < g.Before.Goroutines+cfg.N {
		t.Errorf("goroutines before %d, ready %d, after keys %d: want +%d at least while sessions are open",
			g.Before.Goroutines, g.AfterReady.Goroutines, g.AfterKeys.Goroutines, cfg.N)
	}
	if g.Before.Sys <= 0 || g.AfterReady.HeapAlloc <= 0 || g.AfterClose.Sys <= 0 {
		t.Errorf("memory stats missing: %+v", g)
	}
	if err := writeSamples(cfg.Samples, rep); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(cfg.Samples)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if want := 1 + cfg.N*(cfg.Keys+cfg.Repaints); len(lines) != want {
		t.Errorf("samples: %d lines, want %d:\n%s", len(lines), want, b)
	}
	if err := checkDebugURL("http://10.0.0.1:6060"); err == nil {
		t.Error("a non-loopback --debug-url was accepted")
	}
	if err := checkDebugURL("http://[::1]:6060"); err != nil {
		t.Errorf("[::1]: %v", err)
	}
}

func TestCLIJSON(t *testing.T) {
	ts := startServer(t)
	var out, errOut strings.Builder
	code := cli([]string{"--addr", ts.addr, "--n", "2", "--keys", "3", "--repaints", "2", "--interval", "5ms",
		"--warmup", "10ms", "--size", "100x30", "--timeout", "60s", "--json"}, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var s Summary
	if err := json.Unmarshal([]byte(out.String()), &s); err != nil {
		t.Fatalf("%v in %s", err, out.String())
	}
	if s.Completed != 2 || s.KeyFirstByte.Count != 6 || s.RepaintBytes.Count != 4 || s.Size != "100x30" {
		t.Errorf("summary %+v", s)
	}
}

func TestIdleOutputIsCountedNotAttributed(t *testing.T) {
	ts := startTickingServer(t, 10*time.Millisecond)
	cfg := testConfig(ts.addr)
	cfg.N, cfg.Keys, cfg.Repaints, cfg.MoveSetup = 2, 0, 0, ""
	cfg.Warmup = 300 * time.Millisecond
	rep, err := run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := summarize(rep)
	if s.Completed != 2 || s.IdleBytesPerSecond <= 0 {
		t.Errorf("completed %d, idle %.1f B/s: a ticking screen must show idle output", s.Completed, s.IdleBytesPerSecond)
	}
	if s.KeyFirstByte.Count != 0 || s.MoveBytes.Count != 0 {
		t.Errorf("no keys were pressed, yet %d latencies and %d byte counts", s.KeyFirstByte.Count, s.MoveBytes.Count)
	}
}

func TestReadyTextNeverSeenFailsTheSession(t *testing.T) {
	ts := startServer(t)
	cfg := testConfig(ts.addr)
	cfg.N = 2
	cfg.Ready = "no such text on screen"
	cfg.Timeout = time.Second
	rep, err := run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := summarize(rep)
	if s.Ready != 0 || s.Failed != 2 {
		t.Fatalf("ready %d failed %d, want 0 and 2", s.Ready, s.Failed)
	}
	for _, r := range rep.Sessions {
		if r.Phase != "ready" || !strings.Contains(r.Err.Error(), "Overview") {
			t.Errorf("session %d: phase %q err %v; want the ready phase and the screen text", r.ID, r.Phase, r.Err)
		}
	}
}

func TestKeyFileAuth(t *testing.T) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	allowed, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	ts := startServer(t, wish.WithPublicKeyAuth(func(_ ssh.Context, k ssh.PublicKey) bool {
		return ssh.KeysEqual(k, allowed)
	}))
	block, err := gossh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(t.TempDir(), "id_ed25519")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}

	cfg := testConfig(ts.addr)
	cfg.N, cfg.Keys, cfg.Repaints = 1, 2, 0
	cfg.KeyFile = keyFile
	rep, err := run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if s := summarize(rep); s.Completed != 1 || s.KeyFirstByte.Count != 2 {
		t.Fatalf("with the key: completed %d, keys %d; errors %v", s.Completed, s.KeyFirstByte.Count, s.Errors)
	}

	cfg.KeyFile = ""
	rep, err = run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if r := rep.Sessions[0]; r.Phase != "handshake" {
		t.Fatalf("without a key: phase %q err %v, want a handshake failure", r.Phase, r.Err)
	}
}

func TestRefusesNonLoopback(t *testing.T) {
	for addr, want := range map[string]string{
		"127.0.0.1:22":    "127.0.0.1:22",
		"localhost:2222":  "127.0.0.1:2222",
		"[::1]:22":        "[::1]:22",
		"10.1.2.3:22":     "",
		"example.com:22":  "",
		"0.0.0.0:22":      "",
		"192.168.0.1:22":  "",
		"127.0.0.1":       "",
		"127.0.0.1:99999": "",
	} {
		got, err := loopbackAddr(addr)
		if want == "" && err == nil {
			t.Errorf("loopbackAddr(%q) = %q, want a refusal", addr, got)
		}
		if want != "" && (err != nil || got != want) {
			t.Errorf("loopbackAddr(%q) = %q, %v; want %q", addr, got, err, want)
		}
	}
	var out, errOut strings.Builder
	if code := cli([]string{"--addr", "10.0.0.1:22"}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "non-loopback") {
		t.Errorf("cli with 10.0.0.1: code %d, stderr %q", code, errOut.String())
	}
}

func TestScannerAcrossChunks(t *testing.T) {
	sc := newScanner("Overview", true)
	stream := "\x1b]11;?\x07\x1b[c" + "\x1b[?1049h  Over" + "view | Table" + "\x1b[c"
	var replies string
	readyAt := -1
	// Feed one byte at a time: every match is split across chunks.
	for i := range len(stream) {
		r, rep := sc.feed([]byte{stream[i]})
		if r {
			if readyAt >= 0 {
				t.Fatalf("ready reported twice")
			}
			readyAt = i
		}
		replies += string(rep)
	}
	want := "\x1b]11;rgb:0000/0000/0000\x07" + "\x1b[?62;22c" + "\x1b[?62;22c"
	if replies != want {
		t.Errorf("replies %q, want %q", replies, want)
	}
	if readyAt != strings.Index(stream, "Overview")+len("Overview")-1 {
		t.Errorf("ready at byte %d", readyAt)
	}

	// The same stream in one chunk gives the same answers.
	sc = newScanner("Overview", true)
	r, rep := sc.feed([]byte(stream))
	if !r || string(rep) != want {
		t.Errorf("one chunk: ready %v replies %q", r, rep)
	}
	// Answering off: no replies.
	sc = newScanner("Overview", false)
	if _, rep := sc.feed([]byte(stream)); len(rep) != 0 {
		t.Errorf("answer off: replies %q", rep)
	}
}

func TestScannerReadsVisibleText(t *testing.T) {
	// The dashboard's active tab, as lipgloss sends an underlined label.
	styled := "\x1b[H\r \x1b[1;4;38;5;74;4m1\x1b[0m"
	for _, r := range "Overview" {
		styled += "\x1b[1;4;38;5;74;4m" + string(r) + "\x1b[0m"
	}
	for _, tc := range []struct {
		stream string
		ready  bool
	}{
		{styled, true},
		{"\x1b]0;Overview\x1b\\title only", false}, // inside an OSC string: not on screen
		{"\x1b]0;x\x07Over\x1b[2;5Hview", true},
		{"Over\nview", false},
		{"Overvie", false},
	} {
		for _, step := range []int{1, 3, len(tc.stream)} {
			sc := newScanner("Overview", true)
			got := false
			for i := 0; i < len(tc.stream); i += step {
				r, _ := sc.feed([]byte(tc.stream[i:min(i+step, len(tc.stream))]))
				got = got || r
			}
			if got != tc.ready {
				t.Errorf("%q in chunks of %d: ready %v, want %v", tc.stream, step, got, tc.ready)
			}
		}
	}
}

func TestPercentileAndDist(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	d := dist(ds)
	if d.P50 != 50 || d.P99 != 99 || d.Max != 100 || d.Count != 100 || d.Mean != 50.5 {
		t.Errorf("dist = %+v", d)
	}
	if got := percentile([]int64{7}, 99); got != 7 {
		t.Errorf("percentile of one = %d", got)
	}
	b := byteStats([]int64{10, 30, 20})
	if b.Mean != 20 || b.P50 != 20 || b.Min != 10 || b.Max != 30 {
		t.Errorf("byteStats = %+v", b)
	}
}

func TestParseVmRSS(t *testing.T) {
	status := "Name:\tx\nVmPeak:\t  9999 kB\nVmRSS:\t   12345 kB\nThreads:\t4\n"
	got, err := parseVmRSS(bufio.NewScanner(strings.NewReader(status)))
	if err != nil || got != 12345 {
		t.Errorf("parseVmRSS = %d, %v", got, err)
	}
	if _, err := parseVmRSS(bufio.NewScanner(strings.NewReader("Name:\tx\n"))); err == nil {
		t.Error("no VmRSS line: want an error")
	}
	if _, err := readRSS(1 << 30); err == nil || errors.Is(err, nil) {
		t.Error("readRSS of a pid that cannot exist: want an error")
	}
}

func TestParseStatCPU(t *testing.T) {
	stat := "1234 (my (odd) cmd) S 1 1234 1234 0 -1 4194560 500 0 0 0 250 50 0 0 20 0 8 0 100 0 0"
	got, err := parseStatCPU(stat)
	if err != nil || got != 3*time.Second {
		t.Errorf("parseStatCPU = %v, %v; want 3s", got, err)
	}
	if _, err := parseStatCPU("garbage"); err == nil {
		t.Error("garbage: want an error")
	}
	if _, err := readCPU(os.Getpid()); err != nil {
		t.Error(err)
	}
}

func TestParseSizeAndKeys(t *testing.T) {
	if w, h, err := parseSize("120x40"); err != nil || w != 120 || h != 40 {
		t.Errorf("parseSize(120x40) = %d, %d, %v", w, h, err)
	}
	for _, bad := range []string{"120", "0x40", "ax b", "120x"} {
		if _, _, err := parseSize(bad); err == nil {
			t.Errorf("parseSize(%q): want an error", bad)
		}
	}
	if got := splitKeys("j, k,down,,"); len(got) != 3 || got[2] != "\x1b[B" {
		t.Errorf("splitKeys = %q", got)
	}
}

// connGate records the remote IP of every TCP connection and refuses those
// past the first limit (0: no limit), like a per-IP limiter would.
func connGate(ips *sync.Map, limit int) ssh.Option {
	var n atomic.Int64
	return func(srv *ssh.Server) error {
		srv.ConnCallback = func(_ ssh.Context, c net.Conn) net.Conn {
			ips.Store(c.RemoteAddr().(*net.TCPAddr).IP.String(), true)
			if limit > 0 && n.Add(1) > int64(limit) {
				c.Close()
				return nil
			}
			return c
		}
		return nil
	}
}

func TestSourceIPsSpreadSessions(t *testing.T) {
	var ips sync.Map
	ts := startServer(t, connGate(&ips, 0))
	cfg := testConfig(ts.addr)
	cfg.N, cfg.Keys, cfg.Repaints = 4, 1, 0
	cfg.SourceIPs = 3
	rep, err := run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if s := summarize(rep); s.Completed != 4 {
		t.Fatalf("completed %d of 4: %v", s.Completed, s.Errors)
	}
	var got []string
	ips.Range(func(k, _ any) bool { got = append(got, k.(string)); return true })
	slices.Sort(got)
	if want := []string{"127.0.0.1", "127.0.0.2", "127.0.0.3"}; !slices.Equal(got, want) {
		t.Errorf("server saw %v, want %v", got, want)
	}
}

func TestRefusedConnectionsAreReported(t *testing.T) {
	var ips sync.Map
	ts := startServer(t, connGate(&ips, 2))
	cfg := testConfig(ts.addr)
	cfg.N, cfg.Keys, cfg.Repaints = 3, 1, 0
	cfg.Ramp = 30 * time.Millisecond // the refused one is the third
	rep, err := run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := summarize(rep)
	if s.Completed != 2 || s.Failed != 1 {
		t.Fatalf("completed %d failed %d, want 2 and 1: %v", s.Completed, s.Failed, s.Errors)
	}
	if len(s.Errors) != 1 || !strings.Contains(s.Errors[0], "handshake") || !strings.Contains(s.Errors[0], "--source-ips") {
		t.Errorf("errors %q: want one handshake refusal with the hint", s.Errors)
	}
	var out, errOut strings.Builder
	if code := cli([]string{"--addr", ts.addr, "--n", "1", "--keys", "1", "--timeout", "20s"}, &out, &errOut); code != 1 {
		t.Errorf("cli against a refusing server: exit %d, want 1; stderr %q", code, errOut.String())
	}
}

// --burst sends each key to every session in rounds: every session answers
// every round, and no session starts a round before all finished the one
// before.
func TestBurstRounds(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	cfg := testConfig(ts.addr)
	cfg.Burst = splitKeys("3,j,k,1,3") // the stand-in answers these (tab is the dashboard's)
	cfg.BurstPause = 5 * time.Millisecond
	rep, err := run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := summarize(rep)
	if s.Completed != cfg.N || s.Failed != 0 || s.NoReply != 0 {
		t.Fatalf("completed %d failed %d no reply %d of %d; errors %v", s.Completed, s.Failed, s.NoReply, cfg.N, s.Errors)
	}
	if s.KeyBurstEnd.Count != cfg.N*len(cfg.Burst) {
		t.Fatalf("%d burst samples, want %d", s.KeyBurstEnd.Count, cfg.N*len(cfg.Burst))
	}
	for r := range cfg.Burst {
		for _, a := range rep.Sessions {
			for _, b := range rep.Sessions {
				if len(a.Repaints) != 0 {
					t.Fatalf("session %d measured repaints in burst mode", a.ID)
				}
				if r+1 < len(cfg.Burst) && !b.Moves[r+1].sent.After(a.Moves[r].sent.Add(a.Moves[r].last)) {
					t.Fatalf("round %d of session %d started before session %d's round %d ended", r+1, b.ID, a.ID, r)
				}
			}
			if got, want := a.Moves[r].key, cfg.Burst[r]; got != want {
				t.Fatalf("session %d round %d: key %q, want %q", a.ID, r, got, want)
			}
		}
	}
}
