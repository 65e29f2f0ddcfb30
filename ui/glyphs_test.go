package ui

import (
	tea "github.com/charmbracelet/bubbletea"
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
	t.Parallel()
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

// In monochrome too, a plan is drawn ◇ and named plan in the legend (the
// transit forecast, the second track's plans), and container transit's
// 2024 estimate is ◐ and the legend lists it.
func TestMonoChartNamesEveryStatus(t *testing.T) {
	t.Parallel()
	ds := loadDefault(t)
	for _, c := range []struct{ id, want string }{
		{"kz-transit-forecast", "┄◇"},
		{"kz-rail-transit", "┄○"},
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

func TestGlyphsASCII(t *testing.T) {
	t.Parallel()
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	for _, c := range []struct {
		name     string
		mode     string
		env      func(string) string
		unsetIsC bool
		want     bool
	}{
		{"utf8", "auto", env("LANG", "en_US.UTF-8", "TERM", "xterm-256color"), true, false},
		{"ru utf8", "auto", env("LANG", "ru_RU.utf8", "TERM", "xterm"), true, false},
		{"LANG=C", "auto", env("LANG", "C", "TERM", "xterm"), true, true},
		{"LC_ALL=POSIX wins", "auto", env("LC_ALL", "POSIX", "LANG", "en_US.UTF-8"), true, true},
		{"KOI8", "auto", env("LANG", "ru_RU.KOI8-R"), true, true},
		{"TERM=linux", "auto", env("LANG", "en_US.UTF-8", "TERM", "linux"), true, true},
		{"TERM=vt100", "auto", env("LANG", "C.UTF-8", "TERM", "vt100"), true, true},
		{"no locale, local", "auto", env("TERM", "xterm"), true, true},
		{"no locale, ssh", "auto", env("TERM", "xterm"), false, false},
		{"forced unicode", "unicode", env("LANG", "C", "TERM", "linux"), true, false},
		{"forced ascii", "ascii", env("LANG", "en_US.UTF-8"), true, true},
	} {
		got, err := GlyphsASCII(c.mode, c.env, c.unsetIsC)
		if err != nil || got != c.want {
			t.Errorf("%s: %v %v, want %v", c.name, got, err, c.want)
		}
	}
	if _, err := GlyphsASCII("fancy", env(), true); err == nil {
		t.Error("an unknown mode is accepted")
	}
}

// TestASCIIFramesAreASCII: with Options.ASCII no view, at any size, in
// colour or not, puts a character outside ASCII on screen; the statuses
// read * actual, ~ estimate, ^ plan, o target.
func TestASCIIFramesAreASCII(t *testing.T) {
	t.Parallel()
	ds := loadDefault(t)
	colour := lipgloss.NewRenderer(io.Discard)
	colour.SetColorProfile(termenv.ANSI256)
	for _, r := range []*lipgloss.Renderer{asciiRenderer(), colour} {
		for _, keys := range [][]string{{"1"}, {"2"}, {"2", "b"}, {"2", "b", "b"}, {"3"}, {"4"}, {"5"}, {"5", "enter"}, {"6"}, {"2", "?"}, {"3", "/", "k"}} {
			for _, sz := range [][2]int{{80, 24}, {200, 60}, {30, 10}} {
				opts := testOptions()
				opts.Renderer, opts.ASCII = r, true
				m := send(Model{newModel(ds, opts)}, tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
				m = press(m, keys...)
				v := m.View()
				checkFrame(t, v, sz[0], sz[1])
				for i, c := range v {
					if c >= 0x80 {
						t.Fatalf("%v %dx%d: %q at byte %d:\n%s", keys, sz[0], sz[1], c, i, v)
					}
				}
			}
		}
	}
	st, _ := InitialState(ds, ViewCharts, "kz-rail-transit")
	out := Render(ds, Options{Renderer: asciiRenderer(), Now: fixedNow, ASCII: true}, st, 100, 30)
	for _, want := range []string{"-* ", ".o "} {
		if !strings.Contains(out, want) {
			t.Errorf("ascii chart legend lacks %q:\n%s", want, out)
		}
	}
	st, _ = InitialState(ds, ViewCharts, "kz-transit-forecast")
	if out := Render(ds, Options{Renderer: asciiRenderer(), Now: fixedNow, ASCII: true}, st, 100, 30); !strings.Contains(out, ".^ ") {
		t.Errorf("ascii chart legend lacks the plan:\n%s", out)
	}
	st, _ = InitialState(ds, ViewCharts, "kz-container-transit")
	if out := Render(ds, Options{Renderer: asciiRenderer(), Now: fixedNow, ASCII: true}, st, 100, 30); !strings.Contains(out, "~ estimate") {
		t.Errorf("ascii chart legend lacks the estimate:\n%s", out)
	}
}

// Sessions of one server that differ only in glyphs share no rendered
// part: the look keys every shared cache.
func TestSharedCachesKeepGlyphSetsApart(t *testing.T) {
	t.Parallel()
	ds := loadDefault(t)
	frames := NewFrameCache()
	frames.SetDataset(ds)
	for _, keys := range [][]string{{"1"}, {"2"}, {"3"}, {"4"}} {
		for _, order := range [][2]bool{{false, true}, {true, false}} {
			var views [2]string
			for k, ascii := range order {
				opts := testOptions()
				opts.Frames, opts.ASCII = frames, ascii
				m := send(Model{newModel(ds, opts)}, tea.WindowSizeMsg{Width: 120, Height: 40})
				views[k] = press(m, keys...).View()
			}
			for k, ascii := range order {
				opts := testOptions()
				opts.ASCII = ascii // no cache: what this session must see
				own := press(send(Model{newModel(ds, opts)}, tea.WindowSizeMsg{Width: 120, Height: 40}), keys...).View()
				if views[k] != own {
					t.Errorf("%v: a session with ASCII %v got another look's parts:\n%s\nwant\n%s", keys, ascii, views[k], own)
				}
			}
		}
	}
}
