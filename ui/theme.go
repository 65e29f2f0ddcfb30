package ui

import (
	"io"
	"sync"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/eaeu-dash/eaeu-dash/data"
	"github.com/eaeu-dash/eaeu-dash/ui/chart"
	"github.com/eaeu-dash/eaeu-dash/ui/internal/colour"
)

// palette is the semantic colour set, readable on light and dark terminals.
var (
	colText    = lipgloss.AdaptiveColor{Light: "#1a1a1a", Dark: "#e6e6e6"}
	colMuted   = lipgloss.AdaptiveColor{Light: "#5f5f5f", Dark: "#9a9a9a"}
	colFaint   = lipgloss.AdaptiveColor{Light: "#a8a8a8", Dark: "#4e4e4e"}
	colAccent  = lipgloss.AdaptiveColor{Light: "#005f87", Dark: "#56b4e9"}
	colGood    = lipgloss.AdaptiveColor{Light: "#00734d", Dark: "#3fcf8e"}
	colBad     = lipgloss.AdaptiveColor{Light: "#b3261e", Dark: "#ff6b5e"}
	colWarn    = lipgloss.AdaptiveColor{Light: "#8a5a00", Dark: "#e6b422"}
	colSelBg   = lipgloss.AdaptiveColor{Light: "#d7ebf7", Dark: "#1f3a4d"}
	colBarFill = lipgloss.AdaptiveColor{Light: "#0072b2", Dark: "#56b4e9"}
)

// lookKey is everything the styles depend on: the colour profile their
// colours are resolved for and rendered in, and the background. Style.Render
// reads nothing else of its renderer, so two renderers of one look render
// every style byte for byte the same, and sessions of one look can share
// one styles value (FrameCache.stylesFor). NO_COLOR and --color never only
// reach the styles as the Ascii profile.
type lookKey struct {
	profile termenv.Profile
	dark    bool
	ascii   bool // Options.ASCII: every frame is folded to ASCII
}

// lookOf is r's look now, drawn in ASCII only when ascii.
func lookOf(r *lipgloss.Renderer, ascii bool) lookKey {
	return lookKey{profile: r.ColorProfile(), dark: r.HasDarkBackground(), ascii: ascii}
}

// lookRenderer is a renderer of look k that writes nowhere: what the shared
// styles of k are built from, so that they keep no session's renderer (and
// through it its output) alive.
func lookRenderer(k lookKey) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(k.profile)
	r.SetHasDarkBackground(k.dark)
	return r
}

// styles are the styles of one look, built from a renderer of that look.
// They are read-only once built: sessions of the same look share them.
type styles struct {
	r    *lipgloss.Renderer
	mono bool
	look lookKey // what the colours were resolved for (part of a shared frame's key)

	Text, Muted, Faint, Accent, Bold lipgloss.Style
	Good, Bad, Warn                  lipgloss.Style
	Title, Heading                   lipgloss.Style
	Tab, TabActive                   lipgloss.Style
	Selected                         lipgloss.Style // selected row / item
	Card, CardSelected               lipgloss.Style
	BarFill, BarEmpty, BarTarget     lipgloss.Style
	Status                           lipgloss.Style // bottom status bar
	Banner                           lipgloss.Style
	Help                             help.Styles
	Status4                          [4]lipgloss.Style // by data.Status
	Spark                            chart.Styles      // card sparklines, in the accent colour

	// help is a help model with Help as its styles: a session copies it
	// and sets the width (help.Model's views have value receivers).
	help help.Model

	chartOnce sync.Once
	chart     chart.Styles // built at the first chart of the look (charts)
}

func newStyles(r *lipgloss.Renderer, ascii bool) *styles {
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	// Ask for the background now, while nothing else reads the terminal:
	// asked later (at the first adaptive colour, with the program's input
	// reader running) the answer can be lost and termenv waits seconds.
	s := &styles{r: r, look: lookOf(r, ascii)}
	s.mono = s.look.profile == termenv.Ascii
	n := r.NewStyle
	// Resolved once here rather than at every Render (colour.Resolve).
	res := func(c lipgloss.AdaptiveColor) lipgloss.TerminalColor { return colour.Resolve(r, c) }
	colText, colMuted, colFaint, colAccent := res(colText), res(colMuted), res(colFaint), res(colAccent)
	colGood, colBad, colWarn := res(colGood), res(colBad), res(colWarn)
	colSelBg, colBarFill := res(colSelBg), res(colBarFill)
	// Every style is built by a step of its own: written as one function,
	// the ~90 lipgloss.Style temporaries of these builder chains made a
	// 52 KB stack frame, and every start grew the main goroutine's stack to
	// fit it (runtime.morestack, BENCHMARKS.md "Start-up"). In a loop, a
	// chain's temporaries live in the frame of its closure, one at a time.
	for _, f := range [...]struct {
		dst *lipgloss.Style
		c   lipgloss.TerminalColor
	}{
		{&s.Text, colText}, {&s.Muted, colMuted}, {&s.Faint, colFaint}, {&s.Accent, colAccent},
		{&s.Good, colGood}, {&s.Bad, colBad}, {&s.Warn, colWarn},
		{&s.Tab, colMuted},
		{&s.BarFill, colBarFill}, {&s.BarEmpty, colFaint}, {&s.BarTarget, colText},
		{&s.Status, colMuted},
		{&s.Help.ShortKey, colAccent}, {&s.Help.ShortDesc, colMuted}, {&s.Help.ShortSeparator, colFaint},
		{&s.Help.Ellipsis, colFaint},
		{&s.Help.FullKey, colAccent}, {&s.Help.FullDesc, colText}, {&s.Help.FullSeparator, colFaint},
		{&s.Status4[data.Actual], colText}, {&s.Status4[data.Estimate], colMuted},
		{&s.Status4[data.Plan], colWarn}, {&s.Status4[data.Target], colAccent},
	} {
		*f.dst = n().Foreground(f.c)
	}
	for _, f := range [...]struct {
		dst   *lipgloss.Style
		build func() lipgloss.Style
	}{
		{&s.Bold, func() lipgloss.Style { return n().Bold(true) }},
		{&s.Title, func() lipgloss.Style { return n().Bold(true).Foreground(colText) }},
		{&s.Heading, func() lipgloss.Style { return n().Bold(true).Foreground(colAccent) }},
		{&s.TabActive, func() lipgloss.Style { return n().Bold(true).Foreground(colAccent).Underline(true) }},
		{&s.Selected, func() lipgloss.Style {
			if s.mono {
				return n().Reverse(true)
			}
			return n().Background(colSelBg).Bold(true)
		}},
		{&s.Card, func() lipgloss.Style {
			switch {
			case s.mono:
				return n().Border(lipgloss.NormalBorder()).Padding(0, 1)
			case ascii:
				// Folded to ASCII, thick and rounded lines are both +-|:
				// the selected card keeps its colour and gets the double
				// line (+=|).
				return n().Border(lipgloss.NormalBorder()).BorderForeground(colFaint).Padding(0, 1)
			}
			return n().Border(lipgloss.RoundedBorder()).BorderForeground(colFaint).Padding(0, 1)
		}},
		{&s.CardSelected, func() lipgloss.Style {
			switch {
			case s.mono:
				return n().Border(lipgloss.DoubleBorder()).Padding(0, 1)
			case ascii:
				return n().Border(lipgloss.DoubleBorder()).BorderForeground(colAccent).Padding(0, 1)
			}
			return n().Border(lipgloss.ThickBorder()).BorderForeground(colAccent).Padding(0, 1)
		}},
		{&s.Banner, func() lipgloss.Style { return n().Bold(true).Foreground(colWarn) }},
	} {
		*f.dst = f.build()
	}
	s.Spark = chart.Styles{Series: []lipgloss.Style{s.Accent}, Mono: s.mono, ASCII: ascii}
	s.initHelp()
	return s
}

// initHelp sets s.help. A function of its own, not inlined: help.New's
// default styles and the help.Model it returns are kilobytes of
// temporaries that would otherwise sit in newStyles' frame.
//
//go:noinline
func (s *styles) initHelp() {
	s.help = help.New()
	s.help.Styles = s.Help
}

// chartStyles are the chart package's styles of this look, built once.
func (s *styles) chartStyles() chart.Styles {
	s.chartOnce.Do(func() {
		s.chart = chart.DefaultStyles(s.r)
		s.chart.ASCII = s.look.ascii
	})
	return s.chart
}

// statusGlyph is the glyph of a status, the chart's (chart.StatusGlyph):
// one per status, in colour and monochrome, in every view.
func statusGlyph(st data.Status) string { return string(chart.StatusGlyph(st, false)) }

func (s *styles) status(st data.Status, tr *texts) string {
	if int(st) >= len(s.Status4) {
		st = data.Actual
	}
	return s.Status4[st].Render(statusGlyph(st) + " " + tr.statusName(st))
}

// links says whether addresses go out as OSC 8 hyperlinks: where escapes
// go out at all (not the Ascii profile) and not to the terminals of
// --glyphs ascii (the Linux console, old VTs), which may print them.
func (s *styles) links() bool { return !s.mono && !s.look.ascii }
