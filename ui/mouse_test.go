package ui

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	zone "github.com/lrstanley/bubblezone"
)

// zoneAt waits until the zone manager has stored the zones of the last
// Scan (it stores asynchronously) and returns the top-left point of item
// id ("tab-2", "row-5", "chart", ...) as the model's hit test finds it.
func zoneAt(t *testing.T, m Model, zm *zone.Manager, id string) (x, y int) {
	t.Helper()
	for i := 0; i < 200; i++ {
		ready := true
		for _, r := range m.m.lay.zones {
			if z := zm.Get(r.id); z == nil || z.IsZero() {
				ready = false
			}
		}
		if ready {
			for y := 0; y < m.m.h; y++ {
				for x := 0; x < m.m.w; x++ {
					if got, _, _ := m.m.hit(click(x, y)); got == id {
						return x, y
					}
				}
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("item %q never found under the pointer", id)
	return 0, 0
}

func click(x, y int) tea.MouseMsg {
	return tea.MouseMsg{X: x, Y: y, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress}
}

func TestMouse(t *testing.T) {
	zm := zone.New()
	defer zm.Close()
	opts := testOptions()
	opts.Zones = zm
	m := send(New(loadMini(t), opts), tea.WindowSizeMsg{Width: 120, Height: 40})

	// a click on a tab switches views
	x, y := zoneAt(t, m, zm, "tab-2")
	m = send(m, click(x, y))
	if m.State().View != ViewTable {
		t.Fatalf("click on tab 3: view %v", m.State().View)
	}
	// a click on the Value header sorts by value; again reverses
	time.Sleep(20 * time.Millisecond)
	x, y = zoneAt(t, m, zm, "hdr-3")
	m = send(m, click(x+1, y))
	if s := m.State(); s.SortCol != ColValue || s.SortDesc {
		t.Fatalf("click on Value header: %+v", s)
	}
	m = send(m, click(x+1, y))
	if s := m.State(); !s.SortDesc {
		t.Fatalf("second click did not reverse: %+v", s)
	}
	// a click on a row selects it, a second click opens its detail
	time.Sleep(20 * time.Millisecond)
	x, y = zoneAt(t, m, zm, "row-2")
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
	time.Sleep(20 * time.Millisecond)
	x, y = zoneAt(t, m, zm, "chart")
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
	time.Sleep(20 * time.Millisecond)
	x, y = zoneAt(t, m, zm, "pick-2")
	m = send(m, click(x+2, y))
	if m.State().Indicator != "new-track" {
		t.Fatalf("click on the third picker item: %q", m.State().Indicator)
	}
}

// The wheel zooms around the time under the pointer, the Y-label gutter
// excluded: over the plot's first column the start of the range stays put.
func TestWheelZoomsAtPlotColumn(t *testing.T) {
	zm := zone.New()
	defer zm.Close()
	opts := testOptions()
	opts.Zones = zm
	m := send(New(loadMini(t), opts), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = press(m, "2")
	time.Sleep(20 * time.Millisecond)
	x, y := zoneAt(t, m, zm, "chart")
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

// A frame has a handful of zones (one per area), not one per row or card:
// bubblezone's Scan keeps a copy of the frame per zone. The markers are
// counted in the frame before Scan.
func TestFewZonesPerFrame(t *testing.T) {
	zm := zone.New()
	defer zm.Close()
	opts := testOptions()
	opts.Zones = zm
	m := send(New(loadMini(t), opts), tea.WindowSizeMsg{Width: 120, Height: 40})
	for _, keys := range [][]string{{}, {"2"}, {"3"}, {"3", "G"}, {"4"}, {"5"}, {"5", "enter"}, {"6"}, {"?"}} {
		mm := press(m, keys...)
		mm.m.zoned = true
		mm.m.lay.zones = mm.m.lay.zones[:0]
		raw := mm.m.renderFull()
		// a marker is ESC [ digits z, twice per zone
		markers := 0
		for i := 0; i+2 < len(raw); i++ {
			if raw[i] == 0x1b && raw[i+1] == '[' {
				j := i + 2
				for j < len(raw) && raw[j] >= '0' && raw[j] <= '9' {
					j++
				}
				if j > i+2 && j < len(raw) && raw[j] == 'z' {
					markers++
				}
			}
		}
		if markers%2 != 0 || markers/2 != len(mm.m.lay.zones) {
			t.Fatalf("keys %v: %d markers for zones %v", keys, markers, mm.m.lay.zones)
		}
		if n := markers / 2; n < 1 || n > 10 {
			t.Fatalf("keys %v: %d zones in a frame: %v", keys, n, mm.m.lay.zones)
		}
	}
}

// Cards, sources, source figures and events are found from their area's
// zone and the layout: a click selects the item, a second click opens it.
func TestMouseListsAndCards(t *testing.T) {
	zm := zone.New()
	defer zm.Close()
	opts := testOptions()
	opts.Zones = zm
	m := send(New(loadMini(t), opts), tea.WindowSizeMsg{Width: 120, Height: 40})
	x, y := zoneAt(t, m, zm, "card-1")
	m = send(m, click(x+2, y+1))
	if m.State().Card != 1 {
		t.Fatalf("click on card 2: card %d", m.State().Card)
	}
	m = press(m, "5")
	x, y = zoneAt(t, m, zm, "src-1")
	m = send(m, click(x+2, y))
	if m.State().Source != 1 {
		t.Fatalf("click on source 2: source %d", m.State().Source)
	}
	m = press(m, "6")
	x, y = zoneAt(t, m, zm, "ev-1")
	m = send(m, click(x+2, y))
	if m.State().Event != 1 {
		t.Fatalf("click on event 2: event %d", m.State().Event)
	}
}

// scanZones gives the zone manager a skeleton of the frame: the zones come
// out where a Scan of the whole frame puts them, and the frame is the
// same without markers.
func TestScanZonesSkeleton(t *testing.T) {
	zm := zone.New()
	defer zm.Close()
	opts := testOptions()
	opts.Zones = zm
	get := func(rs []region) []zone.ZoneInfo {
		time.Sleep(20 * time.Millisecond)
		var out []zone.ZoneInfo
		for _, r := range rs {
			z := zm.Get(r.id)
			if z == nil || z.IsZero() {
				t.Fatalf("zone %q not stored", r.id)
			}
			out = append(out, zone.ZoneInfo{StartX: z.StartX, StartY: z.StartY, EndX: z.EndX, EndY: z.EndY})
		}
		return out
	}
	for _, sz := range [][2]int{{120, 40}, {80, 24}, {60, 20}} {
		m := send(New(loadMini(t), opts), tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		for _, keys := range [][]string{{}, {"j", "j", "j"}, {"2"}, {"3"}, {"3", "G"}, {"5"}, {"5", "enter"}, {"6"}, {"4"}, {"?"}} {
			mm := press(m, keys...)
			mm.m.zoned = true
			mm.m.lay.zones = mm.m.lay.zones[:0]
			raw := mm.m.renderFull()
			want := zm.Scan(raw)
			wantZ := get(mm.m.lay.zones)
			zm.Scan("\n\n" + raw) // moves every zone: a stale zone cannot pass below
			get(mm.m.lay.zones)
			if got := mm.m.scanZones(raw); got != want {
				t.Fatalf("%v keys %v: the frame differs from Scan's", sz, keys)
			}
			gotZ := get(mm.m.lay.zones)
			for i := range wantZ {
				if gotZ[i] != wantZ[i] {
					t.Fatalf("%v keys %v: zone %q: whole frame %+v, skeleton %+v", sz, keys, mm.m.lay.zones[i].id, wantZ[i], gotZ[i])
				}
			}
		}
	}
}
