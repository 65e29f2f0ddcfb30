package ui

import (
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

func colourRenderer(p termenv.Profile, dark bool) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(p)
	r.SetHasDarkBackground(dark)
	return r
}

// TestStylesFollowBackground: the colours are resolved once per program,
// and still by that program's background: a light and a dark terminal get
// different foreground codes for the same style.
func TestStylesFollowBackground(t *testing.T) {
	t.Parallel()
	for _, p := range []termenv.Profile{termenv.ANSI256, termenv.TrueColor} {
		light, dark := newStyles(colourRenderer(p, false), false), newStyles(colourRenderer(p, true), false)
		for name, pair := range map[string][2]lipgloss.Style{
			"Text": {light.Text, dark.Text}, "Accent": {light.Accent, dark.Accent},
			"Muted": {light.Muted, dark.Muted}, "Selected": {light.Selected, dark.Selected},
		} {
			l, d := pair[0].Render("x"), pair[1].Render("x")
			if l == d || !strings.Contains(l, "\x1b[") || !strings.Contains(d, "\x1b[") {
				t.Errorf("profile %v, %s: light %q, dark %q: want two different colours", p, name, l, d)
			}
		}
		// and exactly what the adaptive colour would have given
		for _, dk := range []bool{false, true} {
			r := colourRenderer(p, dk)
			if got, want := newStyles(r, false).Text.Render("x"), r.NewStyle().Foreground(colText).Render("x"); got != want {
				t.Errorf("profile %v dark %v: Text %q, adaptive colour %q", p, dk, got, want)
			}
		}
	}
}

var sgrRe = regexp.MustCompile("\x1b\\[([0-9;]*)m")

// TestANSIProfileUsesSixteenColours: with a 16-colour renderer every frame
// uses only 16-colour SGR codes (no 38;5 / 38;2 forms).
func TestANSIProfileUsesSixteenColours(t *testing.T) {
	t.Parallel()
	ds := loadDefault(t)
	for _, dark := range []bool{false, true} {
		opts := testOptions()
		opts.Renderer = colourRenderer(termenv.ANSI, dark)
		colours := 0
		for _, v := range []View{ViewOverview, ViewCharts, ViewTable, ViewDetail, ViewSources, ViewEvents} {
			st, _ := InitialState(ds, v, "")
			out := Render(ds, opts, st, 150, 45)
			for _, m := range sgrRe.FindAllStringSubmatch(out, -1) {
				for _, code := range strings.Split(m[1], ";") {
					switch {
					case code == "38", code == "48":
						t.Fatalf("dark %v, %v: %q is not a 16-colour code", dark, v, m[0])
					case len(code) == 2 && (code[0] == '3' || code[0] == '4' || code[0] == '9'),
						len(code) == 3 && code[:2] == "10":
						colours++
					}
				}
			}
		}
		if colours == 0 {
			t.Fatalf("dark %v: no colour at all in the ANSI frames", dark)
		}
	}
}

// fixedEnv is a client environment for termenv (no NO_COLOR, no CLICOLOR
// from the machine running the tests).
type fixedEnv []string

func (e fixedEnv) Environ() []string { return e }

func (e fixedEnv) Getenv(k string) string {
	for _, kv := range e {
		if v, ok := strings.CutPrefix(kv, k+"="); ok {
			return v
		}
	}
	return ""
}

// sessionRenderer is a renderer made as serve makes a session's: on the
// session's output, the profile detected from the client's TERM and
// COLORTERM, the background from the query.
func sessionRenderer(p termenv.Profile, dark bool) *lipgloss.Renderer {
	env := map[termenv.Profile]fixedEnv{
		termenv.Ascii:     {"TERM=dumb"},
		termenv.ANSI:      {"TERM=xterm"},
		termenv.ANSI256:   {"TERM=xterm-256color"},
		termenv.TrueColor: {"TERM=xterm-256color", "COLORTERM=truecolor"},
	}[p]
	r := lipgloss.NewRenderer(&strings.Builder{}, termenv.WithEnvironment(env), termenv.WithUnsafe(), termenv.WithColorCache(true))
	r.SetHasDarkBackground(dark)
	return r
}

var allProfiles = []termenv.Profile{termenv.Ascii, termenv.ANSI, termenv.ANSI256, termenv.TrueColor}

// eachStyle calls f with every lipgloss.Style in v (a struct, followed
// through fields, arrays and slices) and its path.
func eachStyle(path string, v reflect.Value, f func(string, lipgloss.Style)) {
	if st, ok := v.Interface().(lipgloss.Style); ok {
		f(path, st)
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if fv := v.Field(i); fv.CanInterface() {
				eachStyle(path+"."+v.Type().Field(i).Name, fv, f)
			}
		}
	case reflect.Array, reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			eachStyle(fmt.Sprintf("%s[%d]", path, i), v.Index(i), f)
		}
	}
}

// stylesByPath renders a sample with every exported style of s (the help
// and chart styles included).
func stylesByPath(s *styles) map[string]string {
	out := map[string]string{}
	add := func(path string, st lipgloss.Style) { out[path] = st.Render("Ab 1\nсв ▲") }
	eachStyle("styles", reflect.ValueOf(s).Elem(), add)
	eachStyle("chart", reflect.ValueOf(s.chartStyles()), add)
	return out
}

// TestSharedStylesRenderAsSession: the styles a FrameCache shares, built
// from a renderer of the look that writes nowhere, render every style byte
// for byte as styles built from the session's own renderer would, for
// every profile and background; and they keep no session renderer.
func TestSharedStylesRenderAsSession(t *testing.T) {
	t.Parallel()
	for _, p := range allProfiles {
		for _, dark := range []bool{false, true} {
			sess := sessionRenderer(p, dark)
			if got := lookOf(sess, false); got != (lookKey{p, dark, false}) {
				t.Fatalf("session renderer has look %+v, want %v %v", got, p, dark)
			}
			shared := NewFrameCache().stylesFor(sess, false)
			if shared.r == sess {
				t.Fatalf("profile %v dark %v: the shared styles hold the session's renderer", p, dark)
			}
			own, got := stylesByPath(newStyles(sess, false)), stylesByPath(shared)
			if len(own) < 30 {
				t.Fatalf("only %d styles found", len(own))
			}
			for path, want := range own {
				if got[path] != want {
					t.Errorf("profile %v dark %v, %s: shared %q, session's own %q", p, dark, path, got[path], want)
				}
			}
			if shared.mono != (p == termenv.Ascii) || shared.look != lookOf(sess, false) {
				t.Errorf("profile %v dark %v: mono %v, look %+v", p, dark, shared.mono, shared.look)
			}
		}
	}
}

// TestSharedStylesFrames: whole frames of every view (and the help) of a
// session with shared styles are those of a session with its own.
func TestSharedStylesFrames(t *testing.T) {
	t.Parallel()
	ds := loadDefault(t)
	frames := NewFrameCache()
	for _, p := range allProfiles {
		for _, dark := range []bool{false, true} {
			for _, keys := range [][]string{{"j"}, {"2", "j"}, {"3", "j"}, {"4"}, {"5", "enter"}, {"6"}, {"?"}} {
				run := func(f *FrameCache) string {
					opts := testOptions()
					opts.Renderer, opts.Frames = sessionRenderer(p, dark), f
					m := send(Model{newModel(ds, opts)}, tea.WindowSizeMsg{Width: 120, Height: 40})
					return press(m, keys...).View()
				}
				if got, want := run(frames), run(nil); got != want {
					t.Fatalf("profile %v dark %v keys %v: shared styles draw\n%s\n--- own styles\n%s", p, dark, keys, got, want)
				}
			}
		}
	}
}

// TestStylesSharedPerLook: the sessions of one server with the same look
// share one styles value; another profile or background has its own, and
// without a FrameCache every session builds its own.
func TestStylesSharedPerLook(t *testing.T) {
	t.Parallel()
	ds := loadMini(t)
	frames := NewFrameCache()
	a := servedSessions(t, ds, frames, termenv.ANSI256, 2)
	b := servedSessions(t, ds, frames, termenv.TrueColor, 1)
	c := servedSessions(t, ds, nil, termenv.ANSI256, 2)
	if a[0].m.st != a[1].m.st {
		t.Fatal("two sessions of one look have styles of their own")
	}
	if a[0].m.st == b[0].m.st {
		t.Fatal("a 256-colour and a true-colour session share styles")
	}
	if c[0].m.st == c[1].m.st || c[0].m.st == a[0].m.st {
		t.Fatal("sessions without a FrameCache share styles")
	}
	if c[0].m.st.r != c[0].m.opts.Renderer {
		t.Fatal("without a FrameCache the styles are not built from the session's renderer")
	}
	light := sessionRenderer(termenv.ANSI256, false)
	if frames.stylesFor(light, false) == a[0].m.st {
		t.Fatal("a light and a dark background share styles")
	}
}

// TestLookChangeSwitchesStyles: when the session's renderer changes its
// background or profile after New, the next frame is drawn in the new
// look, as by a session that had it from the start (shared styles or not).
func TestLookChangeSwitchesStyles(t *testing.T) {
	t.Parallel()
	ds := loadDefault(t)
	for _, shared := range []bool{true, false} {
		var frames *FrameCache
		if shared {
			frames = NewFrameCache()
		}
		for _, keys := range [][]string{{"j"}, {"2"}, {"3"}, {"4"}} {
			r := sessionRenderer(termenv.ANSI256, true)
			opts := testOptions()
			opts.Renderer, opts.Frames = r, frames
			m := send(Model{newModel(ds, opts)}, tea.WindowSizeMsg{Width: 120, Height: 40})
			m = press(m, keys...)
			for _, to := range []lookKey{{termenv.ANSI256, false, false}, {termenv.TrueColor, false, false}, {termenv.Ascii, true, false}} {
				r.SetHasDarkBackground(to.dark)
				r.SetColorProfile(to.profile)
				m = send(m, tea.WindowSizeMsg{Width: 120, Height: 40})
				if m.m.st.look != to {
					t.Fatalf("shared %v keys %v: styles of %+v after the renderer became %+v", shared, keys, m.m.st.look, to)
				}
				if shared && m.m.st != frames.stylesFor(r, false) {
					t.Fatalf("keys %v: after the change the session does not share the styles of %+v", keys, to)
				}
				ref := testOptions()
				ref.Renderer = sessionRenderer(to.profile, to.dark)
				want := press(send(Model{newModel(ds, ref)}, tea.WindowSizeMsg{Width: 120, Height: 40}), keys...).View()
				if got := m.View(); got != want {
					t.Fatalf("shared %v keys %v, %+v: after the change\n%s\n--- a session of that look from the start\n%s", shared, keys, to, got, want)
				}
			}
		}
	}
}
