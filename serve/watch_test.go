package serve

import (
	gossh "golang.org/x/crypto/ssh"

	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eaeu-dash/eaeu-dash/data"
)

// fileLoader "loads" the data: a file containing "bad" yields two
// positioned problems; otherwise a dataset whose Indicators count the
// loads (so each good load is a distinct value).
type fileLoader struct {
	paths []string
	mu    sync.Mutex
	n     int
}

func (l *fileLoader) load() (*data.Dataset, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, p := range l.paths {
		files := []string{p}
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			files, _ = filepath.Glob(filepath.Join(p, "*.json"))
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			if strings.Contains(string(b), "bad") {
				return nil, data.Errors{
					{File: f, Line: 3, Col: 5, Path: "$.indicators[0].unit", Msg: "unit is missing"},
					{File: f, Line: 9, Col: 1, Path: "$", Msg: "unexpected end of file"},
				}
			}
		}
	}
	l.n++
	return &data.Dataset{Indicators: make([]data.Indicator, l.n)}, nil
}

type watchEvents struct {
	mu   sync.Mutex
	good []*data.Dataset
	bad  []error
}

func (w *watchEvents) counts() (int, int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.good), len(w.bad)
}

func startWatch(t *testing.T, paths []string, l *fileLoader) *watchEvents {
	t.Helper()
	ev := &watchEvents{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Watch(ctx, paths, l.load,
			func(ds *data.Dataset) { ev.mu.Lock(); ev.good = append(ev.good, ds); ev.mu.Unlock() },
			func(err error) { ev.mu.Lock(); ev.bad = append(ev.bad, err); ev.mu.Unlock() })
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Watch: %v", err)
		}
	})
	time.Sleep(100 * time.Millisecond) // let the watcher start
	return ev
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// saveByRename saves like many editors: a new file renamed over the old.
func saveByRename(t *testing.T, path, content string) {
	t.Helper()
	tmp := path + ".tmp~"
	write(t, tmp, content)
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

func TestWatchDirectory(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	f := filepath.Join(dir, "a.json")
	write(t, f, `{"ok":1}`)
	l := &fileLoader{paths: []string{dir}}
	ev := startWatch(t, []string{dir}, l)

	write(t, f, `{"ok":2}`)
	waitFor(t, 5*time.Second, "a reload after a good edit", func() bool { g, _ := ev.counts(); return g == 1 })

	write(t, f, `{"bad"}`)
	waitFor(t, 5*time.Second, "a failed reload after a bad edit", func() bool { _, b := ev.counts(); return b == 1 })
	var errs data.Errors
	if !errors.As(ev.bad[0], &errs) || len(errs) != 2 {
		t.Errorf("bad edit error %v", ev.bad[0])
	}

	saveByRename(t, f, `{"ok":3}`)
	waitFor(t, 5*time.Second, "a reload after a rename-on-save", func() bool { g, _ := ev.counts(); return g == 2 })

	// A new file in the directory counts; other files do not.
	write(t, filepath.Join(dir, "notes.txt"), "x")
	time.Sleep(500 * time.Millisecond)
	if g, _ := ev.counts(); g != 2 {
		t.Errorf("a non-JSON file triggered a reload (%d reloads)", g)
	}
	write(t, filepath.Join(dir, "b.json"), `{"ok":4}`)
	waitFor(t, 5*time.Second, "a reload after a new file", func() bool { g, _ := ev.counts(); return g == 3 })
}

// A single watched file survives editors that replace it, and several
// quick writes make one reload.
func TestWatchFileRenameAndDebounce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	f := filepath.Join(dir, "data.json")
	write(t, f, `{"ok":1}`)
	l := &fileLoader{paths: []string{f}}
	ev := startWatch(t, []string{f}, l)

	for i := range 5 {
		write(t, f, strings.Repeat("x", i)+`{"ok":1}`)
	}
	waitFor(t, 5*time.Second, "a reload", func() bool { g, _ := ev.counts(); return g >= 1 })
	time.Sleep(500 * time.Millisecond)
	if g, _ := ev.counts(); g != 1 {
		t.Errorf("5 quick writes made %d reloads, want 1", g)
	}
	for i := range 3 {
		saveByRename(t, f, `{"ok":2}`)
		waitFor(t, 5*time.Second, "a reload after rename-on-save", func() bool { g, _ := ev.counts(); return g == 2+i })
	}
	// A sibling file is not watched.
	write(t, filepath.Join(dir, "other.json"), `{}`)
	time.Sleep(500 * time.Millisecond)
	if g, _ := ev.counts(); g != 4 {
		t.Errorf("a sibling file triggered a reload (%d reloads)", g)
	}
}

func TestWatchMissingPath(t *testing.T) {
	t.Parallel()
	err := Watch(context.Background(), []string{filepath.Join(t.TempDir(), "nope.json")},
		emptyData, func(*data.Dataset) {}, func(error) {})
	if err == nil {
		t.Error("watching a missing path did not fail")
	}
}

// With --watch, sessions get the new data on a good edit. On a bad one the
// last good data is kept, every problem is logged with FILE:LINE:COL, and
// the presenter's screen says the first; viewers are shown no error. The
// banner goes on the next good edit. New sessions start on the newest good
// data; a presenter who connects during a failure is told.
func TestServerLiveReload(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	f := filepath.Join(dir, "a.json")
	write(t, f, `{"ok":1}`)
	l := &fileLoader{paths: []string{dir}}
	presKey := newKey(t)
	ts := startServer(t, Config{Open: true, Watch: true, DataPaths: []string{dir}, Load: l.load,
		PresenterKeys: writeKeys(t, []gossh.Signer{presKey}, "alice")}, func(s *Server) {
		s.newModel = newFake(nil)
	})
	a := openTerm(t, mustDial(t, ts.addr, gossh.PublicKeys(presKey)), 250, 10)
	a.waitOut(t, 10*time.Second, `banner="" datasets=0 data=1.`)
	v := openTerm(t, mustDial(t, ts.addr, openAuth()), 250, 10)
	v.waitOut(t, 10*time.Second, `banner="" datasets=0 data=1.`)
	time.Sleep(100 * time.Millisecond) // the watcher starts with Serve

	write(t, f, `{"ok":2}`)
	a.waitOut(t, 10*time.Second, `banner="" datasets=1 data=2.`)
	v.waitOut(t, 10*time.Second, `banner="" datasets=1 data=2.`)

	write(t, f, `{"bad"}`)
	banner := `banner="data reload failed: ` + f + `:3:5: $.indicators[0].unit: unit is missing (+1 more in the log); showing the last good data"`
	a.waitOut(t, 10*time.Second, banner+` datasets=1 data=2.`)
	logs := ts.logs.String()
	if !strings.Contains(logs, f+":3:5: $.indicators[0].unit: unit is missing") || !strings.Contains(logs, f+":9:1") {
		t.Errorf("the positioned problems are not logged:\n%s", logs)
	}
	// A presenter arriving now is told; a viewer never is.
	b := openTerm(t, mustDial(t, ts.addr, gossh.PublicKeys(presKey)), 250, 10)
	b.waitOut(t, 10*time.Second, banner+` datasets=0 data=2.`)
	c := openTerm(t, mustDial(t, ts.addr, openAuth()), 250, 10)
	c.waitOut(t, 10*time.Second, `banner="" datasets=0 data=2.`)
	if strings.Contains(v.out.String(), "reload failed") {
		t.Errorf("a viewer was shown the reload error")
	}

	saveByRename(t, f, `{"ok":3}`)
	a.waitOut(t, 10*time.Second, `banner="" datasets=2 data=3.`)
	b.waitOut(t, 10*time.Second, `banner="" datasets=1 data=3.`)
	d := openTerm(t, mustDial(t, ts.addr, openAuth()), 250, 10)
	d.waitOut(t, 10*time.Second, `banner="" datasets=0 data=3.`)
}
