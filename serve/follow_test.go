package serve

import (
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/eaeu-dash/eaeu-dash/data"
	"github.com/eaeu-dash/eaeu-dash/ui"
)

// stateRec holds the latest State of one session's real dashboard.
type stateRec struct {
	mu sync.Mutex
	st ui.State
}

func (r *stateRec) get() ui.State {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.st
}

// observed wraps the real model and records its State after each update.
type observed struct {
	inner tea.Model
	rec   *stateRec
}

func (o observed) Init() tea.Cmd { return o.inner.Init() }
func (o observed) View() string  { return o.inner.View() }

// State is the real model's (the server reads a new session's first state
// from it).
func (o observed) State() ui.State { return o.inner.(interface{ State() ui.State }).State() }
func (o observed) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	next, cmd := o.inner.Update(msg)
	if sm, ok := next.(interface{ State() ui.State }); ok {
		o.rec.mu.Lock()
		o.rec.st = sm.State()
		o.rec.mu.Unlock()
	}
	return observed{next, o.rec}, cmd
}

// startFollowServer serves the real dashboard on the embedded data with
// one presenter key (comment "alice"), after tweak; recs receives each
// session's state record in the order the sessions start.
func startFollowServer(t testing.TB, tweak func(*Server)) (*testServer, gossh.Signer, chan *stateRec) {
	t.Helper()
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	presKey := newKey(t)
	recs := make(chan *stateRec, 8)
	ts := startServer(t, Config{Open: true, PresenterKeys: writeKeys(t, []gossh.Signer{presKey}, "alice"),
		Load: func() (*data.Dataset, error) { return ds, nil }}, func(s *Server) {
		if tweak != nil {
			tweak(s)
		}
		s.newModel = func(ds *data.Dataset, o ui.Options) tea.Model {
			r := &stateRec{}
			recs <- r
			return observed{ui.New(ds, o), r}
		}
	})
	return ts, presKey, recs
}

// With the real dashboard: followers follow the presenter's keys, a
// follower that navigates detaches and f re-attaches it, and when the
// presenter leaves the followers stay where they are and wait.
func TestFollowRealUI(t *testing.T) {
	t.Parallel()
	ts, presKey, recs := startFollowServer(t, nil)
	pres := openTerm(t, mustDial(t, ts.addr, gossh.PublicKeys(presKey)), 120, 36)
	pres.waitOut(t, 10*time.Second, "EAEU cooperation indicators")
	pr := <-recs
	fol := openTerm(t, mustDial(t, ts.addr, openAuth()), 100, 30)
	fol.waitOut(t, 10*time.Second, "EAEU cooperation indicators")
	fr := <-recs

	same := func() bool { return fr.get() == pr.get() }
	start := pr.get()
	pres.send(t, "\t") // next view
	waitFor(t, 5*time.Second, "the presenter to change view", func() bool { return pr.get() != start })
	waitFor(t, 5*time.Second, "the follower to follow", same)
	pres.send(t, "3")
	waitFor(t, 5*time.Second, "the follower to follow to the table", func() bool { return same() && pr.get().View == ui.ViewTable })

	// The follower navigates on its own: detached.
	fol.send(t, "1")
	waitFor(t, 5*time.Second, "the follower to move on its own", func() bool { return fr.get().View == ui.ViewOverview })
	pres.send(t, "2")
	waitFor(t, 5*time.Second, "the presenter to move", func() bool { return pr.get().View == ui.ViewCharts })
	time.Sleep(300 * time.Millisecond)
	if fr.get().View != ui.ViewOverview {
		t.Errorf("a detached follower was moved by the presenter (view %v)", fr.get().View)
	}
	// f: back with the presenter.
	fol.send(t, "f")
	waitFor(t, 5*time.Second, "the follower to re-attach", same)

	// The presenter leaves: the follower stays where it is.
	before := fr.get()
	pres.send(t, "q")
	pres.waitExit(t, 10*time.Second)
	waitFor(t, 5*time.Second, "the presenter's departure", func() bool { _, lead := ts.hub.counts(); return lead == "" })
	time.Sleep(200 * time.Millisecond)
	if fr.get() != before {
		t.Errorf("the follower moved when the presenter left")
	}
	fol.waitOut(t, 5*time.Second, "waiting for the presenter")
}

// viewed records the frame of the real model after each update.
type viewed struct {
	inner tea.Model
	mu    *sync.Mutex
	view  *string
	state *ui.State
}

func (v viewed) Init() tea.Cmd { return v.inner.Init() }
func (v viewed) View() string  { return v.inner.View() }
func (v viewed) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	next, cmd := v.inner.Update(msg)
	v.mu.Lock()
	*v.view = next.View()
	*v.state = next.(interface{ State() ui.State }).State()
	v.mu.Unlock()
	return viewed{next, v.mu, v.view, v.state}, cmd
}

// Every session of a server gets the server's one frame cache, and
// followers of different sizes that share it each show a frame of their
// own size.
func TestSessionsShareFrameCache(t *testing.T) {
	t.Parallel()
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	presKey := newKey(t)
	type rec struct {
		frames *ui.FrameCache
		mu     sync.Mutex
		view   string
		state  ui.State
	}
	recs := make(chan *rec, 8)
	ts := startServer(t, Config{Open: true, PresenterKeys: writeKeys(t, []gossh.Signer{presKey}, "alice"),
		Load: func() (*data.Dataset, error) { return ds, nil }}, func(s *Server) {
		s.newModel = func(ds *data.Dataset, o ui.Options) tea.Model {
			r := &rec{frames: o.Frames}
			recs <- r
			return viewed{ui.New(ds, o), &r.mu, &r.view, &r.state}
		}
	})
	pres := openTerm(t, mustDial(t, ts.addr, gossh.PublicKeys(presKey)), 120, 36)
	pres.waitOut(t, 10*time.Second, "EAEU cooperation indicators")
	pr := <-recs
	sizes := [][2]int{{100, 30}, {80, 24}, {100, 30}}
	var fols []*rec
	for _, sz := range sizes {
		fol := openTerm(t, mustDial(t, ts.addr, openAuth()), sz[0], sz[1])
		fol.waitOut(t, 10*time.Second, "EAEU cooperation indicators")
		fols = append(fols, <-recs)
	}
	for _, f := range fols {
		if f.frames == nil || f.frames != pr.frames {
			t.Fatalf("sessions got frame caches %p and %p, want the server's one", f.frames, pr.frames)
		}
	}
	pres.send(t, "3")
	waitFor(t, 5*time.Second, "the followers to show the table", func() bool {
		for _, f := range fols {
			f.mu.Lock()
			ok := f.state.View == ui.ViewTable && strings.Contains(f.view, "following alice")
			f.mu.Unlock()
			if !ok {
				return false
			}
		}
		return true
	})
	for i, f := range fols {
		f.mu.Lock()
		lines := strings.Split(f.view, "\n")
		f.mu.Unlock()
		if len(lines) != sizes[i][1] || ansi.StringWidth(lines[0]) != sizes[i][0] {
			t.Errorf("follower %d at %dx%d shows a %dx%d frame", i, sizes[i][0], sizes[i][1], ansi.StringWidth(lines[0]), len(lines))
		}
	}
}
