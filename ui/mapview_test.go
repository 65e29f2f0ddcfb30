package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/eaeu-dash/eaeu-dash/data"
)

func loadBrestMinsk(t testing.TB) *data.Dataset {
	t.Helper()
	ds, err := data.Load([]string{"testdata/brest-minsk.json"}, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// mapItemIndex is the map item of entity id.
func mapItemIndex(t testing.TB, m Model, id string) int {
	t.Helper()
	for i, it := range m.m.mapOf().items {
		if m.m.dv.ds.Entities[it.ent].ID == id {
			return i
		}
	}
	t.Fatalf("no map item %q", id)
	return -1
}

// selectMapItem selects item i as a click on it would (ActSelect).
func selectMapItem(m Model, i int) Model {
	m.m.apply(Action{Kind: ActSelect, N: i})
	m.m.render()
	return m
}

func TestMapDrawsTheData(t *testing.T) {
	ds := loadDefault(t)
	m := newSized(t, ds, 160, 48)
	m = press(m, "7")
	if m.m.state.View != ViewMap {
		t.Fatalf("7 opens %s", m.m.state.View)
	}
	v := m.View()
	checkFrame(t, v, 160, 48)
	for _, want := range []string{"Kazakhstan", "Russia", "Dostyk", "Moyinty", "Aktau", "● member (dotted)", "○ observer (dashed)", "╍ under construction", "North–South corridor (eastern route)"} {
		if !strings.Contains(v, want) {
			t.Errorf("the map lacks %q:\n%s", want, v)
		}
	}
	if !strings.ContainsAny(v, "⠁⠂⠄⡀⠈⠐⠠⢀⣀⣿") {
		t.Error("no braille on the map")
	}
	// Another dataset: Brest and Minsk, not Kazakhstan.
	bm := press(newSized(t, loadBrestMinsk(t), 80, 24), "7")
	v = bm.View()
	checkFrame(t, v, 80, 24)
	for _, want := range []string{"Brest", "Minsk", "Brest–Minsk line", "route · under construct", "Trains Brest–Minsk", "100 (2023) → 120", "╍ under construction"} {
		if !strings.Contains(v, want) {
			t.Errorf("the Brest–Minsk map lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "Kazakhstan") || strings.Contains(v, "Dostyk") {
		t.Errorf("the Brest–Minsk map shows the default data:\n%s", v)
	}
	// No places at all: a sentence, not an empty frame.
	mini := press(newSized(t, loadMini(t), 80, 24), "7")
	checkFrame(t, mini.View(), 80, 24)
}

func TestMapKeysAndMouse(t *testing.T) {
	ds := loadDefault(t)
	m := press(newSized(t, ds, 120, 40), "7")
	dm := mapItemIndex(t, m, "dostyk-moyinty")
	m = selectMapItem(m, dm)
	v := m.View()
	if !strings.Contains(v, "Dostyk–Moyinty second track") || !strings.Contains(v, "project · in operation") || !strings.Contains(v, "12 (2024) → 60 train pairs/day") {
		t.Errorf("the side panel of Dostyk–Moyinty:\n%s", v)
	}
	// The arrows move by direction: from Dostyk, left goes west, up north.
	dostyk := mapItemIndex(t, m, "dostyk")
	pos := m.m.mapOf().centres
	for _, c := range []struct {
		key  string
		ok   func(a, b [2]float64) bool
		what string
	}{
		{"left", func(a, b [2]float64) bool { return b[0] < a[0] }, "west"},
		{"right", func(a, b [2]float64) bool { return b[0] > a[0] }, "east"},
		{"up", func(a, b [2]float64) bool { return b[1] > a[1] }, "north"},
		{"down", func(a, b [2]float64) bool { return b[1] < a[1] }, "south"},
	} {
		m = selectMapItem(m, dostyk)
		m = press(m, c.key)
		if got := m.m.state.MapSel; got == dostyk || !c.ok(pos[dostyk], pos[got]) {
			t.Errorf("%s from Dostyk selects %s at %v, not %s of %v", c.key, m.m.dv.entName[m.m.mapOf().items[got].ent], pos[got], c.what, pos[dostyk])
		}
	}
	m = selectMapItem(m, dm)
	m = press(m, "+", "+")
	if m.m.state.MapZoom != 2 {
		t.Errorf("zoom %d after ++", m.m.state.MapZoom)
	}
	lon := m.m.mapOf().projection(m.m.state, 80, 36).Lon
	m = press(m, "L")
	if !m.m.state.MapMoved || float64(m.m.state.MapLon)/100 <= lon {
		t.Errorf("L does not pan east: %+v (from %.2f)", m.m.state, lon)
	}
	m = press(m, "0")
	if m.m.state.MapZoom != 0 || m.m.state.MapMoved {
		t.Errorf("0 does not reset: %+v", m.m.state)
	}
	m = press(m, "-", "-", "-", "-", "-", "-")
	if m.m.state.MapZoom != mapZoomMin {
		t.Errorf("zoom out stops at %d, want %d", m.m.state.MapZoom, mapZoomMin)
	}
	checkFrame(t, m.View(), 120, 40)
	m = press(m, "0", "enter")
	if s := m.m.state; s.View != ViewDetail || s.Indicator != "dm-capacity" || s.Prev != ViewMap {
		t.Errorf("enter on Dostyk–Moyinty: %+v", s)
	}
	m = press(m, "esc")
	if m.m.state.View != ViewMap {
		t.Errorf("esc from the detail: %s", m.m.state.View)
	}

	// Mouse: a click on a point selects it, the wheel zooms, a drag pans.
	zm := send(New(ds, testOptions()), tea.WindowSizeMsg{Width: 120, Height: 40})
	zm = press(zm, "7")
	itemAt(t, zm, "map") // the map's click area is recorded
	aktau := mapItemIndex(t, zm, "aktau")
	md := zm.m.mapOf()
	mw, mh, _ := zm.m.mapLayout(120, zm.m.bodyHeight())
	col, row, on := md.projection(zm.m.state, mw, mh).Cell(md.items[aktau].pts[0][0], md.items[aktau].pts[0][1])
	if !on {
		t.Fatal("Aktau is off the map")
	}
	top := zm.m.lay.bodyTop
	zm = send(zm, tea.MouseMsg{X: col, Y: top + row, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	if zm.m.state.MapSel != aktau {
		t.Errorf("a click on Aktau selects %d (%s), want %d", zm.m.state.MapSel, zm.m.dv.entName[md.items[zm.m.state.MapSel].ent], aktau)
	}
	zm = send(zm, tea.MouseMsg{X: col + 6, Y: top + row + 2, Action: tea.MouseActionMotion, Button: tea.MouseButtonLeft})
	zm = send(zm, tea.MouseMsg{X: col + 6, Y: top + row + 2, Action: tea.MouseActionRelease, Button: tea.MouseButtonLeft})
	if !zm.m.state.MapMoved {
		t.Error("a drag does not pan")
	}
	zm = send(zm, tea.MouseMsg{X: 10, Y: top + 5, Action: tea.MouseActionPress, Button: tea.MouseButtonWheelUp})
	if zm.m.state.MapZoom != 1 {
		t.Errorf("the wheel does not zoom in: %d", zm.m.state.MapZoom)
	}
}

func TestReduceMap(t *testing.T) {
	c := ReduceCtx{MapItems: 5, MapCenterLon: 60, MapCenterLat: 45, MapDegW: 0.5, MapDegH: 1, MapSelIndicator: "x"}
	// The arrows pick by direction: from item 0 at 60°E 45°N, right is
	// item 2 (62°E, on the line) before item 1 (61°E but 3° north: a step
	// aside costs two ahead); up is item 1; left, nothing (stays).
	pc := c
	pc.MapPos = [][2]float64{{60, 45}, {61, 48}, {62, 45}, {55, 44}, {60, 40}}
	for _, k := range []struct {
		a    ActionKind
		want int
	}{{ActRight, 2}, {ActUp, 1}, {ActLeft, 3}, {ActDown, 4}} {
		if s := Reduce(State{View: ViewMap}, Action{Kind: k.a}, pc); s.MapSel != k.want {
			t.Errorf("arrow %d from item 0: %d, want %d", k.a, s.MapSel, k.want)
		}
	}
	if s := Reduce(State{View: ViewMap, MapSel: 3}, Action{Kind: ActLeft}, pc); s.MapSel != 3 {
		t.Errorf("left from the westernmost: %d", s.MapSel)
	}
	s := Reduce(State{View: ViewMap}, Action{Kind: ActDown}, c) // no positions: the list
	if s.MapSel != 1 {
		t.Errorf("down: %d", s.MapSel)
	}
	s = Reduce(State{View: ViewMap, MapSel: 4}, Action{Kind: ActRight}, c)
	if s.MapSel != 4 {
		t.Errorf("right at the last: %d", s.MapSel)
	}
	s = Reduce(State{View: ViewMap}, Action{Kind: ActMapPan, N: 4, F: -2}, c)
	if !s.MapMoved || s.MapLon != 6200 || s.MapLat != 4700 {
		t.Errorf("pan 4 cells east, 2 up: %+v", s)
	}
	s = Reduce(State{View: ViewMap}, Action{Kind: ActMapPan, N: -1000}, c)
	if s.MapLon != int(mapRegion.West*100) {
		t.Errorf("pan far west: %d, want the region's edge", s.MapLon)
	}
	s = Reduce(State{View: ViewMap, MapZoom: mapZoomMax}, Action{Kind: ActZoomIn}, c)
	if s.MapZoom != mapZoomMax {
		t.Errorf("zoom past the max: %d", s.MapZoom)
	}
	// The wheel zooms around the pointer: the place under it stays. A
	// 40x20 map centred on 60°E 45°N, half a degree of longitude and one
	// of latitude a cell; the pointer on cell 30,5 is 65.25°E 49.5°N.
	// After a step of 1.5 a cell is a third of a degree and two thirds:
	// the centre moves to 65.25 - 10.5/3 = 61.75°E, 49.5 - 4.5*2/3 = 46.5°N.
	wc := c
	wc.MapW, wc.MapH = 40, 20
	s = Reduce(State{View: ViewMap}, Action{Kind: ActZoomIn, N: 2, F: mapAt(30, 5)}, wc)
	if s.MapZoom != 1 || !s.MapMoved || s.MapLon != 6175 || s.MapLat != 4650 {
		t.Errorf("wheel zoom around 30,5: %+v", s)
	}
	s = Reduce(State{View: ViewMap}, Action{Kind: ActEnter}, c)
	if s.View != ViewDetail || s.Indicator != "x" {
		t.Errorf("enter: %+v", s)
	}
	if s := Reduce(State{View: ViewMap}, Action{Kind: ActEnter}, ReduceCtx{}); s.View != ViewMap {
		t.Errorf("enter without an indicator leaves the map: %+v", s)
	}
}

// A presenter's map (selection, zoom, centre) is in the State it shares.
func TestMapFollows(t *testing.T) {
	ds := loadDefault(t)
	pres := press(newSized(t, ds, 120, 40), "7", "down", "down", "+", "L")
	fol := send(newSized(t, ds, 160, 48), RoleMsg{Role: RoleFollower, Presenter: "alice"}, FollowMsg{State: pres.m.state})
	if fol.m.state != pres.m.state {
		t.Fatalf("follower %+v, presenter %+v", fol.m.state, pres.m.state)
	}
	sel := pres.m.mapOf().items[pres.m.state.MapSel]
	if !strings.Contains(fol.View(), pres.m.dv.entName[sel.ent]) {
		t.Errorf("the follower's panel does not show the presenter's selection")
	}
}

func TestMapGolden(t *testing.T) {
	cases := []struct {
		name  string
		ds    *data.Dataset
		keys  []string
		ascii bool
	}{
		{"default", loadDefault(t), []string{"7"}, false},
		{"dostyk-moyinty", loadDefault(t), nil, false},
		{"brest-minsk", loadBrestMinsk(t), []string{"7"}, false},
		{"ascii", loadDefault(t), nil, true},
	}
	for _, c := range cases {
		for _, sz := range [][2]int{{80, 24}, {160, 48}} {
			t.Run(fmt.Sprintf("%s_%dx%d", c.name, sz[0], sz[1]), func(t *testing.T) {
				opts := testOptions()
				opts.ASCII = c.ascii
				m := send(Model{newModel(c.ds, opts)}, tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
				keys := c.keys
				if keys == nil { // Dostyk–Moyinty selected, one step in
					m = selectMapItem(press(m, "7"), mapItemIndex(t, press(m, "7"), "dostyk-moyinty"))
					keys = []string{"+"}
				}
				m = press(m, keys...)
				out := m.View()
				checkFrame(t, out, sz[0], sz[1])
				if c.ascii {
					for _, r := range out {
						if r >= 0x80 {
							t.Fatalf("--glyphs ascii: %q on the map", r)
						}
					}
				}
				teatest.RequireEqualOutput(t, []byte(out))
			})
		}
	}
}

// BenchmarkMapFrame is a key on the map plus View. down/up changes the
// selection: a frame draws on the outlines rasterised for this size and
// view. +/- changes the zoom: every frame rasterises the outlines again
// (the worst case: a zoom step).
func BenchmarkMapFrame(b *testing.B) {
	ds := loadDefault(b)
	for _, keys := range [][2]string{{"down", "up"}, {"+", "-"}} {
		for _, sz := range [][2]int{{80, 24}, {120, 40}, {240, 70}} {
			b.Run(fmt.Sprintf("%s%s/%dx%d", keys[0], keys[1], sz[0], sz[1]), func(b *testing.B) {
				m := press(newSized(b, ds, sz[0], sz[1]), "7", "down")
				next, prev := keyOf(keys[0]), keyOf(keys[1])
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					k := next
					if i%2 == 1 {
						k = prev
					}
					nm, _ := m.Update(k)
					m = nm.(Model)
					_ = m.View()
				}
			})
		}
	}
}
