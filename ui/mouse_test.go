package ui

import (
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// itemAt is the top-left point of item id ("tab-2", "row-5", "chart",
// ...) in the last frame, as the model's hit test finds it.
func itemAt(t *testing.T, m Model, id string) (x, y int) {
	t.Helper()
	for y := 0; y < m.m.h; y++ {
		for x := 0; x < m.m.w; x++ {
			if got, _, _ := m.m.hit(click(x, y)); got == id {
				return x, y
			}
		}
	}
	t.Fatalf("item %q is nowhere under the pointer; areas %v", id, m.m.lay.zones)
	return 0, 0
}

func click(x, y int) tea.MouseMsg {
	return tea.MouseMsg{X: x, Y: y, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress}
}

func TestMouse(t *testing.T) {
	t.Parallel()
	opts := testOptions()
	m := send(New(loadMini(t), opts), tea.WindowSizeMsg{Width: 120, Height: 40})

	// a click on a tab switches views
	x, y := itemAt(t, m, "tab-2")
	m = send(m, click(x, y))
	if m.State().View != ViewTable {
		t.Fatalf("click on tab 3: view %v", m.State().View)
	}
	// a click on the Value header sorts by value; again reverses
	x, y = itemAt(t, m, "hdr-3")
	m = send(m, click(x+1, y))
	if s := m.State(); s.SortCol != ColValue || s.SortDesc {
		t.Fatalf("click on Value header: %+v", s)
	}
	m = send(m, click(x+1, y))
	if s := m.State(); !s.SortDesc {
		t.Fatalf("second click did not reverse: %+v", s)
	}
	// a click on a row selects it, a second click opens its detail
	x, y = itemAt(t, m, "row-2")
	m = send(m, click(x+3, y))
	if m.State().Row != 2 {
		t.Fatalf("click on row 3: row %d", m.State().Row)
	}
	m = send(m, click(x+3, y))
	if m.State().View != ViewDetail {
		t.Fatalf("second click on the row did not open the detail")
	}
	// wheel over the chart zooms, drag pans
	m = press(m, "2")
	x, y = itemAt(t, m, "chart")
	m = send(m, tea.MouseMsg{X: x + 30, Y: y + 5, Button: tea.MouseButtonWheelUp, Action: tea.MouseActionPress})
	s := m.State()
	if s.From == 0 && s.To == 0 {
		t.Fatalf("wheel up over the chart did not zoom")
	}
	m = send(m,
		tea.MouseMsg{X: x + 30, Y: y + 5, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress},
		tea.MouseMsg{X: x + 20, Y: y + 5, Button: tea.MouseButtonLeft, Action: tea.MouseActionMotion},
		tea.MouseMsg{X: x + 20, Y: y + 5, Button: tea.MouseButtonLeft, Action: tea.MouseActionRelease})
	if m.State().From <= s.From {
		t.Fatalf("dragging left did not pan right: %d -> %d", s.From, m.State().From)
	}
	// a click on a picker item charts it
	x, y = itemAt(t, m, "pick-2")
	m = send(m, click(x+2, y))
	if m.State().Indicator != "new-track" {
		t.Fatalf("click on the third picker item: %q", m.State().Indicator)
	}
}

// The wheel zooms around the time under the pointer, the Y-label gutter
// excluded: over the plot's first column the start of the range stays put.
func TestWheelZoomsAtPlotColumn(t *testing.T) {
	t.Parallel()
	opts := testOptions()
	m := send(New(loadMini(t), opts), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = press(m, "2")
	x, y := itemAt(t, m, "chart")
	mm := m.m
	col := 0
	for mm.chartFrac(col) == 0 && col < 120 {
		col++
	}
	col-- // the last column that maps to the very start (the gutter's edge)
	m = send(m, tea.MouseMsg{X: x + col, Y: y + 5, Button: tea.MouseButtonWheelUp, Action: tea.MouseActionPress})
	s := m.State()
	_, i := mm.dv.indicator(s.Indicator)
	lo, hi := mm.dv.extent(i)
	if s.From == 0 && s.To == 0 {
		t.Fatal("wheel up did not zoom")
	}
	if d := s.From - lo; d < 0 || d > (hi-lo)/1000 {
		t.Fatalf("wheel at the plot's left edge moved the start by %d s of %d", d, hi-lo)
	}
}

// A frame has a handful of click areas (one per area), not one per row or
// card, and each lies inside the frame; those of the body inside the body.
func TestFewAreasPerFrame(t *testing.T) {
	t.Parallel()
	for _, sz := range [][2]int{{120, 40}, {80, 24}, {60, 20}} {
		m := send(New(loadMini(t), testOptions()), tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		for _, keys := range [][]string{{}, {"j", "j", "j"}, {"2"}, {"3"}, {"3", "G"}, {"4"}, {"5"}, {"5", "enter"}, {"6"}} {
			mm := press(m, keys...)
			zs := mm.m.lay.zones
			if n := len(zs); n < 1 || n > 10 {
				t.Fatalf("%v keys %v: %d areas in a frame: %v", sz, keys, n, zs)
			}
			for _, r := range zs {
				inFrame := r.x >= 0 && r.y >= 0 && r.w > 0 && r.h > 0 && r.x+r.w <= sz[0] && r.y+r.h <= sz[1]
				inBody := r.id == "tabs" || r.y >= mm.m.lay.bodyTop && r.y+r.h <= mm.m.lay.bodyTop+mm.m.lay.bodyH
				if !inFrame || !inBody {
					t.Errorf("%v keys %v: area %+v outside the frame or its body (body lines %d..%d)", sz, keys, r, mm.m.lay.bodyTop, mm.m.lay.bodyTop+mm.m.lay.bodyH-1)
				}
			}
		}
		if mm := press(m, "?"); len(mm.m.lay.zones) != 1 {
			t.Errorf("%v: help overlay: areas %v; want the tabs only", sz, mm.m.lay.zones)
		}
	}
}

// textAt is where s first shows in frame (cells, lines), or -1, -1.
func textAt(frame, s string) (x, y int) {
	for y, line := range strings.Split(frame, "\n") {
		if i := strings.Index(line, s); i >= 0 {
			return ansi.StringWidth(line[:i]), y
		}
	}
	return -1, -1
}

// The areas are where the frame draws the items: the pointer on a drawn
// label finds that label's item.
func TestAreasMatchTheFrame(t *testing.T) {
	t.Parallel()
	m := send(New(loadMini(t), testOptions()), tea.WindowSizeMsg{Width: 120, Height: 40})
	cases := []struct {
		keys []string
		text string // drawn on the item
		want string
	}{
		{nil, "1 Overview", "tab-0"},
		{nil, "3 Table", "tab-2"},
		{nil, "6 Events", "tab-5"},
		{nil, "Trans-Caspian containers", "card-1"},
		{nil, "E-seal coverage", "card-5"},
		{[]string{"2"}, "New railway track", "pick-2"},
		{[]string{"2"}, "Border dwell time", "pick-3"},
		{[]string{"3"}, "Value", "hdr-3"},
		{[]string{"5"}, "KTZ press release on transit", "src-1"},
		{[]string{"5"}, "A source nobody cites", "src-2"},
		{[]string{"6"}, "Transit figures for 2024", "ev-1"},
	}
	for _, c := range cases {
		mm := press(m, c.keys...)
		x, y := textAt(mm.View(), c.text)
		if x < 0 {
			t.Fatalf("keys %v: %q is not drawn:\n%s", c.keys, c.text, mm.View())
		}
		if got, _, _ := mm.m.hit(click(x, y)); got != c.want {
			t.Errorf("keys %v: the pointer on %q (%d,%d) finds %q, want %q", c.keys, c.text, x, y, got, c.want)
		}
	}
	// The table's rows: the pointer on each drawn row finds that row.
	mm := press(m, "3")
	for _, r := range mm.m.lay.zones {
		if r.id != "rows" {
			continue
		}
		for y := r.y; y < r.y+r.h; y++ {
			want := "row-" + strconv.Itoa(mm.m.lay.tableTop+y-r.y)
			if got, _, _ := mm.m.hit(click(5, y)); got != want {
				t.Errorf("table line %d: %q, want %q", y, got, want)
			}
		}
	}
}

// Cards, sources, source figures and events are found from their area's
// zone and the layout: a click selects the item, a second click opens it.
func TestMouseListsAndCards(t *testing.T) {
	t.Parallel()
	opts := testOptions()
	m := send(New(loadMini(t), opts), tea.WindowSizeMsg{Width: 120, Height: 40})
	x, y := itemAt(t, m, "card-1")
	m = send(m, click(x+2, y+1))
	if m.State().Card != 1 {
		t.Fatalf("click on card 2: card %d", m.State().Card)
	}
	m = press(m, "5")
	x, y = itemAt(t, m, "src-1")
	m = send(m, click(x+2, y))
	if m.State().Source != 1 {
		t.Fatalf("click on source 2: source %d", m.State().Source)
	}
	m = press(m, "6")
	x, y = itemAt(t, m, "ev-1")
	m = send(m, click(x+2, y))
	if m.State().Event != 1 {
		t.Fatalf("click on event 2: event %d", m.State().Event)
	}
}
