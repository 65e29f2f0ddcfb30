package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/eaeu-dash/eaeu-dash/data"
)

func councilStory(t testing.TB) (*data.Dataset, *data.Story) {
	t.Helper()
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	st, err := data.DefaultStory(ds, data.StoryOptions{Views: ViewNames()})
	if err != nil {
		t.Fatal(err)
	}
	return ds, st
}

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time      { return c.t }
func (c *fakeClock) add(d time.Duration) { c.t = c.t.Add(d) }

func storyModel(t testing.TB, ds *data.Dataset, st *data.Story, w, h int, tour time.Duration, clock *fakeClock) Model {
	t.Helper()
	opts := testOptions()
	opts.Story, opts.Tour = st, tour
	if clock != nil {
		opts.Now = clock.now
	}
	return send(Model{newModel(ds, opts)}, tea.WindowSizeMsg{Width: w, Height: h})
}

// captionBar is the caption bar's first line in a frame (the line with
// "N/M "), or "".
func captionBar(frame string, m int) string {
	for _, l := range strings.Split(frame, "\n") {
		for n := 1; n <= m; n++ {
			if strings.HasPrefix(l, fmt.Sprintf(" %d/%d ", n, m)) {
				return l
			}
		}
	}
	return ""
}

func TestStoryStepsThroughTheCouncil(t *testing.T) {
	ds, st := councilStory(t)
	m := storyModel(t, ds, st, 120, 40, 0, nil)
	M := len(st.Stops)
	s := m.m.state
	if s.Stop != 1 || s.View != ViewEvents || ds.Events[s.Event].Date != data.DayPeriod(2024, 12, 13) {
		t.Fatalf("the story does not open on the council: stop %d view %s event %d", s.Stop, s.View, s.Event)
	}
	bar := captionBar(m.View(), M)
	if !strings.HasPrefix(bar, fmt.Sprintf(" 1/%d Moscow, December 2024", M)) {
		t.Fatalf("caption bar %q", bar)
	}
	checkFrame(t, m.View(), 120, 40)

	// n: the transit figures, filled from the data.
	m = press(m, "n")
	if s := m.m.state; s.Stop != 2 || s.View != ViewCharts || s.Indicator != "kz-transit-council" {
		t.Fatalf("after n: %+v", s)
	}
	if bar := captionBar(m.View(), M); !strings.Contains(bar, "from 28 to 45 Mt by 2029") {
		t.Errorf("stop 2 caption %q", bar)
	}
	// space: the North–South corridor, in the progress mode.
	m = press(m, "space")
	if s := m.m.state; s.Stop != 3 || s.Indicator != "ns-capacity" || s.Mode != ModeProgress {
		t.Fatalf("after space: %+v", s)
	}
	if bar := captionBar(m.View(), M); !strings.Contains(bar, "capacity from 10 to 20 Mt/yr") {
		t.Errorf("stop 3 caption %q", bar)
	}
	m = press(m, "n", "n")
	if bar := m.View(); !strings.Contains(bar, "capacity ×5,") || !strings.Contains(bar, "containers at up to 1,500 km/day.") {
		t.Errorf("stop 5 (Dostyk–Moyinty) caption:\n%s", bar)
	}
	if s := m.m.state; s.View != ViewMap || s.MapZoom != 3 || !s.MapMoved || m.m.dv.ds.Entities[m.m.mapOf().items[s.MapSel].ent].ID != "dostyk-moyinty" {
		t.Errorf("stop 5 is not the map on Dostyk–Moyinty: %+v", s)
	}
	m = press(m, "n")
	if bar := captionBar(m.View(), M); !strings.Contains(bar, "Dostyk–Moyinty capacity: 12 → 60 train pairs/day with the second track.") {
		t.Errorf("stop 6 caption %q", bar)
	}
	m = press(m, "p")
	// p: back one.
	m = press(m, "p")
	if s := m.m.state; s.Stop != 4 || s.View != ViewDetail || s.Indicator != "kz-new-track-plan" {
		t.Fatalf("after p: %+v", s)
	}
	if bar := captionBar(m.View(), M); !strings.Contains(bar, "About 5,000 km of new and second railway track") {
		t.Errorf("stop 4 caption %q", bar)
	}
	// Looking around keeps the stop and its caption; f returns to it.
	m = press(m, "3")
	if s := m.m.state; s.View != ViewTable || s.Stop != 4 {
		t.Fatalf("looking around: %+v", s)
	}
	m = press(m, "f")
	if s := m.m.state; s.View != ViewDetail || s.Indicator != "kz-new-track-plan" || s.Stop != 4 {
		t.Fatalf("f does not return to stop 4: %+v", s)
	}
	// The table stop sets the filter and the sort.
	for m.m.state.Stop != 9 {
		m = press(m, "n")
	}
	if s := m.m.state; s.View != ViewTable || s.TableFilter != "industr" || s.SortCol != ColPeriod || !s.SortDesc {
		t.Errorf("table stop: %+v", s)
	}
	// After the last stop, the first.
	for m.m.state.Stop != M {
		m = press(m, "n")
	}
	m = press(m, "n")
	if m.m.state.Stop != 1 {
		t.Errorf("after the last stop: stop %d", m.m.state.Stop)
	}
	// Russian captions, filled in Russian.
	opts := testOptions()
	opts.Lang, opts.Story = "ru", st
	ru := send(Model{newModel(ds, opts)}, tea.WindowSizeMsg{Width: 120, Height: 40})
	ru = press(ru, "n")
	if bar := captionBar(ru.View(), M); !strings.Contains(bar, "Транзит через Казахстан: с 28 до 45 млн т") && !strings.Contains(bar, "Транзит через Казахстан: с 28 до 45 Mt") {
		t.Errorf("Russian caption %q", bar)
	}
}

// Without a story space pages down as before, and n and p do nothing.
func TestNoStoryKeepsSpace(t *testing.T) {
	ds := loadMini(t)
	m := newSized(t, ds, 100, 30)
	m = press(m, "3", "space")
	if m.m.state.Row == 0 || m.m.state.Stop != 0 {
		t.Errorf("space without a story: row %d stop %d", m.m.state.Row, m.m.state.Stop)
	}
	before := m.m.state
	m = press(m, "n", "p")
	if m.m.state != before {
		t.Errorf("n/p without a story changed the state")
	}
}

func TestReduceStory(t *testing.T) {
	stops := []State{{Stop: 1, View: ViewEvents}, {Stop: 2, View: ViewCharts, Indicator: "a"}, {Stop: 3, View: ViewTable, TableFilter: "x"}}
	c := ReduceCtx{Stops: stops}
	cases := []struct {
		from State
		a    Action
		want int
	}{
		{State{}, Action{Kind: ActStoryNext}, 1},
		{State{}, Action{Kind: ActStoryPrev}, 1},
		{stops[0], Action{Kind: ActStoryNext}, 2},
		{stops[0], Action{Kind: ActStoryPrev}, 1},
		{stops[2], Action{Kind: ActStoryNext}, 1},
		{stops[2], Action{Kind: ActStoryPrev}, 2},
		{stops[0], Action{Kind: ActStoryStop, N: 3}, 3},
		{stops[1], Action{Kind: ActStoryStop, N: 9}, 2},
	}
	for i, cs := range cases {
		got := Reduce(cs.from, cs.a, c)
		if got.Stop != cs.want || got != stops[cs.want-1] {
			t.Errorf("case %d: stop %d, want %d (%+v)", i, got.Stop, cs.want, got)
		}
	}
	if got := Reduce(State{View: ViewTable}, Action{Kind: ActStoryNext}, ReduceCtx{}); got != (State{View: ViewTable}) {
		t.Errorf("no stops: %+v", got)
	}
}

// The tour with a fake clock: it advances every Tour, loops, holds on a
// key and resumes a whole Tour after the last input.
func TestTourFakeClock(t *testing.T) {
	ds, st := councilStory(t)
	clock := &fakeClock{t: time.Date(2025, 7, 1, 12, 0, 0, 0, time.UTC)}
	const tour = 10 * time.Second
	m := storyModel(t, ds, st, 120, 40, tour, clock)
	M := len(st.Stops)
	tick := func(d time.Duration) {
		clock.add(d)
		m = send(m, tourMsg{})
	}
	if cmd := m.Init(); cmd == nil {
		t.Fatal("Init starts no tour tick")
	}
	tick(5 * time.Second)
	if m.m.state.Stop != 1 || !strings.Contains(captionBar(m.View(), M), "▰▰▰▰▱▱▱▱") {
		t.Fatalf("half way: stop %d, bar %q", m.m.state.Stop, captionBar(m.View(), M))
	}
	tick(5 * time.Second)
	if m.m.state.Stop != 2 {
		t.Fatalf("after %v: stop %d, want 2", tour, m.m.state.Stop)
	}
	// A key holds the tour.
	clock.add(2 * time.Second)
	m = press(m, "j")
	tick(3 * time.Second) // 5 s after the stop began, 3 s after the key
	if m.m.state.Stop != 2 || !strings.Contains(captionBar(m.View(), M), "paused") {
		t.Fatalf("a key does not pause: stop %d, bar %q", m.m.state.Stop, captionBar(m.View(), M))
	}
	tick(7 * time.Second) // 10 s after the key: resumes, a whole stop to go
	if m.m.state.Stop != 2 || strings.Contains(captionBar(m.View(), M), "paused") {
		t.Fatalf("resuming: stop %d, bar %q", m.m.state.Stop, captionBar(m.View(), M))
	}
	tick(9 * time.Second)
	if m.m.state.Stop != 2 {
		t.Fatalf("advanced before a whole stop: %d", m.m.state.Stop)
	}
	tick(1 * time.Second)
	if m.m.state.Stop != 3 {
		t.Fatalf("did not resume: stop %d", m.m.state.Stop)
	}
	// In --glyphs ascii the mark is ASCII too.
	aopts := testOptions()
	aopts.Story, aopts.Tour, aopts.Now, aopts.ASCII = st, tour, clock.now, true
	am := send(Model{newModel(ds, aopts)}, tea.WindowSizeMsg{Width: 120, Height: 40})
	clock.add(5 * time.Second)
	am = send(am, tourMsg{})
	if bar := captionBar(am.View(), M); !strings.Contains(bar, "[####----]") {
		t.Errorf("ascii tour mark: %q", bar)
	}
	clock.add(-5 * time.Second)
	// It loops.
	for i := 0; i < M-2; i++ {
		tick(tour)
	}
	if m.m.state.Stop != 1 {
		t.Fatalf("the tour does not loop: stop %d", m.m.state.Stop)
	}
	// n moves on at once and restarts the time to the next stop.
	clock.add(4 * time.Second)
	m = press(m, "n")
	if m.m.state.Stop != 2 {
		t.Fatalf("n during the tour: stop %d", m.m.state.Stop)
	}
}

// A follower shows the presenter's stop and caption, and f returns to it.
func TestFollowerSeesTheStop(t *testing.T) {
	ds, st := councilStory(t)
	pres := storyModel(t, ds, st, 120, 40, 0, nil)
	fol := storyModel(t, ds, st, 120, 40, 0, nil)
	fol = send(fol, RoleMsg{Role: RoleFollower, Presenter: "alice"})
	pres = press(pres, "n", "n")
	fol = send(fol, FollowMsg{State: pres.m.state})
	M := len(st.Stops)
	if fol.m.state.Stop != 3 || captionBar(fol.View(), M) == "" || !strings.Contains(captionBar(fol.View(), M), " 3/") {
		t.Fatalf("follower: stop %d, bar %q", fol.m.state.Stop, captionBar(fol.View(), M))
	}
	fol = press(fol, "1")
	if fol.m.state.View != ViewOverview {
		t.Fatal("the follower could not look around")
	}
	fol = press(fol, "f")
	if fol.m.state != pres.m.state {
		t.Errorf("f does not return to the presenter's stop")
	}
}

func TestStoryGolden(t *testing.T) {
	ds, st := councilStory(t)
	for _, c := range []struct {
		name string
		keys []string
	}{
		{"council", nil},
		{"transit", []string{"n"}},
		{"dostyk-moyinty", []string{"n", "n", "n", "n"}},
	} {
		for _, sz := range [][2]int{{80, 24}, {160, 48}} {
			t.Run(fmt.Sprintf("%s_%dx%d", c.name, sz[0], sz[1]), func(t *testing.T) {
				m := storyModel(t, ds, st, sz[0], sz[1], 0, nil)
				m = press(m, c.keys...)
				out := m.View()
				checkFrame(t, out, sz[0], sz[1])
				teatest.RequireEqualOutput(t, []byte(out))
			})
		}
	}
}
