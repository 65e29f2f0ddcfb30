// Package chart draws an indicator as a braille line chart, as bars that
// compare entities at one period, or as baseline/current/target progress
// bars. Rendering is pure: the same Input and Styles give the same string,
// exactly Width x Height cells, whatever the data.
package chart

import (
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/eaeu-dash/eaeu-dash/data"
	"github.com/eaeu-dash/eaeu-dash/ui/internal/colour"
)

// Styles are built per program from its renderer (never globals).
type Styles struct {
	Axis, Label, Legend, Muted, Title lipgloss.Style
	Series                            []lipgloss.Style // Okabe–Ito palette, colour-blind safe
	// Mono means no colour (NO_COLOR, --color never, Ascii profile): series
	// and statuses are told apart by glyph and line style alone.
	Mono bool
	// ASCII draws with ASCII characters only (--glyphs ascii): boxes, the
	// plot, bars and markers.
	ASCII bool
}

// okabeIto is the Okabe–Ito palette in an order that keeps neighbours
// distinct; the light variants are darkened so they read on white.
var okabeIto = [...]lipgloss.AdaptiveColor{
	{Light: "#B57A00", Dark: "#E69F00"}, // orange
	{Light: "#1F7FB8", Dark: "#56B4E9"}, // sky blue
	{Light: "#007A5A", Dark: "#009E73"}, // bluish green
	{Light: "#C04A00", Dark: "#D55E00"}, // vermillion
	{Light: "#0072B2", Dark: "#3D9BE0"}, // blue
	{Light: "#A8508A", Dark: "#CC79A7"}, // reddish purple
	{Light: "#8A7D00", Dark: "#F0E442"}, // yellow
}

// DefaultStyles builds the chart styles from r. Colours adapt to light and
// dark backgrounds; an Ascii profile gives Mono styles. A nil r means
// lipgloss's default renderer (local use only; over SSH pass the session's).
func DefaultStyles(r *lipgloss.Renderer) Styles {
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	fg := func(c lipgloss.AdaptiveColor) lipgloss.Style { return r.NewStyle().Foreground(colour.Resolve(r, c)) }
	st := Styles{
		Axis:   fg(lipgloss.AdaptiveColor{Light: "#767676", Dark: "#8A8A8A"}),
		Label:  fg(lipgloss.AdaptiveColor{Light: "#3A3A3A", Dark: "#C6C6C6"}),
		Legend: fg(lipgloss.AdaptiveColor{Light: "#1C1C1C", Dark: "#E4E4E4"}),
		Muted:  fg(lipgloss.AdaptiveColor{Light: "#8A8A8A", Dark: "#767676"}),
		Title:  r.NewStyle().Bold(true),
		Mono:   r.ColorProfile() == termenv.Ascii,
	}
	for _, c := range okabeIto {
		st.Series = append(st.Series, fg(c))
	}
	return st
}

// Mode is what a chart shows.
type Mode int

const (
	Line     Mode = iota // values over time
	Bars                 // entities compared at one period
	Progress             // baseline vs current vs target per series
)

// Input is everything a chart depends on; the UI re-renders when it changes.
type Input struct {
	Ind      *data.Indicator
	Names    []string // display name per series (same order as Ind.Series), in the user's language
	Lang     string
	From, To time.Time // visible range; zero = whole extent
	Relative bool      // Line only: values as % change relative to the first visible point of each series
	Log      bool      // Line only: log scale; ignored (legend says "log n/a") unless all visible values > 0
	Mode     Mode
	At       data.Period // for Bars: the period compared (zero = the latest at which most entities have a result)
	Width    int         // the whole box incl. axes, labels, legend
	Height   int
	// Marks are optional events (meetings, decisions) drawn in Line mode
	// as a dotted vertical line behind the data, labelled where there is room.
	Marks []Mark
}

// Mark is an event on the time axis of a line chart.
type Mark struct {
	At    time.Time
	Label string // short, already in the user's language
}

// Render returns exactly Height lines, each exactly Width cells wide. It
// never panics: for nil or empty data or a box too small it returns a short
// message fitted to the box, and "" when Width or Height <= 0.
func Render(in Input, st Styles) string {
	if in.Width <= 0 || in.Height <= 0 {
		return ""
	}
	tr := texts(in.Lang)
	if in.Ind == nil || !hasPoints(in.Ind) {
		return fitBox(in.Width, in.Height, tr.noData, st)
	}
	switch in.Mode {
	case Bars:
		return renderBars(in, st, tr)
	case Progress:
		return renderProgress(in, st, tr)
	default:
		return renderLine(in, st, tr)
	}
}

func hasPoints(ind *data.Indicator) bool {
	for i := range ind.Series {
		if len(ind.Series[i].Points) > 0 {
			return true
		}
	}
	return false
}

// unit is the indicator's unit in the chart's language.
func (in Input) unit() string { return in.Ind.Unit.Get(in.Lang) }

// seriesName is the display name of series i, falling back to its entity id.
func seriesName(in Input, i int) string {
	if i < len(in.Names) && in.Names[i] != "" {
		return in.Names[i]
	}
	if in.Ind != nil && i < len(in.Ind.Series) && in.Ind.Series[i].Entity != "" {
		return in.Ind.Series[i].Entity
	}
	return "?"
}

// palette holds the grid style table shared by the modes.
type palette struct {
	styles                                    []lipgloss.Style
	axis, label, legend, muted, title, series styleID
	nSeries                                   int
	mono, ascii                               bool
}

func newPalette(st Styles) palette {
	p := palette{mono: st.Mono, ascii: st.ASCII}
	p.styles = []lipgloss.Style{{}, st.Axis, st.Label, st.Legend, st.Muted, st.Title}
	p.axis, p.label, p.legend, p.muted, p.title = 1, 2, 3, 4, 5
	p.series = 6
	if st.Mono {
		// No colour even if the styles carry some: glyphs tell series apart.
		return p
	}
	p.styles = append(p.styles, st.Series...)
	p.nSeries = len(st.Series)
	return p
}

// seriesStyle is the style of series i (colours cycle).
func (p palette) seriesStyle(i int) styleID {
	if p.nSeries == 0 {
		return p.legend
	}
	return p.series + styleID(i%p.nSeries)
}

// StatusGlyph is the marker of a figure's status, the same in colour and
// in monochrome, in every mode and view: ● actual, ◐ estimate, ◇ plan,
// ○ target; with ascii, * actual, ~ estimate, ^ plan, o target. Only shapes
// without an emoji presentation, which some terminals would draw two cells
// wide.
func StatusGlyph(s data.Status, ascii bool) rune {
	g := statusGlyphs
	if ascii {
		g = statusGlyphsASCII
	}
	if int(s) >= len(g) {
		s = data.Actual
	}
	return g[s]
}

var (
	statusGlyphs      = [...]rune{data.Actual: '●', data.Estimate: '◐', data.Plan: '◇', data.Target: '○'}
	statusGlyphsASCII = [...]rune{data.Actual: '*', data.Estimate: '~', data.Plan: '^', data.Target: 'o'}
)

// glyph is the marker of status s in this palette.
func (p palette) glyph(s data.Status) rune { return StatusGlyph(s, p.ascii) }

// tag names series i on a monochrome chart with several series, where
// colour cannot: A, B, C ... beside its line and in the legend.
func (p palette) tag(i int, n int) string {
	if !p.mono || n < 2 {
		return ""
	}
	return string(rune('A' + i%26))
}

// newGrid is a w x h grid of this palette's styles (and ASCII folding).
func (p palette) newGrid(w, h int) *grid {
	g := newGrid(w, h, p.styles)
	g.ascii = p.ascii
	return g
}
