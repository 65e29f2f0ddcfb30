package ui

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"
	"weak"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/eaeu-dash/eaeu-dash/data"
)

// look is one kind of follower: what its session differs by.
type look struct {
	name    string
	ds      *data.Dataset
	w, h    int
	profile termenv.Profile
	dark    bool
	lang    string
	now     func() time.Time
	prelude []tea.Msg // after the size and the follower role
}

func (l look) model(frames *FrameCache) Model {
	r := lipgloss.NewRenderer(nil)
	r.SetColorProfile(l.profile)
	r.SetHasDarkBackground(l.dark)
	opts := Options{Renderer: r, Now: l.now, Lang: l.lang, Frames: frames}
	m := Model{newModel(l.ds, opts)}
	m = send(m, tea.WindowSizeMsg{Width: l.w, Height: l.h}, RoleMsg{Role: RoleFollower, Presenter: "alice"})
	return send(m, l.prelude...)
}

func followStates(t *testing.T, ds *data.Dataset) []State {
	// first a table row far down: a follower that scrolled to the end
	// before shows it from another top line
	out := []State{{View: ViewTable, Row: 40}}
	for _, v := range []View{ViewOverview, ViewCharts, ViewTable, ViewDetail, ViewSources, ViewEvents} {
		st, err := InitialState(ds, v, "")
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, st)
	}
	last := out[len(out)-1]
	out = append(out,
		State{View: ViewTable, Row: 40, Indicator: out[1].Indicator},
		State{View: ViewOverview, Card: 9, Indicator: out[1].Indicator},
		State{View: ViewSources, Source: 2, SourceOpen: true, SourceRow: 12, Indicator: out[1].Indicator},
		State{View: ViewCharts, Pick: 12, Indicator: out[1].Indicator, Mode: ModeBars},
		State{View: ViewTable, Row: 3, SortCol: ColValue, SortDesc: true, TableFilter: "kz", Indicator: out[1].Indicator},
		last)
	return out
}

// TestSharedFramesNeverMix: followers that differ in anything their frame
// depends on never get each other's frames, whatever order they render
// in: at every step each shows exactly what the same follower without the
// cache shows. Identical followers share one frame.
func TestSharedFramesNeverMix(t *testing.T) {
	t.Parallel()
	ds, mini := loadDefault(t), loadMini(t)
	reloaded := *ds
	reloaded.Updated = data.Period(0)
	base := look{name: "base", ds: ds, w: 120, h: 40, profile: termenv.ANSI256, dark: true, lang: "en", now: fixedNow}
	vary := func(name string, f func(*look)) look { l := base; l.name = name; f(&l); return l }
	looks := []look{
		base,
		vary("width", func(l *look) { l.w = 121 }),
		vary("height", func(l *look) { l.h = 41 }),
		vary("small", func(l *look) { l.w, l.h = 79, 23 }),
		vary("truecolor", func(l *look) { l.profile = termenv.TrueColor }),
		vary("ansi", func(l *look) { l.profile = termenv.ANSI }),
		vary("ascii", func(l *look) { l.profile = termenv.Ascii }),
		vary("light", func(l *look) { l.dark = false }),
		vary("ru", func(l *look) { l.lang = "ru" }),
		vary("dataset", func(l *look) { l.ds = mini }),
		// the same indicators, reloaded with another date: only the pointer tells
		vary("reloaded", func(l *look) { l.ds = &reloaded }),
		vary("banner", func(l *look) { l.prelude = []tea.Msg{BannerMsg{Text: "data reload failed"}} }),
		vary("presenter", func(l *look) { l.prelude = []tea.Msg{RoleMsg{Role: RoleFollower, Presenter: "bob"}} }),
		vary("help", func(l *look) { l.prelude = []tea.Msg{keyOf("?")} }),
		vary("clock", func(l *look) { l.now = func() time.Time { return fixedNow().AddDate(-3, 0, 0) } }),
		// a different past: scrolled while detached, then attached again
		vary("scrolled", func(l *look) {
			l.prelude = []tea.Msg{keyOf("3"), keyOf("end"), keyOf("2"), keyOf("end"), keyOf("5"), keyOf("end"), keyOf("f")}
		}),
	}
	frames := NewFrameCache()
	shared := make([]Model, len(looks))
	ref := make([]Model, len(looks))
	for i, l := range looks {
		shared[i], ref[i] = l.model(frames), l.model(nil)
		if !shared[i].m.following() {
			t.Fatalf("%s: not attached", l.name)
		}
	}
	differs := make([]bool, len(looks)) // from base at some step: the test tells them apart
	for step, st := range followStates(t, ds) {
		for i, l := range looks {
			shared[i] = send(shared[i], FollowMsg{State: st})
			ref[i] = send(ref[i], FollowMsg{State: st})
			got, want := shared[i].View(), ref[i].View()
			if got != want {
				t.Fatalf("step %d (%+v), %s: the shared frame differs from its own:\n%s\n--- want\n%s", step, st, l.name, got, want)
			}
			differs[i] = differs[i] || got != shared[0].View()
			if g, w := layoutOf(shared[i].m), layoutOf(ref[i].m); g != w {
				t.Fatalf("step %d, %s: layout %+v, want %+v", step, l.name, g, w)
			}
		}
	}

	for i, l := range looks[1:] {
		if !differs[i+1] {
			t.Errorf("%s always looks like base: the test does not tell them apart", l.name)
		}
	}

	// Identical followers share: the second finds the first one's frame.
	a, b := base.model(frames), base.model(frames)
	st := State{View: ViewTable, Row: 17, Indicator: followStates(t, ds)[1].Indicator}
	a = send(a, FollowMsg{State: st})
	n, _ := frames.frames.len()
	b = send(b, FollowMsg{State: st})
	if n2, _ := frames.frames.len(); n2 != n {
		t.Fatalf("an identical follower added an entry (%d -> %d)", n, n2)
	}
	if a.View() != b.View() || unsafe.StringData(a.View()) != unsafe.StringData(b.View()) {
		t.Fatalf("identical followers do not share one frame")
	}
	// A detached one renders its own (with zones when it has a manager).
	b = press(b, "down")
	if b.m.following() || unsafe.StringData(a.View()) == unsafe.StringData(b.View()) {
		t.Fatalf("a detached follower still uses the shared frame")
	}
}

// layoutOf is what of the layout a frame decides, as text: where the
// body is, the click areas, the scroll offsets, the chart's size and
// range (its dataset view is a pointer that differs between shared and
// unshared sessions). The per-view item positions (header cells, card
// rows) are left as the last frame of that view set them.
func layoutOf(m *model) string {
	l := m.lay
	l.chart.dv = nil
	return fmt.Sprintf("%d %d %d %v %v %+v", l.bodyTop, l.bodyH, l.chartW, l.zones, m.scrollOffsets(), l.chart)
}

// TestFrameCacheBounds: least recently used entries go first; the byte
// bound holds; a frame larger than it is not kept.
func TestFrameCacheBounds(t *testing.T) {
	t.Parallel()
	c := newFrameCache(2, 100)
	builds := 0
	get := func(w int, size int) {
		c.frame(frameKey{w: w}, func() sharedFrame { builds++; return sharedFrame{frame: strings.Repeat("x", size)} })
	}
	lenOf := func() (entries, bytes int) { return c.frames.len() }
	get(1, 10)
	get(2, 10)
	get(1, 10) // 1 is now the most recent
	get(3, 10) // evicts 2
	if n, _ := lenOf(); builds != 3 || n != 2 {
		t.Fatalf("builds %d, entries %d", builds, n)
	}
	get(1, 10)
	if builds != 3 {
		t.Fatalf("the most recently used entry was evicted")
	}
	get(2, 10)
	if builds != 4 {
		t.Fatalf("the least recently used entry was kept")
	}
	get(4, 90) // 10 + 90 fits, more does not
	if n, b := lenOf(); b > 100 || n > 2 {
		t.Fatalf("%d bytes in %d entries", b, n)
	}
	get(5, 200)
	if _, b := lenOf(); b > 100 {
		t.Fatalf("%d bytes after a frame larger than the bound", b)
	}
	before := builds
	get(5, 200)
	if builds != before+1 {
		t.Fatalf("a frame larger than the bound was kept")
	}
}

// TestAttachedFollowerClickDetaches: an attached follower's frame has no
// zones, so a click (or the wheel) on it only detaches, like a navigation
// key; the next click acts on what is under the pointer.
func TestAttachedFollowerClickDetaches(t *testing.T) {
	t.Parallel()
	var published []State
	opts := testOptions()
	opts.Frames = NewFrameCache()
	opts.OnState = func(s State) { published = append(published, s) }
	m := send(New(loadMini(t), opts), tea.WindowSizeMsg{Width: 120, Height: 40}, RoleMsg{Role: RoleFollower, Presenter: "alice"})
	pres := State{View: ViewCharts, Indicator: m.State().Indicator}
	m = send(m, FollowMsg{State: pres})
	if len(m.m.lay.zones) != 0 {
		t.Fatalf("an attached follower's frame has zones %v", m.m.lay.zones)
	}
	// where the table tab is drawn
	first := strings.SplitN(m.View(), "\n", 2)[0]
	x := strings.Index(first, "3 Table")
	if x < 0 {
		t.Fatalf("no table tab in %q", first)
	}
	// pointer moves, releases and the wheel over the help overlay change nothing
	m = send(m, tea.MouseMsg{X: x, Y: 0, Action: tea.MouseActionMotion})
	m = send(m, tea.MouseMsg{X: x, Y: 0, Button: tea.MouseButtonLeft, Action: tea.MouseActionRelease})
	if !m.m.following() || m.State() != pres {
		t.Fatalf("motion or release detached or moved: %+v", m.State())
	}
	m = send(m, click(x, 0))
	if m.m.following() {
		t.Fatalf("a click did not detach")
	}
	if m.State() != pres || len(published) != 0 {
		t.Fatalf("the detaching click acted: %+v, published %v", m.State(), published)
	}
	if !strings.Contains(m.View(), "looking around: f follows alice again") {
		t.Fatalf("status after the click:\n%s", m.View())
	}
	if len(m.m.lay.zones) == 0 {
		t.Fatalf("the detached frame has no zones")
	}
	x, y := itemAt(t, m, "tab-2")
	m = send(m, click(x, y))
	if m.State().View != ViewTable {
		t.Fatalf("the next click did not act: view %v", m.State().View)
	}
	// a click on the status line's "looking around: f follows alice
	// again" follows again, like f
	lines := strings.Split(m.View(), "\n")
	sy := len(lines) - 2
	sx := strings.Index(lines[sy], "looking around")
	if sx < 0 {
		t.Fatalf("status line %q", lines[sy])
	}
	m = send(m, click(sx+3, sy))
	if !m.m.following() || m.State() != pres {
		t.Fatalf("a click on the status line did not follow again: following %v, %+v", m.m.following(), m.State())
	}
	m = send(m, click(x, y)) // detaches again, for what follows
	m = send(m, click(x, y))

	// the wheel too only detaches
	m = press(m, "f")
	m = send(m, FollowMsg{State: State{View: ViewDetail, Indicator: pres.Indicator}})
	before := m.State()
	m = send(m, tea.MouseMsg{X: 10, Y: 10, Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress})
	if m.m.following() || m.State() != before {
		t.Fatalf("wheel: following %v, state %+v (want %+v)", m.m.following(), m.State(), before)
	}
	m = send(m, tea.MouseMsg{X: 10, Y: 10, Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress})
	if m.State().Scroll == 0 {
		t.Fatalf("the next wheel did not scroll")
	}
}

// Sessions of one server share one dsView per dataset and language (the
// FrameCache holds them); concurrent sessions only read it, and their
// frames are those of sessions with views of their own (run with -race).
func TestSharedDatasetViews(t *testing.T) {
	t.Parallel()
	ds := loadMini(t)
	cache := NewFrameCache()
	keys := [][]string{{"j", "j"}, {"2", "j"}, {"3", "s", "j"}, {"3", "/", "a", "enter"}, {"5", "enter"}, {"6", "j"}, {"4"}, {"?"}}
	var wg sync.WaitGroup
	got := make([]string, 2*len(keys))
	dvs := make([]*dsView, 2*len(keys))
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			opts := testOptions()
			opts.Frames = cache
			if i%2 == 1 {
				opts.Lang = "ru"
			}
			m := Model{newModel(ds, opts)}
			m = send(m, tea.WindowSizeMsg{Width: 120, Height: 40})
			m = press(m, keys[i/2]...)
			got[i], dvs[i] = m.View(), m.m.dv
		}()
	}
	wg.Wait()
	for i := range got {
		if dvs[i] != dvs[i%2] {
			t.Fatalf("session %d has a dsView of its own", i)
		}
		opts := testOptions()
		if i%2 == 1 {
			opts.Lang = "ru"
		}
		m := send(Model{newModel(ds, opts)}, tea.WindowSizeMsg{Width: 120, Height: 40})
		if want := press(m, keys[i/2]...).View(); got[i] != want {
			t.Fatalf("session %d (keys %v): the frame differs from an unshared session's", i, keys[i/2])
		}
	}
	if dvs[0] == dvs[1] {
		t.Fatal("two languages share a dsView")
	}
	// a new dataset gets its own view
	ds2 := loadMini(t)
	opts := testOptions()
	opts.Frames = cache
	m := send(Model{newModel(ds, opts)}, tea.WindowSizeMsg{Width: 120, Height: 40}, DatasetMsg{Dataset: ds2})
	if m.m.dv == dvs[0] || m.m.dv.ds != ds2 {
		t.Fatal("after a reload the session kept the old dataset's view")
	}
}

// Rendered cards are shared only between sessions of the same look: a
// session in another colour profile or background draws its own.
func TestSharedCardsPerLook(t *testing.T) {
	t.Parallel()
	ds := loadMini(t)
	cache := NewFrameCache()
	looks := []struct {
		p    termenv.Profile
		dark bool
	}{{termenv.Ascii, true}, {termenv.TrueColor, true}, {termenv.TrueColor, false}, {termenv.ANSI256, true}, {termenv.TrueColor, true}}
	for _, shared := range []bool{true, false} {
		for i, l := range looks {
			r := lipgloss.NewRenderer(io.Discard)
			r.SetColorProfile(l.p)
			r.SetHasDarkBackground(l.dark)
			opts := testOptions()
			opts.Renderer = r
			if shared {
				opts.Frames = cache
			}
			m := send(Model{newModel(ds, opts)}, tea.WindowSizeMsg{Width: 120, Height: 40})
			m = press(m, "j")
			r2 := lipgloss.NewRenderer(io.Discard)
			r2.SetColorProfile(l.p)
			r2.SetHasDarkBackground(l.dark)
			opts.Renderer, opts.Frames = r2, nil
			want := press(send(Model{newModel(ds, opts)}, tea.WindowSizeMsg{Width: 120, Height: 40}), "j").View()
			if m.View() != want {
				t.Fatalf("look %d (shared %v): the overview differs from an unshared session's", i, shared)
			}
		}
	}
}

// Table rows are shared by the sessions of one server (no session keeps
// rows of its own) and only within a look; a session draws with them what
// a session without the cache draws.
func TestSharedTableRows(t *testing.T) {
	t.Parallel()
	ds := loadDefault(t)
	frames := NewFrameCache()
	open := func(p termenv.Profile, f *FrameCache) Model {
		opts := testOptions()
		opts.Renderer, opts.Frames = colourRenderer(p, true), f
		m := send(Model{newModel(ds, opts)}, tea.WindowSizeMsg{Width: 120, Height: 40})
		return press(m, "3", "j", "j", "k")
	}
	a := open(termenv.ANSI256, frames)
	n, _ := frames.rows.len()
	if n == 0 || a.m.cache.rows != nil {
		t.Fatalf("%d shared rows, and rows of the session's own", n)
	}
	b := open(termenv.ANSI256, frames)
	if n2, _ := frames.rows.len(); n2 != n {
		t.Fatalf("a session of the same look added rows (%d -> %d)", n, n2)
	}
	if a.View() != b.View() {
		t.Fatal("two sessions of one look draw the table differently")
	}
	c := open(termenv.TrueColor, frames)
	if n2, _ := frames.rows.len(); n2 == n {
		t.Fatal("a session of another look found rows of the first")
	}
	for _, m := range []Model{a, c} {
		ref := open(m.m.st.look.profile, nil)
		if m.View() != ref.View() {
			t.Fatalf("%v: the table with shared rows differs from a session's own", m.m.st.look)
		}
	}
}

// What sessions only read is shared, not copied into each: the key map of
// a language, the card grid and its rows, the unfiltered picker.
func TestSessionsShareReadOnlyParts(t *testing.T) {
	t.Parallel()
	ds := loadDefault(t)
	frames := NewFrameCache()
	ms := servedSessions(t, ds, frames, termenv.ANSI256, 2)
	a, b := ms[0].m, ms[1].m
	b = press(Model{b}, "1").m // the overview: its card rows
	a = press(Model{a}, "1").m
	if a.keys != b.keys {
		t.Error("two English sessions have key maps of their own")
	}
	opts := testOptions()
	opts.Lang = "ru"
	if ru := newModel(ds, opts); ru.keys == a.keys || ru.keys.Quit.Help().Desc == a.keys.Quit.Help().Desc {
		t.Error("a Russian session has the English key map")
	}
	if g1, g2 := a.grid(), b.grid(); len(g1) == 0 || &g1[0] != &g2[0] {
		t.Error("two sessions of one width have card grids of their own")
	}
	if len(a.lay.cards) == 0 || &a.lay.cards[0] != &b.lay.cards[0] {
		t.Error("two sessions of one size have card rows of their own")
	}
	if p1, p2 := a.picker(), b.picker(); len(p1) == 0 || &p1[0] != &p2[0] {
		t.Error("two sessions have unfiltered pickers of their own")
	}
}

// The table's sorted orders are sorted once per server: sessions sorted
// alike hold one slice, and their tables are those of unshared sessions.
func TestSharedSortOrders(t *testing.T) {
	t.Parallel()
	ds := loadDefault(t)
	frames := NewFrameCache()
	open := func(f *FrameCache, keys ...string) Model {
		opts := testOptions()
		opts.Frames = f
		return press(send(Model{newModel(ds, opts)}, tea.WindowSizeMsg{Width: 120, Height: 40}), keys...)
	}
	// b presents: its frame differs from a's (the status line), so it
	// draws its own, with the order a sorted.
	presenter := func(keys ...string) Model {
		opts := testOptions()
		opts.Frames = frames
		m := send(Model{newModel(ds, opts)}, tea.WindowSizeMsg{Width: 120, Height: 40}, RoleMsg{Role: RolePresenter})
		return press(m, keys...)
	}
	for _, keys := range [][]string{{"3"}, {"3", "s", "s"}, {"3", "s", "S", "/", "k", "z", "enter"}} {
		a, b := open(frames, keys...), presenter(keys...)
		a.m.tableRows() // the rows of the current state (a session that took a shared frame sorts when it needs them)
		b.m.tableRows()
		sa, sb := a.m.cache.table.sorted, b.m.cache.table.sorted
		if len(sa) == 0 || &sa[0] != &sb[0] {
			t.Fatalf("keys %v: two sessions sorted the table each", keys)
		}
		if want := open(nil, keys...).View(); a.View() != want {
			t.Fatalf("keys %v: the table with a shared order differs from a session's own", keys)
		}
	}
	c := open(frames, "3", "s")
	// a at another size: not the frame of a session above, so it sorts
	// (or takes the shared order of its column).
	opts := testOptions()
	opts.Frames = frames
	a := press(send(Model{newModel(ds, opts)}, tea.WindowSizeMsg{Width: 100, Height: 40}), "3")
	a.m.tableRows()
	c.m.tableRows()
	if &a.m.cache.table.sorted[0] == &c.m.cache.table.sorted[0] {
		t.Fatal("two columns share one order")
	}
}

// Charts and detail views are drawn once per look for the sessions of a
// server, and what a session shows with them is what it would draw.
func TestSharedChartsAndDetails(t *testing.T) {
	t.Parallel()
	ds := loadDefault(t)
	frames := NewFrameCache()
	open := func(p termenv.Profile, f *FrameCache, keys ...string) Model {
		opts := testOptions()
		opts.Renderer, opts.Frames = colourRenderer(p, true), f
		return press(send(Model{newModel(ds, opts)}, tea.WindowSizeMsg{Width: 120, Height: 40}), keys...)
	}
	// b presents: its frame differs from a's (the status line), so it
	// draws its own, with the chart or detail a drew.
	presenter := func(keys ...string) Model {
		opts := testOptions()
		opts.Renderer, opts.Frames = colourRenderer(termenv.ANSI256, true), frames
		m := send(Model{newModel(ds, opts)}, tea.WindowSizeMsg{Width: 120, Height: 40}, RoleMsg{Role: RolePresenter})
		return press(m, keys...)
	}
	for _, keys := range [][]string{{"2"}, {"2", "j", "+"}, {"4"}, {"2", "j", "enter", "j"}} {
		a, b := open(termenv.ANSI256, frames, keys...), presenter(keys...)
		c := open(termenv.TrueColor, frames, keys...)
		if a.State().View == ViewDetail {
			// the detail's chart is in its lines
			if &a.m.cache.detailLines[0] != &b.m.cache.detailLines[0] || &a.m.cache.detailLines[0] == &c.m.cache.detailLines[0] {
				t.Fatalf("keys %v: detail lines not shared within a look, or shared across looks", keys)
			}
		} else {
			ca, cb, cc := a.m.cache.charts[0].out, b.m.cache.charts[0].out, c.m.cache.charts[0].out
			if ca == "" || unsafe.StringData(ca) != unsafe.StringData(cb) || unsafe.StringData(ca) == unsafe.StringData(cc) {
				t.Fatalf("keys %v: the chart is not shared within a look, or shared across looks", keys)
			}
		}
		for _, m := range []Model{a, c} {
			if want := open(m.m.st.look.profile, nil, keys...).View(); m.View() != want {
				t.Fatalf("keys %v, %+v: the view with shared parts differs from a session's own", keys, m.m.st.look)
			}
		}
	}
}

// After reloads (serve calls SetDataset with each new dataset) the shared
// caches keep nothing of the old datasets: views, sorted orders, rows,
// charts, details, cards and frames of an old dataset would otherwise
// keep it in memory until they aged out, which with few viewers is never.
// A session still on an old dataset draws it without the cache.
func TestReloadsDoNotPinOldDatasets(t *testing.T) {
	frames := NewFrameCache()
	opts := testOptions()
	opts.Frames = frames
	first := loadMini(t)
	frames.SetDataset(first)
	m := send(Model{newModel(first, opts)}, tea.WindowSizeMsg{Width: 120, Height: 40})
	f := send(Model{newModel(first, opts)}, tea.WindowSizeMsg{Width: 120, Height: 40},
		RoleMsg{Role: RoleFollower, Presenter: "alice"}, FollowMsg{State: m.State()})
	const reloads = 20
	var refs []weak.Pointer[data.Dataset]
	for i := 0; i < reloads; i++ {
		ds := loadMini(t)
		refs = append(refs, weak.Make(ds))
		frames.SetDataset(ds)
		m = send(m, DatasetMsg{Dataset: ds})
		f = send(f, DatasetMsg{Dataset: ds})
		m = press(m, "3", "s", "2", "4", "1")
		f = send(f, FollowMsg{State: m.State()})
		_ = f.View()
	}
	// A session still on an old dataset: drawn without the cache, and
	// nothing of its dataset kept.
	old := loadMini(t)
	stale := send(Model{newModel(old, opts)}, tea.WindowSizeMsg{Width: 120, Height: 40})
	stale = press(stale, "3", "2", "4")
	checkFrame(t, stale.View(), 120, 40)
	oldRef := weak.Make(old)
	stale = Model{}
	old = nil
	runtime.GC()
	runtime.GC()
	alive := 0
	for _, r := range refs[:reloads-1] {
		if r.Value() != nil {
			alive++
		}
	}
	if alive > 0 {
		t.Errorf("%d of %d old datasets still alive after GC", alive, reloads-1)
	}
	if oldRef.Value() != nil {
		t.Errorf("a dataset drawn by a stale session is kept by the cache")
	}
	if refs[reloads-1].Value() == nil {
		t.Fatalf("the current dataset is gone")
	}
	runtime.KeepAlive(m)
	runtime.KeepAlive(f)
}

// Viewers who pressed the same keys share one frame, like attached
// followers, and the click areas come with it: a click on a viewer that
// took another's frame acts on what is under the pointer.
func TestViewersInOneStateShareTheFrame(t *testing.T) {
	t.Parallel()
	frames := NewFrameCache()
	ds := loadMini(t)
	open := func(keys ...string) Model {
		opts := testOptions()
		opts.Frames = frames
		return press(send(New(ds, opts), tea.WindowSizeMsg{Width: 120, Height: 40}), keys...)
	}
	a := open("3", "j")
	n, _ := frames.frames.len()
	b := open("3", "j")
	if unsafe.StringData(a.View()) != unsafe.StringData(b.View()) {
		t.Fatal("two viewers in one state built a frame each")
	}
	if n2, _ := frames.frames.len(); n2 != n {
		t.Fatalf("the second viewer added frames (%d -> %d)", n, n2)
	}
	if c := open("3", "j", "j"); unsafe.StringData(c.View()) == unsafe.StringData(a.View()) || c.View() == a.View() {
		t.Fatal("a viewer in another state got the same frame")
	}
	// b's click areas came with the frame.
	x, y := itemAt(t, b, "row-4")
	b = send(b, click(x+3, y))
	if b.State().Row != 4 {
		t.Fatalf("a click on row 5 of a shared frame: row %d", b.State().Row)
	}
	x, y = itemAt(t, b, "tab-1")
	b = send(b, click(x, y))
	if b.State().View != ViewCharts {
		t.Fatalf("a click on the charts tab of a shared frame: view %v", b.State().View)
	}
	// and what the viewers see is what an unshared session draws.
	opts := testOptions()
	own := press(send(New(ds, opts), tea.WindowSizeMsg{Width: 120, Height: 40}), "3", "j")
	if own.View() != a.View() {
		t.Fatal("the shared frame differs from a session's own")
	}
}
