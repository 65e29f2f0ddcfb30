package ui

import (
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/eaeu-dash/eaeu-dash/data"
)

func TestViewEmptyBeforeSize(t *testing.T) {
	t.Parallel()
	m := Model{newModel(loadMini(t), testOptions())}
	if v := m.View(); v != "" {
		t.Fatalf("View before the first WindowSizeMsg = %q, want empty", v)
	}
	m = press(m, "2") // keys before a size must not panic nor draw
	if v := m.View(); v != "" {
		t.Fatalf("View after a key but before a size = %q, want empty", v)
	}
}

func TestTabsByNumberAndTab(t *testing.T) {
	t.Parallel()
	m := newSized(t, loadMini(t), 120, 40)
	want := map[string]View{"1": ViewOverview, "2": ViewCharts, "3": ViewTable, "4": ViewDetail, "5": ViewSources, "6": ViewEvents}
	for k, v := range want {
		m = press(m, k)
		if got := m.State().View; got != v {
			t.Errorf("key %s: view %v, want %v", k, got, v)
		}
	}
	m = press(m, "1", "tab", "tab")
	if got := m.State().View; got != ViewTable {
		t.Errorf("1 tab tab: view %v, want table", got)
	}
	m = press(m, "shift+tab")
	if got := m.State().View; got != ViewCharts {
		t.Errorf("shift+tab: view %v, want charts", got)
	}
}

func TestOverviewCardsAndDetailBack(t *testing.T) {
	t.Parallel()
	m := newSized(t, loadMini(t), 80, 24)
	v := m.View()
	for _, want := range []string{"1 Overview", "Transit", "Rail transit", "25.3 Mt", "2023", "▲ +1.3 ✓ vs 2022", "target 45.0 Mt by 2030", "20%", "● actual"} {
		if !strings.Contains(v, want) {
			t.Errorf("overview at 80x24 lacks %q:\n%s", want, v)
		}
	}
	m = press(m, "down") // 80 wide: one column, so down is the next card
	if got := m.State().Card; got != 1 {
		t.Fatalf("card after down = %d, want 1", got)
	}
	m = press(m, "enter")
	s := m.State()
	if s.View != ViewDetail || s.Indicator != "tcr-containers" {
		t.Fatalf("enter on card 2: view %v indicator %q", s.View, s.Indicator)
	}
	if !strings.Contains(m.View(), "Trans-Caspian containers") {
		t.Errorf("detail does not show the indicator name:\n%s", m.View())
	}
	m = press(m, "esc")
	if got := m.State().View; got != ViewOverview {
		t.Fatalf("esc from detail: view %v, want overview", got)
	}
}

func TestOverviewGridReflows(t *testing.T) {
	t.Parallel()
	m := newSized(t, loadMini(t), 240, 70)
	if got := cardCols(240); got < 3 || got > 4 {
		t.Fatalf("cards per row at 240 = %d, want 3..4", got)
	}
	// two transit cards sit side by side: right moves along the row, down goes to the next topic
	m = press(m, "l")
	if got := m.State().Card; got != 1 {
		t.Fatalf("card after l = %d, want 1", got)
	}
	m = press(m, "j")
	if got := m.State().Card; got != 2 {
		t.Fatalf("card after j = %d, want 2 (infrastructure row)", got)
	}
	lines := strings.Split(m.View(), "\n")
	found := false
	for _, l := range lines {
		if strings.Contains(l, "Rail transit") && strings.Contains(l, "Trans-Caspian containers") {
			found = true
		}
	}
	if !found {
		t.Errorf("at 240x70 the two transit cards are not on one row:\n%s", m.View())
	}
}

func TestTableSortFilterAndOpen(t *testing.T) {
	t.Parallel()
	m := newSized(t, loadMini(t), 120, 40)
	m = press(m, "3")
	if !strings.Contains(m.View(), "24 observations") {
		t.Fatalf("table does not count 24 observations:\n%s", m.View())
	}
	// sort by value (s: indicator -> entity -> period -> value), descending
	m = press(m, "s", "s", "s", "S")
	if s := m.State(); s.SortCol != ColValue || !s.SortDesc {
		t.Fatalf("after s s s S: sort col %d desc %v", s.SortCol, s.SortDesc)
	}
	rows := tableLines(m.View())
	if len(rows) == 0 || !strings.Contains(rows[0], "1,234,567.89") {
		t.Fatalf("largest value is not first when sorted by value descending:\n%s", m.View())
	}
	if !strings.Contains(m.View(), "Value ▼") {
		t.Errorf("sorted column header lacks ▼")
	}
	// filter
	m = press(m, "/")
	m = typeText(m, "uzbek")
	if !strings.Contains(m.View(), "1 of 24 rows match") {
		t.Fatalf("filter 'uzbek' should match 1 row:\n%s", m.View())
	}
	m = press(m, "enter", "enter")
	s := m.State()
	if s.View != ViewDetail {
		t.Fatalf("enter on a filtered row: view %v", s.View)
	}
	if s.Indicator != "transit-time" {
		t.Fatalf("detail of %q, want transit-time (Uzbekistan's dwell time)", s.Indicator)
	}
	m = press(m, "esc")
	if m.State().View != ViewTable || m.State().TableFilter != "uzbek" {
		t.Fatalf("esc should return to the filtered table: %+v", m.State())
	}
	m = press(m, "esc")
	if m.State().TableFilter != "" {
		t.Fatalf("esc in the table should clear the filter")
	}
}

// tableLines are the data rows of a table view frame.
func tableLines(v string) []string {
	lines := strings.Split(v, "\n")
	var out []string
	for i, l := range lines {
		if strings.Contains(l, "Indicator") && strings.Contains(l, "Period") {
			for _, r := range lines[i+1:] {
				if strings.TrimSpace(r) == "" {
					break
				}
				out = append(out, r)
			}
			break
		}
	}
	return out
}

func TestChartsZoomPanModes(t *testing.T) {
	t.Parallel()
	m := newSized(t, loadMini(t), 120, 40)
	m = press(m, "2")
	if got := m.State().Indicator; got != "rail-transit" {
		t.Fatalf("charts opens on %q", got)
	}
	m = press(m, "l")
	if !strings.Contains(m.View(), "zoom in with +") {
		t.Errorf("panning the whole range gives no hint:\n%s", m.View())
	}
	m = press(m, "+")
	s := m.State()
	if s.From == 0 || s.To == 0 || s.To-s.From <= 0 {
		t.Fatalf("+ did not zoom: %+v", s)
	}
	if !strings.Contains(m.View(), "–") {
		t.Errorf("zoomed chart title should show the visible range:\n%s", m.View())
	}
	m = press(m, "l")
	if m.State().From <= s.From {
		t.Fatalf("l did not pan right: %d -> %d", s.From, m.State().From)
	}
	m = press(m, "0")
	if s := m.State(); s.From != 0 || s.To != 0 {
		t.Fatalf("0 did not reset: %+v", s)
	}
	m = press(m, "b")
	if m.State().Mode != ModeBars || !strings.Contains(m.View(), "bars") {
		t.Fatalf("b did not switch to bars")
	}
	m = press(m, "b", "b")
	if m.State().Mode != ModeLine {
		t.Fatalf("b b b did not cycle back to line")
	}
	m = press(m, "r")
	if !m.State().Relative || !strings.Contains(m.View(), "relative") {
		t.Fatalf("r did not switch to relative")
	}
	m = press(m, "r", "g")
	if !m.State().Log {
		t.Fatalf("g did not switch rail transit (all positive) to log")
	}
	// new-track has a zero: log refused with a message
	m = press(m, "j", "j")
	if got := m.State().Indicator; got != "new-track" {
		t.Fatalf("j j: indicator %q, want new-track", got)
	}
	m = press(m, "g")
	if m.State().Log {
		t.Fatalf("log allowed on a series with a zero")
	}
	if !strings.Contains(m.View(), "log scale needs every value above zero") {
		t.Fatalf("no message when log is refused:\n%s", m.View())
	}
	// picker filter
	m = press(m, "/")
	m = typeText(m, "dwell")
	m = press(m, "enter")
	if got := m.State().Indicator; got != "transit-time" {
		t.Fatalf("picker filter 'dwell' then down: %q", got)
	}
}

func TestDetailScrollAndSources(t *testing.T) {
	t.Parallel()
	m := newSized(t, loadMini(t), 80, 24)
	m = press(m, "4")
	v := m.View()
	if !strings.Contains(v, "Rail transit") || !strings.Contains(v, "Transit freight carried by rail") {
		t.Fatalf("detail lacks name or description:\n%s", v)
	}
	m = press(m, "pgdown", "pgdown", "pgdown")
	if m.State().Scroll == 0 {
		t.Fatalf("pgdown did not scroll the detail")
	}
	all := strings.Join(m.m.detailLines(), "\n")
	for _, want := range []string{"KTZ press release on transit", "Kazakhstan Temir Zholy", "https://example.org/ktz/transit", "transit reached 20.5 million tonnes", "CAGR", "progress"} {
		if !strings.Contains(all, want) {
			t.Errorf("detail content lacks %q", want)
		}
	}
	m = press(m, "5")
	if !strings.Contains(m.View(), "EEC annual report 2024") {
		t.Fatalf("sources view lacks a source title:\n%s", m.View())
	}
	m = press(m, "enter")
	if !m.State().SourceOpen || !strings.Contains(m.View(), "Rail transit") {
		t.Fatalf("enter on a source did not list its points:\n%s", m.View())
	}
	m = press(m, "esc")
	if m.State().SourceOpen {
		t.Fatalf("esc did not close the source's points")
	}
}

func TestEventsParticipants(t *testing.T) {
	t.Parallel()
	m := newSized(t, loadMini(t), 120, 40)
	m = press(m, "6")
	v := m.View()
	for _, want := range []string{"Eurasian Intergovernmental Council", "Olzhas Bektenov", "■ member", "□ observer", "Abdulla Aripov"} {
		if !strings.Contains(v, want) {
			t.Errorf("events view lacks %q:\n%s", want, v)
		}
	}
}

func TestHelpOverlay(t *testing.T) {
	t.Parallel()
	m := newSized(t, loadMini(t), 100, 30)
	m = press(m, "2", "?")
	v := m.View()
	for _, want := range []string{"Charts keys", "zoom in", "log scale", "Everywhere", "Mouse"} {
		if !strings.Contains(v, want) {
			t.Errorf("help lacks %q:\n%s", want, v)
		}
	}
	m = press(m, "?")
	if strings.Contains(m.View(), "Everywhere") {
		t.Errorf("? did not close the help")
	}
	if !strings.Contains(m.View(), "zoom in") {
		t.Errorf("short help line of charts lacks zoom")
	}
}

func TestQuitKeys(t *testing.T) {
	t.Parallel()
	m := newSized(t, loadMini(t), 80, 24)
	for _, k := range []string{"q", "ctrl+c"} {
		_, cmd := m.Update(keyOf(k))
		if cmd == nil {
			t.Fatalf("%s returned no command", k)
		}
		if _, ok := cmd().(tea.QuitMsg); !ok {
			t.Fatalf("%s did not quit", k)
		}
	}
	// q while typing a filter is a letter
	m = press(m, "3", "/")
	_, cmd := m.Update(keyOf("q"))
	if cmd != nil {
		t.Fatalf("q while filtering quit")
	}
}

func TestFollowDetachRefollow(t *testing.T) {
	t.Parallel()
	var published []State
	opts := testOptions()
	opts.OnState = func(s State) { published = append(published, s) }
	m := Model{newModel(loadMini(t), opts)}
	m = send(m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m = send(m, RoleMsg{Role: RoleFollower, Presenter: "alice"})
	if !strings.Contains(m.View(), "following alice") {
		t.Fatalf("status does not say following:\n%s", m.View())
	}
	presenter := State{View: ViewTable, Row: 3, Indicator: "new-track"}
	m = send(m, FollowMsg{State: presenter})
	if got := m.State(); got.View != ViewTable || got.Row != 3 {
		t.Fatalf("attached follower did not apply the presenter state: %+v", got)
	}
	if len(published) != 0 {
		t.Fatalf("a follower applying a FollowMsg published its state")
	}
	m = press(m, "1") // navigation detaches
	if m.State().View != ViewOverview {
		t.Fatalf("key 1 did not navigate")
	}
	if v := m.View(); !strings.Contains(v, "looking around: f follows alice again") || !strings.Contains(v, "f follow presenter") {
		t.Fatalf("status or short help of a viewer looking around:\n%s", v)
	}
	m = send(m, FollowMsg{State: State{View: ViewEvents, Indicator: "new-track"}})
	if m.State().View != ViewOverview {
		t.Fatalf("detached follower applied a FollowMsg")
	}
	m = press(m, "f")
	if m.State().View != ViewEvents {
		t.Fatalf("f did not re-apply the last presenter state: %+v", m.State())
	}
	if !strings.Contains(m.View(), "following alice") {
		t.Fatalf("status after f:\n%s", m.View())
	}
	// The presenter drops: the follower stays attached, where it is, and
	// says it waits; no stale "following" or "left" text.
	m = send(m, RoleMsg{Role: RoleFollower, Presenter: ""})
	v := m.View()
	if m.State().View != ViewEvents || !strings.Contains(v, "waiting for the presenter") ||
		strings.Contains(v, "following") || strings.Contains(v, "looking around") {
		t.Fatalf("presenter left: moved or wrong status:\n%s", v)
	}
	// The presenter returns and moves on: the follower follows without f.
	m = send(m, RoleMsg{Role: RoleFollower, Presenter: "alice"},
		FollowMsg{State: State{View: ViewTable, Row: 2, Indicator: "new-track"}})
	if got := m.State(); got.View != ViewTable || got.Row != 2 || !strings.Contains(m.View(), "following alice") {
		t.Fatalf("returning presenter not followed: %+v\n%s", got, m.View())
	}
	if len(published) != 2 {
		t.Fatalf("published %d states, want the two of the follower's own navigation", len(published))
	}
}

// A viewer who arrives before any presenter follows the first one to come
// (the room must not press f), and OnFollow tells the hub each change.
func TestEarlyArrivalFollows(t *testing.T) {
	t.Parallel()
	var told []bool
	opts := testOptions()
	opts.OnFollow = func(f bool) { told = append(told, f) }
	m := Model{newModel(loadMini(t), opts)}
	m = send(m, tea.WindowSizeMsg{Width: 100, Height: 30}, RoleMsg{Role: RoleFollower})
	if v := m.View(); !strings.Contains(v, "waiting for the presenter") || strings.Contains(v, "f follow") {
		t.Fatalf("early viewer's screen:\n%s", v)
	}
	m = send(m, RoleMsg{Role: RoleFollower, Presenter: "alice"}, FollowMsg{State: State{View: ViewTable, Row: 1, Indicator: "new-track"}})
	if got := m.State(); got.View != ViewTable || got.Row != 1 {
		t.Fatalf("early viewer did not follow the presenter who arrived: %+v", got)
	}
	v := m.View()
	if !strings.Contains(v, "following alice") {
		t.Fatalf("status or help after the presenter arrived:\n%s", v)
	}
	m = press(m, "?")
	if !strings.Contains(m.View(), "follow presenter") {
		t.Fatalf("a follower's ? help does not list f:\n%s", m.View())
	}
	m = press(m, "?", "2", "f")
	if !reflect.DeepEqual(told, []bool{true, false, true}) {
		t.Fatalf("OnFollow told %v, want [true false true]", told)
	}
}

// A viewer (or presenter) opens where the briefing stands.
func TestStartState(t *testing.T) {
	t.Parallel()
	opts := testOptions()
	opts.Start = &State{View: ViewTable, Row: 2, Indicator: "new-track"}
	m := Model{newModel(loadMini(t), opts)}
	m = send(m, tea.WindowSizeMsg{Width: 100, Height: 30})
	if got := m.State(); got.View != ViewTable || got.Row != 2 {
		t.Fatalf("did not start at Options.Start: %+v", got)
	}
	opts.Start = &State{View: ViewDetail, Indicator: "no-such-indicator"}
	m = Model{newModel(loadMini(t), opts)}
	if got := m.State(); got.View != ViewOverview {
		t.Fatalf("a start state of another dataset was not sanitized: %+v", got)
	}
}

// The countdown before a session ends shows the seconds left, counts
// down, and any key dismisses it.
func TestCountdown(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	opts := testOptions()
	opts.Now = func() time.Time { return now }
	m := Model{newModel(loadMini(t), opts)}
	m = send(m, tea.WindowSizeMsg{Width: 100, Height: 30})
	next := m.m.update(CountdownMsg{At: now.Add(42 * time.Second), Idle: true})
	if next == nil {
		t.Fatalf("a countdown schedules no redraw")
	}
	if !strings.Contains(m.View(), "this session closes in 42 s. Press any key to stay.") {
		t.Fatalf("idle countdown:\n%s", m.View())
	}
	now = now.Add(2 * time.Second)
	m = send(m, countdownTick{})
	if !strings.Contains(m.View(), "closes in 40 s") {
		t.Fatalf("countdown did not count down:\n%s", m.View())
	}
	m = press(m, "j")
	if strings.Contains(m.View(), "closes in") {
		t.Fatalf("a key did not dismiss the countdown:\n%s", m.View())
	}
	if m.m.update(countdownTick{}) != nil {
		t.Fatalf("a dismissed countdown keeps ticking")
	}
	m = send(m, CountdownMsg{At: now.Add(59 * time.Second)})
	if !strings.Contains(m.View(), "This session reaches its time limit in 59 s.") {
		t.Fatalf("limit countdown:\n%s", m.View())
	}
	m = send(m, CountdownMsg{})
	if strings.Contains(m.View(), "time limit") {
		t.Fatalf("a zero CountdownMsg did not clear it")
	}
}

func TestPresenterPublishes(t *testing.T) {
	t.Parallel()
	var published []State
	opts := testOptions()
	opts.OnState = func(s State) { published = append(published, s) }
	m := Model{newModel(loadMini(t), opts)}
	m = send(m, tea.WindowSizeMsg{Width: 100, Height: 30}, RoleMsg{Role: RolePresenter, Audience: Audience{Following: 3}})
	if !strings.Contains(m.View(), "presenting to 3 viewers") {
		t.Fatalf("presenter status:\n%s", m.View())
	}
	m = press(m, "3", "down", "?") // help is not shared state
	if len(published) != 2 || published[1].Row != 1 {
		t.Fatalf("published %d states (%+v), want 2 ending at row 1", len(published), published)
	}
}

func TestDatasetBannerShutdown(t *testing.T) {
	t.Parallel()
	ds := loadMini(t)
	m := newSized(t, ds, 100, 30)
	m = press(m, "2", "j", "j") // new-track
	// a reload without new-track falls back; with it keeps the place
	m = send(m, DatasetMsg{Dataset: loadMini(t)})
	if m.State().Indicator != "new-track" || m.State().View != ViewCharts {
		t.Fatalf("reload lost the place: %+v", m.State())
	}
	small := &data.Dataset{Title: data.Text{"": "Empty"}}
	m = send(m, DatasetMsg{Dataset: small})
	if m.State().Indicator != "" {
		t.Fatalf("indicator kept although gone: %+v", m.State())
	}
	checkFrame(t, m.View(), 100, 30)
	m = send(m, BannerMsg{Text: "data reload failed: x.json:3:1: bad"})
	if !strings.Contains(m.View(), "data reload failed") {
		t.Fatalf("banner missing:\n%s", m.View())
	}
	checkFrame(t, m.View(), 100, 30)
	m = send(m, BannerMsg{})
	if strings.Contains(m.View(), "data reload failed") {
		t.Fatalf("empty banner did not clear")
	}
	nm, cmd := m.Update(ShutdownMsg{Text: "The briefing has ended"})
	m = nm.(Model)
	if !strings.Contains(m.View(), "The briefing has ended") || cmd == nil {
		t.Fatalf("shutdown text missing or no quit command")
	}
	if _, cmd := m.Update(quitMsg{}); cmd == nil {
		t.Fatalf("no quit after the shutdown notice")
	}
}

// The idle clock is the model's (Options.Now); the ticks that look at it
// are tea.Ticks of up to a second, run here in a synctest bubble so that
// they take no real time.
func TestIdleTimeout(t *testing.T) {
	t.Parallel()
	synctest.Test(t, testIdleTimeout)
}

func testIdleTimeout(t *testing.T) {
	now := fixedNow()
	opts := testOptions()
	opts.IdleTimeout = 2 * time.Minute
	opts.Now = func() time.Time { return now }
	m := Model{newModel(loadMini(t), opts)}
	if m.Init() == nil {
		t.Fatalf("Init returned no tick with an idle timeout")
	}
	m = send(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	now = now.Add(time.Minute)
	if _, cmd := m.Update(tickMsg{}); cmd == nil {
		t.Fatalf("no next tick")
	} else if _, quit := cmd().(tea.QuitMsg); quit {
		t.Fatalf("quit before the timeout")
	}
	m = press(m, "j") // input resets the clock
	now = now.Add(90 * time.Second)
	if _, cmd := m.Update(tickMsg{}); cmd != nil {
		if _, quit := cmd().(tea.QuitMsg); quit {
			t.Fatalf("quit although a key came 90 s ago")
		}
	}
	now = now.Add(time.Minute)
	_, cmd := m.Update(tickMsg{})
	if cmd == nil {
		t.Fatalf("no quit after the timeout")
	}
	if _, quit := cmd().(tea.QuitMsg); !quit {
		t.Fatalf("no quit after the timeout")
	}
}

func TestRussianDataTexts(t *testing.T) {
	t.Parallel()
	opts := testOptions()
	opts.Lang = "ru"
	m := Model{newModel(loadMini(t), opts)}
	m = send(m, tea.WindowSizeMsg{Width: 100, Height: 30})
	if !strings.Contains(m.View(), "Железнодорожный транзит") {
		t.Fatalf("ru: indicator name not in Russian:\n%s", m.View())
	}
}

func TestHeadlessRenderAPI(t *testing.T) {
	t.Parallel()
	ds := loadMini(t)
	for _, name := range []string{"overview", "charts", "table", "detail", "sources", "events"} {
		v, ok := ParseView(name)
		if !ok {
			t.Fatalf("ParseView(%q) failed", name)
		}
		st, err := InitialState(ds, v, "new-track")
		if err != nil {
			t.Fatal(err)
		}
		out := Render(ds, testOptions(), st, 90, 25)
		checkFrame(t, out, 90, 25)
	}
	if _, ok := ParseView("map2"); ok {
		t.Fatalf("ParseView accepted an unknown view")
	}
	if _, err := InitialState(ds, ViewDetail, "nope"); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Fatalf("unknown indicator: err %v", err)
	}
	st, _ := InitialState(ds, ViewDetail, "new-track")
	if out := Render(ds, testOptions(), st, 90, 25); !strings.Contains(out, "New railway track") {
		t.Fatalf("render detail of new-track:\n%s", out)
	}
	// Render equals the interactive frame
	m := newSized(t, ds, 90, 25)
	m = press(m, "3")
	st3, _ := InitialState(ds, ViewTable, "")
	if got := Render(ds, testOptions(), st3, 90, 25); got != m.View() {
		t.Fatalf("Render differs from the TUI frame:\n%s\n---\n%s", got, m.View())
	}
}

func TestTableSortOrders(t *testing.T) {
	t.Parallel()
	m := newSized(t, loadMini(t), 120, 40)
	m = press(m, "3")
	dv := m.m.dv
	for col := 0; col < numCols; col++ {
		for _, desc := range []bool{false, true} {
			m.m.state.SortCol, m.m.state.SortDesc = col, desc
			rows := m.m.tableRows()
			if len(rows) != 24 {
				t.Fatalf("col %d: %d rows", col, len(rows))
			}
			key := func(i int) float64 {
				ind, ser, p := dv.point(rows[i])
				switch col {
				case ColIndicator:
					return float64(dv.indRank[rows[i].I])
				case ColEntity:
					return float64(dv.entRank[ser.EntityIdx])
				case ColPeriod:
					return float64(p.Period)
				case ColValue:
					return p.Value
				case ColUnit:
					return float64(dv.unitRank[rows[i].I])
				case ColStatus:
					return float64(p.Status)
				}
				_ = ind
				if p.Source < 0 {
					return -1
				}
				return float64(dv.srcRank[p.Source])
			}
			for i := 1; i < len(rows); i++ {
				if a, b := key(i-1), key(i); (!desc && a > b) || (desc && a < b) {
					t.Fatalf("col %s desc=%v: row %d key %v then %v", textsEN.cols[col], desc, i, a, b)
				}
			}
		}
	}
}

func TestCompactOverview(t *testing.T) {
	t.Parallel()
	m := newSized(t, loadMini(t), 60, 18)
	v := m.View()
	for _, want := range []string{"1 Overview", "Rail transit", "25.3 Mt", "20% of 45.0 Mt by 2030", "Trans-Caspian containers"} {
		if !strings.Contains(v, want) {
			t.Errorf("compact overview lacks %q:\n%s", want, v)
		}
	}
	m = send(m, tea.WindowSizeMsg{Width: 39, Height: 30})
	if !strings.Contains(m.View(), "Enlarge the terminal") {
		t.Errorf("39 columns: no enlarge message:\n%s", m.View())
	}
}

func TestNilDatasetAndZeroModel(t *testing.T) {
	t.Parallel()
	m := newSized(t, nil, 80, 24)
	for _, k := range []string{"1", "2", "3", "4", "5", "6", "enter", "j", "+", "s", "/"} {
		m = press(m, k)
		checkFrame(t, m.View(), 80, 24)
	}
	var zero Model
	if zero.View() != "" {
		t.Fatal("zero Model has a view")
	}
	if _, cmd := zero.Update(keyOf("q")); cmd != nil {
		t.Fatal("zero Model returned a command")
	}
}

// Enter on an event leads to the figures its source backs.
func TestEnterOnEvent(t *testing.T) {
	t.Parallel()
	ds := loadMini(t)
	for i := range ds.Events {
		m := newSized(t, ds, 100, 30)
		m = press(m, "6")
		for k := 0; k < i; k++ {
			m = press(m, "down")
		}
		m = press(m, "enter")
		s := m.State()
		src, ind := m.m.dv.eventTarget(&ds.Events[i])
		t.Logf("event %d: source %d, indicator %q", i, src, ind)
		switch {
		case ind != "":
			if s.View != ViewDetail || s.Indicator != ind {
				t.Errorf("event %d: enter gave %v %q, want the detail of %q", i, s.View, s.Indicator, ind)
			}
			if m = press(m, "esc"); m.State().View != ViewEvents {
				t.Errorf("event %d: esc from the detail went to %v", i, m.State().View)
			}
		case src >= 0:
			if s.View != ViewSources || !s.SourceOpen || s.Source != src {
				t.Errorf("event %d: enter gave %+v, want source %d open", i, s, src)
			}
		default:
			if s.View != ViewEvents {
				t.Errorf("event %d without a source: enter left the view", i)
			}
		}
	}
}

// Neither headless Render nor a program that quits leaves a goroutine
// behind (the zone manager that each program once ran is gone; nothing
// may bring such a goroutine back). synctest.Test returns only when every
// goroutine started in its bubble has ended, and fails on one blocked for
// good.
func TestNoGoroutineLeft(t *testing.T) {
	t.Parallel()
	ds := loadMini(t)
	synctest.Test(t, func(t *testing.T) {
		for i := 0; i < 20; i++ {
			_ = Render(ds, testOptions(), State{View: ViewCharts}, 80, 24)
		}
		for i := 0; i < 20; i++ {
			m := New(ds, testOptions())
			m = send(m, tea.WindowSizeMsg{Width: 80, Height: 24})
			nm, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'q'}})
			if cmd == nil {
				t.Fatal("q did not quit")
			}
			_ = nm.(Model).View()
		}
	})
}

// Runes that arrive together in one message (a held key or fast typing
// over SSH: Bubble Tea v1 makes one KeyRunes message of a read) act as
// the keys they are; a paste is not taken as commands.
func TestKeysInOneMessage(t *testing.T) {
	t.Parallel()
	m := newSized(t, loadMini(t), 120, 40)
	m = press(m, "3")
	m = send(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jjj")})
	if got := m.State().Row; got != 3 {
		t.Fatalf("jjj in one message: row %d, want 3", got)
	}
	m = send(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("k2")})
	if s := m.State(); s.View != ViewCharts {
		t.Fatalf("k2 in one message: view %v, want charts", s.View)
	}
	// "/" starts the filter: what follows in the message is its text.
	m = press(m, "3")
	m = send(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/uzbek")})
	if s := m.State(); !s.Typing || s.TableFilter != "uzbek" {
		t.Fatalf("/uzbek in one message: typing %v filter %q", s.Typing, s.TableFilter)
	}
	m = press(m, "esc", "esc")
	// A pasted "q3" neither quits nor switches views.
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q3"), Paste: true})
	if cmd != nil {
		t.Fatalf("a paste of q3 returned a command")
	}
	if m.State().View != ViewTable {
		t.Fatalf("a paste of q3 switched to %v", m.State().View)
	}
	// q quits, and the keys after it in the message are not acted on.
	_, cmd = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jq2")})
	if cmd == nil {
		t.Fatalf("jq2 did not quit")
	}
	if m.State().View != ViewTable {
		t.Fatalf("a key after q was acted on: view %v", m.State().View)
	}
}

// The selected source's note under the sources list: cut with "…" on a
// small screen, whole on a tall one.
func TestSourceNoteFitsTheScreen(t *testing.T) {
	t.Parallel()
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	st, err := InitialState(ds, ViewSources, "")
	if err != nil {
		t.Fatal(err)
	}
	const end = "KTZ say the same)." // the last words of the first source's note
	small := Render(ds, testOptions(), st, 80, 24)
	checkFrame(t, small, 80, 24)
	cut := false
	for _, l := range strings.Split(small, "\n") {
		l = strings.TrimRight(l, " ")
		cut = cut || strings.HasSuffix(l, "…") && strings.Contains(l, "Marrero") // the note's line, not the address's
	}
	if strings.Contains(small, end) || !cut {
		t.Errorf("80x24: the long note should be cut with …:\n%s", small)
	}
	big := Render(ds, testOptions(), st, 160, 48)
	checkFrame(t, big, 160, 48)
	if !strings.Contains(big, end) {
		t.Errorf("160x48: the whole note should show:\n%s", big)
	}
}

// From Events, enter then esc comes back to Events; an event whose source
// backs no figure does not offer enter, and enter there stays.
func TestEventEnterEscReturnsToEvents(t *testing.T) {
	t.Parallel()
	ds := loadDefault(t)
	dv := newDSView(ds, "en")
	opens, empty := -1, -1
	for i := range ds.Events {
		src, ind := dv.eventTarget(&ds.Events[i])
		switch {
		case ind == "" && src >= 0 && opens < 0:
			opens = i
		case src < 0 && ind == "" && empty < 0:
			empty = i
		}
	}
	if opens < 0 || empty < 0 {
		t.Fatalf("the default dataset has no event of each kind (%d, %d)", opens, empty)
	}
	down := func(m Model, n int) Model {
		for k := 0; k < n; k++ {
			m = press(m, "down")
		}
		return m
	}
	m := down(press(newSized(t, ds, 120, 40), "6"), opens)
	m = press(m, "enter")
	if st := m.State(); st.View != ViewSources || !st.SourceOpen {
		t.Fatalf("enter on event %d: %+v", opens, st)
	}
	if st := press(m, "esc").State(); st.View != ViewEvents || st.Event != opens {
		t.Errorf("esc after enter on an event: view %v event %d, want events %d", st.View, st.Event, opens)
	}
	m = down(press(newSized(t, ds, 120, 40), "6"), empty)
	if strings.Contains(m.View(), "enter open its figures") {
		t.Errorf("event %d backs no figure but enter is offered:\n%s", empty, m.View())
	}
	if st := press(m, "enter").State(); st.View != ViewEvents {
		t.Errorf("enter on an event without figures left Events: %+v", st)
	}
}

// A card whose only figure is its baseline says so instead of a 0% bar.
func TestSingleFigureCardSaysBaseline(t *testing.T) {
	t.Parallel()
	ds := loadDefault(t)
	for _, sz := range [][2]int{{100, 30}, {100, 12}} {
		v := newSized(t, ds, sz[0], sz[1]).View()
		first := strings.Join(strings.Split(v, "\n")[4:10], "\n")
		if !strings.Contains(first, "baseline 2024") || strings.Contains(first, " 0%") {
			t.Errorf("%v: the council transit card (28 Mt 2024, one figure):\n%s", sz, first)
		}
	}
}

// At 80 columns a long indicator name is shortened and the mode label stays.
func TestLongChartTitleKeepsModeLabel(t *testing.T) {
	t.Parallel()
	ds := loadDefault(t)
	st, err := InitialState(ds, ViewCharts, "ns-route-via-kz-volume")
	if err != nil {
		t.Fatal(err)
	}
	out := Render(ds, Options{Renderer: asciiRenderer(), Now: fixedNow}, st, 80, 24)
	head := strings.Split(out, "\n")[1]
	if !strings.Contains(head, "line · all years") || !strings.Contains(head, "…") {
		t.Errorf("title line %q", head)
	}
}

// The Sources view shows the selected source's whole address, wrapped,
// and in colour makes it a hyperlink (OSC 8).
func TestSourceURLWholeAndLinked(t *testing.T) {
	t.Parallel()
	ds := loadDefault(t)
	long := -1
	for i, s := range ds.Sources {
		if len(s.URL) > 90 {
			long = i
			break
		}
	}
	if long < 0 {
		t.Skip("no long address in the dataset")
	}
	url := ds.Sources[long].URL
	st, _ := InitialState(ds, ViewSources, "")
	st.Source = long
	plain := Render(ds, Options{Renderer: asciiRenderer(), Now: fixedNow}, st, 80, 24)
	var joined strings.Builder
	for _, l := range strings.Split(plain, "\n") {
		joined.WriteString(strings.TrimSpace(l))
	}
	if !strings.Contains(joined.String(), url) {
		t.Errorf("address %s not shown whole:\n%s", url, plain)
	}
	if strings.Contains(plain, "\x1b]8;") {
		t.Error("a hyperlink escape in a plain frame")
	}
	colour := lipgloss.NewRenderer(io.Discard)
	colour.SetColorProfile(termenv.ANSI256)
	if out := Render(ds, Options{Renderer: colour, Now: fixedNow}, st, 80, 24); !strings.Contains(out, ansi.SetHyperlink(url)) {
		t.Error("no OSC 8 hyperlink in colour")
	}
}
