package ui

import (
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

// styles are one program's styles, built from its renderer.
type styles struct {
	r    *lipgloss.Renderer
	mono bool
	// what the colours were resolved for (part of a shared frame's key)
	profile termenv.Profile
	dark    bool

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
}

func newStyles(r *lipgloss.Renderer) *styles {
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	s := &styles{r: r, mono: r.ColorProfile() == termenv.Ascii}
	// Ask for the background now, while nothing else reads the terminal:
	// asked later (at the first adaptive colour, with the program's input
	// reader running) the answer can be lost and termenv waits seconds.
	s.dark = r.HasDarkBackground()
	s.profile = r.ColorProfile()
	n := r.NewStyle
	// Resolved once here rather than at every Render (colour.Resolve).
	res := func(c lipgloss.AdaptiveColor) lipgloss.TerminalColor { return colour.Resolve(r, c) }
	colText, colMuted, colFaint, colAccent := res(colText), res(colMuted), res(colFaint), res(colAccent)
	colGood, colBad, colWarn := res(colGood), res(colBad), res(colWarn)
	colSelBg, colBarFill := res(colSelBg), res(colBarFill)
	s.Text = n().Foreground(colText)
	s.Muted = n().Foreground(colMuted)
	s.Faint = n().Foreground(colFaint)
	s.Accent = n().Foreground(colAccent)
	s.Bold = n().Bold(true)
	s.Good = n().Foreground(colGood)
	s.Bad = n().Foreground(colBad)
	s.Warn = n().Foreground(colWarn)
	s.Title = n().Bold(true).Foreground(colText)
	s.Heading = n().Bold(true).Foreground(colAccent)
	s.Tab = n().Foreground(colMuted)
	s.TabActive = n().Bold(true).Foreground(colAccent).Underline(true)
	s.Selected = n().Background(colSelBg).Bold(true)
	if s.mono {
		s.Selected = n().Reverse(true)
	}
	s.Card = n().Border(lipgloss.RoundedBorder()).BorderForeground(colFaint).Padding(0, 1)
	s.CardSelected = n().Border(lipgloss.ThickBorder()).BorderForeground(colAccent).Padding(0, 1)
	if s.mono {
		s.Card = n().Border(lipgloss.NormalBorder()).Padding(0, 1)
		s.CardSelected = n().Border(lipgloss.DoubleBorder()).Padding(0, 1)
	}
	s.BarFill = n().Foreground(colBarFill)
	s.BarEmpty = n().Foreground(colFaint)
	s.BarTarget = n().Foreground(colText)
	s.Status = n().Foreground(colMuted)
	s.Spark = chart.Styles{Series: []lipgloss.Style{s.Accent}, Mono: s.mono}
	s.Banner = n().Bold(true).Foreground(colWarn)
	s.Help = help.Styles{
		ShortKey:       n().Foreground(colAccent),
		ShortDesc:      n().Foreground(colMuted),
		ShortSeparator: n().Foreground(colFaint),
		Ellipsis:       n().Foreground(colFaint),
		FullKey:        n().Foreground(colAccent),
		FullDesc:       n().Foreground(colText),
		FullSeparator:  n().Foreground(colFaint),
	}
	s.Status4[data.Actual] = n().Foreground(colText)
	s.Status4[data.Estimate] = n().Foreground(colMuted)
	s.Status4[data.Plan] = n().Foreground(colWarn)
	s.Status4[data.Target] = n().Foreground(colAccent)
	return s
}

// statusGlyph tells statuses apart without colour.
func statusGlyph(st data.Status) string {
	switch st {
	case data.Estimate:
		return "◐"
	case data.Plan:
		return "◇"
	case data.Target:
		return "○"
	}
	return "●"
}

func (s *styles) status(st data.Status, tr *msgs) string {
	if int(st) >= len(s.Status4) {
		st = data.Actual
	}
	return s.Status4[st].Render(statusGlyph(st) + " " + tr.statusName(st))
}
