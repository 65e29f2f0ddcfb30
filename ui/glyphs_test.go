package ui

import (
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// statusGlyphsIn is the status glyphs of a frame in reading order.
func statusGlyphsIn(frame string) string {
	var b strings.Builder
	for _, r := range ansi.Strip(frame) {
		switch r {
		case '●', '◐', '◇', '○':
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestStatusGlyphsSameInEveryMode renders every view of every indicator of
// the default dataset in colour and in monochrome and compares the status
// glyphs (● actual, ◐ estimate, ◇ plan, ○ target), not just the layout:
// what a figure is must not depend on the colour mode.
func TestStatusGlyphsSameInEveryMode(t *testing.T) {
	ds := loadDefault(t)
	colour := lipgloss.NewRenderer(io.Discard)
	colour.SetColorProfile(termenv.TrueColor)
	colour.SetHasDarkBackground(true)
	dv := newDSView(ds, "en")
	views := []View{ViewOverview, ViewCharts, ViewTable, ViewDetail, ViewSources, ViewEvents}
	ids := dv.cardIDs
	if testing.Short() {
		ids = ids[:5]
	}
	for _, v := range views {
		for k, id := range ids {
			if k > 0 && (v == ViewOverview || v == ViewSources || v == ViewEvents) {
				break // the same screen for every indicator
			}
			st, err := InitialState(ds, v, id)
			if err != nil {
				t.Fatal(err)
			}
			for _, sz := range [][2]int{{80, 24}, {160, 48}} {
				mono := Render(ds, Options{Renderer: asciiRenderer(), Now: fixedNow}, st, sz[0], sz[1])
				col := Render(ds, Options{Renderer: colour, Now: fixedNow}, st, sz[0], sz[1])
				if g, c := statusGlyphsIn(mono), statusGlyphsIn(col); g != c {
					t.Errorf("%v %s %dx%d: glyphs differ\nmono:   %s\ncolour: %s\n%s", v, id, sz[0], sz[1], g, c, ansi.Strip(mono))
				}
			}
		}
	}
}

// The charts of kz-rail-transit: its 2035 figure is a plan, drawn ◇ and
// named plan in the legend, in monochrome too; container transit's 2024
// estimate is ◐ and the legend lists it.
func TestMonoChartNamesEveryStatus(t *testing.T) {
	ds := loadDefault(t)
	for _, c := range []struct{ id, want string }{
		{"kz-rail-transit", "┄◇"},
		{"kz-container-transit", "◐ estimate"},
		{"dm-second-track", "┄◇"},
	} {
		if _, i := newDSView(ds, "en").indicator(c.id); i < 0 {
			continue // the dataset moved it
		}
		st, err := InitialState(ds, ViewCharts, c.id)
		if err != nil {
			t.Fatal(err)
		}
		out := Render(ds, Options{Renderer: asciiRenderer(), Now: fixedNow}, st, 100, 30)
		if !strings.Contains(out, c.want) {
			t.Errorf("%s: legend lacks %q:\n%s", c.id, c.want, out)
		}
	}
}
