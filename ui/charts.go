package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/eaeu-dash/eaeu-dash/ui/chart"
)

// chartKey is everything a rendered chart depends on.
type chartKey struct {
	dv       *dsView
	ind      string
	from, to int64
	mode     ChartMode
	rel, log bool
	w, h     int
}

// renderCache holds the expensive strings, each with the inputs it was
// built from.
type renderCache struct {
	charts [2]struct { // charts view and detail view
		key chartKey
		out string
	}

	pickDV     *dsView
	pickFilter string
	pick       []string

	table tableCache

	cards *cache[cardKey, string] // rendered KPI cards of the current dataset
	rows  *cache[rowKey, string]  // rendered table rows

	detailKey   detailKey
	detailLines []string
}

func (m *model) chartStyles() chart.Styles { return m.st.chartStyles() }

// Bounds of a session's own cards and rows (without a FrameCache): the
// cards of a few sizes, the rows of a few screens.
const (
	ownCards = 512
	ownRows  = 2048
)

// cardsOf and rowsOf are the session's own caches, made on first use.
func (c *renderCache) cardsOf() *cache[cardKey, string] {
	if c.cards == nil {
		c.cards = newCache[cardKey, string](ownCards, 0, nil)
	}
	return c.cards
}

func (c *renderCache) rowsOf() *cache[rowKey, string] {
	if c.rows == nil {
		c.rows = newCache[rowKey, string](ownRows, 0, nil)
	}
	return c.rows
}

// chart returns the chart for k from slot (0: charts view, 1: detail),
// rendering it only when its inputs changed, and with a FrameCache only
// when no session of the look has.
func (m *model) chart(slot int, k chartKey) string {
	c := &m.cache.charts[slot]
	if c.key == k && c.out != "" {
		return c.out
	}
	if f := m.opts.Frames; f.keeps(m.dv.ds) {
		c.key, c.out = k, f.charts.get(sharedChartKey{k, m.st.look}, func() string { return m.renderChart(k) })
		return c.out
	}
	c.key, c.out = k, m.renderChart(k)
	return c.out
}

// renderChart draws the chart for k. The chart package's builder
// reserves room for the longest escape codes: a copy keeps only what the
// chart uses (about a third) for as long as the chart is kept.
func (m *model) renderChart(k chartKey) string {
	return strings.Clone(renderChartSafe(m.chartInput(k), m.chartStyles()))
}

// chartInput is what the chart package draws for k.
func (m *model) chartInput(k chartKey) chart.Input {
	ind, _ := k.dv.indicator(k.ind)
	in := chart.Input{Ind: ind, Lang: k.dv.lang, Relative: k.rel, Log: k.log,
		Mode: chart.Mode(k.mode), Width: k.w, Height: k.h}
	if ind != nil {
		in.Names = make([]string, len(ind.Series))
		for i := range ind.Series {
			in.Names[i] = k.dv.entityName(&ind.Series[i])
		}
	}
	in.From, in.To = timeRange(k.from, k.to)
	return in
}

// chartFrac is where column x of the charts view's chart is across its
// time axis, 0..1 (the Y-label gutter excluded): the wheel zooms there.
func (m *model) chartFrac(x int) float64 {
	k := m.lay.chart
	if k.dv == nil {
		return 0.5
	}
	return chart.PlotFrac(m.chartInput(k), m.chartStyles(), x)
}

// renderChartSafe keeps a chart bug from reaching the user as a panic.
func renderChartSafe(in chart.Input, st chart.Styles) (out string) {
	defer func() {
		if r := recover(); r != nil {
			out = frame(fmt.Sprintf(textsFor(in.Lang).chartUnavailable, r), in.Width, in.Height)
		}
	}()
	return chart.Render(in, st)
}

// picker is the list of indicator ids the picker shows (after its filter).
// Unfiltered it is the dataset view's card order, which every session
// shares (read-only).
func (m *model) picker() []string {
	f := strings.ToLower(strings.TrimSpace(m.state.PickFilter))
	if f == "" {
		return m.dv.cardIDs
	}
	if m.cache.pickDV == m.dv && m.cache.pickFilter == f && m.cache.pick != nil {
		return m.cache.pick
	}
	dv := m.dv
	out := make([]string, 0, len(dv.cards))
	for _, ii := range dv.cards {
		ind := &dv.ds.Indicators[ii]
		if f == "" || strings.Contains(strings.ToLower(dv.indName[ii]), f) ||
			strings.Contains(strings.ToLower(ind.ID), f) || strings.Contains(strings.ToLower(string(ind.Topic)), f) {
			out = append(out, ind.ID)
		}
	}
	m.cache.pickDV, m.cache.pickFilter, m.cache.pick = dv, f, out
	return out
}

func pickerWidth(w int) int { return clamp(w/4, 22, 36) }

func (m *model) renderCharts(w, h int) string {
	dv := m.dv
	s := m.state
	showPicker := w >= 70
	pw := 0
	if showPicker {
		pw = pickerWidth(w)
	}
	cw := w - pw
	var picker string
	if showPicker {
		picker = m.renderPicker(pw, h)
	}

	ind, ii := dv.indicator(s.Indicator)
	var title string
	if ind != nil {
		unit := " (" + m.dv.unit(ind) + ")"
		prefix := ""
		if !showPicker { // where j/k are in the hidden picker
			ids := m.picker()
			for i, id := range ids {
				if id == s.Indicator {
					prefix = fmt.Sprintf("%d/%d ", i+1, len(ids))
				}
			}
		}
		var flags []string
		flags = append(flags, m.tr.modes[clamp(int(s.Mode), 0, len(m.tr.modes)-1)])
		if s.Mode == ModeLine { // relative, log and the range apply to the line chart
			if s.Relative {
				flags = append(flags, m.tr.relative)
			}
			if s.Log {
				flags = append(flags, m.tr.logScale)
			}
			if s.From != 0 || s.To != 0 {
				f, t := timeRange(s.From, s.To)
				flags = append(flags, m.tr.rangeLabel(f, t))
			} else {
				flags = append(flags, m.tr.allYears)
			}
		}
		mode := strings.Join(flags, " · ")
		// A long name is shortened before the mode label is pushed out.
		name := dv.indName[ii]
		room := cw - 2 - strWidth(mode) - 2 - strWidth(prefix) - strWidth(unit)
		if strWidth(name) > room {
			name = ansi.Truncate(name, max(room, 12), "…")
		}
		title = m.st.Muted.Render(prefix) + m.st.Title.Render(name) + m.st.Muted.Render(unit)
		title = spread(title, m.st.Muted.Render(mode), cw-2)
	} else {
		title = m.st.Muted.Render(m.tr.noIndicatorSel)
	}
	if s.Typing && !showPicker {
		title = m.st.Accent.Render("/ " + s.PickFilter + "▏")
	}
	chH := h - 1
	body := " " + fit(title, cw-1)
	m.lay.chartW = cw - 1
	if chH >= 2 && cw >= 4 {
		k := chartKey{dv: dv, ind: s.Indicator, from: s.From, to: s.To, mode: s.Mode,
			rel: s.Relative, log: s.Log, w: cw - 1, h: chH}
		m.markBody("chart", pw+1, 1, cw-1, chH)
		m.lay.chart = k
		body += "\n" + indent(m.chart(0, k), 1)
	}
	if !showPicker {
		return body
	}
	return hjoin(h, []string{picker, body}, []int{pw, cw})
}

func (m *model) renderPicker(pw, h int) string {
	s := m.state
	dv := m.dv
	ids := m.picker()
	var head string
	switch {
	case s.Typing:
		head = m.st.Accent.Render("/ " + s.PickFilter + "▏")
	case s.PickFilter != "":
		head = m.st.Accent.Render("/ "+s.PickFilter) + m.st.Muted.Render(fmt.Sprintf(" %d", len(ids)))
	default:
		head = m.st.Muted.Render(m.tr.filterIndicators)
	}
	lines := []string{" " + fit(head, pw-2)}
	listH := h - 1
	sel := clamp(s.Pick, 0, len(ids)-1)
	// keep the picker's selection in line with the selected indicator
	for i, id := range ids {
		if id == s.Indicator {
			sel = i
			break
		}
	}
	top := scrollTop(m.lay.pickTop, sel, len(ids), listH)
	m.lay.pickTop = top
	if len(ids) == 0 {
		lines = append(lines, m.st.Muted.Render(m.tr.noMatch))
	}
	m.lay.pickN = 0
	for i := top; i < len(ids) && i < top+listH; i++ {
		m.lay.pickN++
		_, ii := dv.indicator(ids[i])
		label := dv.indName[ii]
		line := selMark(ids[i] == s.Indicator) + fit(label, pw-3)
		if ids[i] == s.Indicator {
			line = m.st.Selected.Render(line)
		}
		lines = append(lines, fit(line, pw-1))
	}
	out := strings.Join(lines, "\n")
	m.markBody("picker", 0, 0, pw-1, h)
	return frame(out, pw-1, h)
}
