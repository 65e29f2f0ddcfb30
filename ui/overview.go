package ui

import (
	"fmt"
	"math"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/eaeu-dash/eaeu-dash/data"
	"github.com/eaeu-dash/eaeu-dash/ui/chart"
)

// Lines per KPI card, borders included: full, and compact for small terminals.
const (
	cardFullH    = 7
	cardCompactH = 5
)

func (m *model) cardH() int {
	if m.h < fullH {
		return cardCompactH
	}
	return cardFullH
}

// cardCols is how many KPI cards fit side by side.
func cardCols(w int) int { return clamp(w/50, 1, maxCardCols) }

const maxCardCols = 4

// grid is the card grid at the current width (read-only: the dataset
// view's).
func (m *model) grid() [][]int { return m.dv.grids[cardCols(m.w)-1] }

// cardGrid is the card grid of cols columns: a new row at each topic.
func cardGrid(topics []data.Topic, cols int) [][]int {
	var g [][]int
	for i := 0; i < len(topics); {
		t := topics[i]
		var row []int
		for i < len(topics) && topics[i] == t {
			row = append(row, i)
			i++
			if len(row) == cols {
				g = append(g, row)
				row = nil
			}
		}
		if row != nil {
			g = append(g, row)
		}
	}
	return g
}

// gridRows are the rows of grid g with cards cardH lines high, each at its
// first line: a row that starts a topic comes after its heading.
func gridRows(g [][]int, topics []data.Topic, cardH int) []cardRow {
	rows := make([]cardRow, len(g))
	y := 0
	var prevTopic data.Topic = "\x00"
	for r, cells := range g {
		if t := topics[cells[0]]; t != prevTopic {
			rows[r].heading = true
			y++
			prevTopic = t
		}
		rows[r].y, rows[r].cells = y, cells
		y += cardH
	}
	return rows
}

// cardRows are the card rows of the grid at the current width and card
// height (read-only: the dataset view's).
func (m *model) cardRows(cardH int) []cardRow {
	full := 0
	if cardH == cardFullH {
		full = 1
	}
	return m.dv.cardRows[cardCols(m.w)-1][full]
}

func (m *model) overviewHeader(w int, compact bool) []string {
	dv := m.dv
	lines := []string{fit(m.overviewTitle(), w)}
	if compact {
		return lines
	}
	if ev := m.latestEvent(); ev != nil {
		s := m.tr.latest + m.tr.period(ev.Date) + " — " + txt(ev.Title, dv.lang)
		if p := txt(ev.Place, dv.lang); p != "" {
			s += ", " + p
		}
		lines = append(lines, fit(m.st.Muted.Render(s), w))
	} else {
		lines = append(lines, "")
	}
	return lines
}

// latestEvent is the last event on or before today (the clock), else the
// first one to come.
func (m *model) latestEvent() *data.Event {
	evs := m.dv.ds.Events
	if len(evs) == 0 {
		return nil
	}
	today := m.now()
	for i := len(evs) - 1; i >= 0; i-- {
		if !evs[i].Date.Start().After(today) {
			return &evs[i]
		}
	}
	return &evs[0]
}

func (m *model) renderOverview(w, h int) string {
	dv := m.dv
	header := m.overviewHeader(w, h < 16)
	if len(dv.cards) == 0 {
		return strings.Join(header, "\n") + "\n\n" + m.st.Muted.Render(m.tr.noIndicators)
	}
	areaH := h - len(header)
	if areaH < 1 {
		return strings.Join(header, "\n")
	}
	grid := m.grid()
	cols := cardCols(w)
	cardH := m.cardH()
	cw := w / cols

	// Line offsets: each row is preceded by its topic heading when it starts a topic.
	rows := m.cardRows(cardH)
	total := 0
	if len(rows) > 0 {
		total = rows[len(rows)-1].y + cardH
	}

	// Keep the selected row (and its heading) visible.
	sel := clamp(m.state.Card, 0, len(dv.cards)-1)
	sr, _ := gridPos(grid, sel)
	if sr < 0 {
		sr = 0
	}
	top := m.lay.ovTop
	selTop := rows[sr].y
	if rows[sr].heading {
		selTop--
	}
	if selTop < top {
		top = selTop
	}
	if rows[sr].y+cardH > top+areaH {
		top = rows[sr].y + cardH - areaH
	}
	if top > total-areaH {
		top = total - areaH
	}
	if top < 0 {
		top = 0
	}
	m.lay.ovTop = top

	out := make([]string, 0, areaH)
	m.lay.cards = rows
	m.lay.cardW, m.lay.cardH = cw, cardH
	for r, cells := range grid {
		if rows[r].heading {
			hy := rows[r].y - 1
			if hy >= top && hy < top+areaH {
				t := dv.cardTopics[cells[0]]
				out = append(out, fit(m.st.Heading.Render(" "+m.tr.topic(t)), w))
			}
		}
		ry := rows[r].y
		if ry+cardH <= top || ry >= top+areaH {
			continue
		}
		blocks := make([]string, len(cells))
		widths := make([]int, len(cells))
		for c, ci := range cells {
			blocks[c] = m.card(ci, cw, cardH, ci == sel)
			widths[c] = cw
		}
		lines := strings.Split(hjoin(cardH, blocks, widths), "\n")
		for ly, l := range lines {
			if yy := ry + ly; yy >= top && yy < top+areaH {
				out = append(out, l)
			}
		}
	}
	m.markBody("cards", 0, len(header), w, len(out))
	// Scroll hint in the header when cards are hidden.
	if total > areaH {
		hint := fmt.Sprintf(m.tr.cardOf, sel+1, len(dv.cards))
		header[0] = spread(m.overviewTitle(), m.st.Muted.Render(hint), w)
	}
	return strings.Join(header, "\n") + "\n" + strings.Join(out, "\n")
}

// headlineSeries is the series a card shows: the first with a current point.
func headlineSeries(ind *data.Indicator) *data.Series {
	for i := range ind.Series {
		if c := ind.Series[i].Stats.Current; c >= 0 && c < len(ind.Series[i].Points) {
			return &ind.Series[i]
		}
	}
	if len(ind.Series) > 0 {
		return &ind.Series[0]
	}
	return nil
}

func pointAt(s *data.Series, i int) *data.Point {
	if s == nil || i < 0 || i >= len(s.Points) {
		return nil
	}
	return &s.Points[i]
}

type cardKey struct {
	dv        *dsView
	ci, cw, h int
	selected  bool
}

// card renders KPI card ci at width cw (borders included), once.
func (m *model) card(ci, cw, h int, selected bool) string {
	k := cardKey{m.dv, ci, cw, h, selected}
	if c := m.opts.Frames; c.keeps(m.dv.ds) {
		// shared by the sessions of the server with the same look
		return c.cards.get(sharedCardKey{k, m.st.look}, func() string { return m.renderCard(ci, cw, h, selected) })
	}
	return m.cache.cardsOf().get(k, func() string { return m.renderCard(ci, cw, h, selected) })
}

func (m *model) renderCard(ci, cw, h int, selected bool) string {
	dv := m.dv
	st := m.st
	ii := dv.cards[ci]
	ind := &dv.ds.Indicators[ii]
	inner := cw - 4
	if inner < 4 {
		inner = 4
	}
	ser := headlineSeries(ind)
	var lines [5]string

	name := st.Bold.Render(dv.indName[ii])
	if ser != nil && len(ind.Series) > 1 {
		name += st.Muted.Render(" · " + dv.entityName(ser))
	}
	lines[0] = name

	var cur, base, tgt, prev *data.Point
	if ser != nil {
		cur = pointAt(ser, ser.Stats.Current)
		base = pointAt(ser, ser.Stats.Baseline)
		tgt = pointAt(ser, ser.Stats.Target)
		prev = pointAt(ser, ser.Stats.Previous)
	}
	if cur != nil {
		left := st.Title.Render(m.tr.value(cur.Value, ind.Decimals, m.dv.unit(ind))) + st.Muted.Render("  "+m.tr.period(cur.Period))
		right := ""
		if ser.Stats.HasChange && prev != nil {
			right = m.changeArrow(ser.Stats.Change, ind) + st.Muted.Render(m.tr.vs+m.tr.period(prev.Period))
		}
		lines[1] = spread(left, right, inner)
	} else {
		lines[1] = st.Muted.Render(m.tr.noActual)
	}
	// Lines 2 and 3: the target and the progress toward it; a card without
	// them tells where the figure started and where it comes from instead.
	var info []string
	if tgt != nil {
		by := m.tr.targetBy
		if tgt.Status == data.Plan {
			by = m.tr.planBy
		}
		info = append(info, st.Muted.Render(fmt.Sprintf(by, m.tr.value(tgt.Value, ind.Decimals, m.dv.unit(ind)), tgt.Period.Year())))
	} else if base != nil && cur != nil && base != cur {
		from := fmt.Sprintf(m.tr.baselineFrom, m.tr.value(base.Value, ind.Decimals, m.dv.unit(ind)), m.tr.period(base.Period))
		if base.Value > 0 && cur.Value >= 0 { // a share of a negative base misleads
			from += " (" + m.tr.signedPct((cur.Value-base.Value)/math.Abs(base.Value)*100, 0) + ")"
		}
		info = append(info, st.Muted.Render(from))
	}
	// One figure so far is the baseline itself: no progress yet to show
	// (a 0% bar would read as a measured standstill).
	onlyBase := base != nil && cur != nil && ser.Stats.Baseline == ser.Stats.Current
	if onlyBase && tgt != nil {
		info = append(info, st.Muted.Render(fmt.Sprintf(m.tr.baselineOnly, m.tr.period(base.Period))))
	} else if ser != nil && ser.Stats.HasProgress && base != nil {
		pct := fmt.Sprintf(" %3s%%", m.tr.num(ser.Stats.Progress*100, 0))
		info = append(info, st.progressBar(ser.Stats.Progress, inner-len(pct))+pct)
	}
	srcShown := false
	if len(info) < 2 && cur != nil {
		if s := m.sourceLine(cur.Source); s != "" {
			info = append(info, st.Muted.Render(s))
			srcShown = true
		}
	}
	if len(info) < 2 && tgt == nil {
		info = append(info, st.Muted.Render(m.tr.noTarget))
	}
	for len(info) < 2 {
		info = append(info, st.Muted.Render(m.tr.progressNA))
	}
	lines[2], lines[3] = info[0], info[1]

	status := st.Muted.Render(m.tr.noData)
	if cur == nil && tgt != nil { // only a plan or a target so far: say which
		status = st.status(tgt.Status, m.tr)
	}
	if cur != nil {
		status = st.status(cur.Status, m.tr)
		if tgt == nil && lines[3] != st.Muted.Render(m.tr.noTarget) {
			status = st.Muted.Render(m.tr.noTarget+" · ") + status
		}
	}
	left := m.sparkLine(dv.sparks[ii], inner-ansi.StringWidth(status)-1)
	if left == "" && cur != nil && !srcShown {
		// a single figure has no shape to draw: say where it comes from
		left = ansi.Truncate(st.Muted.Render(m.sourceLine(cur.Source)), max(0, inner-ansi.StringWidth(status)-2), "…")
	}
	lines[4] = spread(left, status, inner)

	out := lines[:]
	if h == cardCompactH {
		// name, value and change, then progress (else the target)
		third := lines[2]
		if onlyBase && tgt != nil {
			third = st.Muted.Render(lines[2] + " · " + m.tr.baseline + " " + m.tr.period(base.Period))
		} else if ser != nil && ser.Stats.HasProgress && tgt != nil {
			suffix := fmt.Sprintf(m.tr.progressOfBy, m.tr.num(ser.Stats.Progress*100, 0), m.tr.value(tgt.Value, ind.Decimals, m.dv.unit(ind)), tgt.Period.Year())
			third = st.Muted.Render(strings.TrimSpace(suffix))
			if bw := inner - strWidth(suffix); bw >= 5 {
				third = st.progressBar(ser.Stats.Progress, bw) + st.Muted.Render(suffix)
			}
		}
		out = []string{lines[0], lines[1], third}
	}
	for i := range out {
		out[i] = fit(out[i], inner)
	}
	style := st.Card
	if selected {
		style = st.CardSelected
	}
	return style.Render(strings.Join(out, "\n"))
}

// sparkLine is a card's sparkline between the periods of its first and
// last values ("2019 ▁▂▅█ 2024"), at most w cells; nothing for fewer than
// two values, whose shape says nothing.
func (m *model) sparkLine(sp spark, w int) string {
	if len(sp.values) < 2 || w < 4 {
		return ""
	}
	first, last := m.tr.period(sp.first), m.tr.period(sp.last)
	sw := min(w, 40, len(sp.values))
	if labelled := w - strWidth(first) - strWidth(last) - 2; labelled >= 2 {
		sw = min(labelled, 40, len(sp.values))
		return m.st.Muted.Render(first+" ") + chart.Sparkline(sp.values, sw, m.st.Spark) + m.st.Muted.Render(" "+last)
	}
	return chart.Sparkline(sp.values, sw, m.st.Spark)
}

// sourceLine names where a figure comes from: "source: Kazinform, 26 Jul
// 2021" ("" when none is cited).
func (m *model) sourceLine(i int32) string {
	src := m.dv.source(i)
	if src == nil {
		return ""
	}
	name := src.Publisher
	if name == "" {
		name = m.dv.sourceName(i)
	}
	if !src.Date.IsZero() {
		name += ", " + m.tr.period(src.Date)
	}
	return m.tr.source + name
}

// changeArrow is ▲/▼ with the signed change, coloured good or bad.
func (m *model) changeArrow(ch float64, ind *data.Indicator) string {
	s := m.tr.signed(ch, ind.Decimals)
	switch {
	case s == m.tr.num(0, ind.Decimals) || ch == 0:
		return m.st.Muted.Render("= " + s)
	case m.st.look.ascii: // the sign says the way; ^ would read as a plan
		if (ch > 0) == ind.HigherIsBetter {
			return m.st.Good.Render(s + " " + m.tr.good)
		}
		return m.st.Bad.Render(s + " " + m.tr.bad)
	case (ch > 0) == ind.HigherIsBetter:
		if m.st.mono { // without colour, say which way is good
			s += " ✓"
		}
		return m.st.Good.Render(arrow(ch) + " " + s)
	default:
		if m.st.mono {
			s += " ✗"
		}
		return m.st.Bad.Render(arrow(ch) + " " + s)
	}
}

func arrow(ch float64) string {
	if ch > 0 {
		return "▲"
	}
	return "▼"
}

// spread puts left and right on one line of width w (right dropped if no room).
func spread(left, right string, w int) string {
	lw, rw := ansi.StringWidth(left), ansi.StringWidth(right)
	if right == "" || lw+1+rw > w {
		return left
	}
	return left + strings.Repeat(" ", w-lw-rw) + right
}

func (m *model) overviewTitle() string {
	dv := m.dv
	head := m.st.Title.Render(" " + dv.title)
	if !dv.ds.Updated.IsZero() {
		head += m.st.Muted.Render(m.tr.updated + m.tr.period(dv.ds.Updated))
	}
	return head
}
