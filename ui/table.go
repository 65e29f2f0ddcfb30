package ui

import (
	"fmt"
	"github.com/charmbracelet/x/ansi"
	"slices"
	"strings"

	"github.com/eaeu-dash/eaeu-dash/data"
)

// tableCache is the sorted, filtered row order for one (sort, filter).
type tableCache struct {
	dv     *dsView
	col    int
	desc   bool
	filter string
	rows   []data.PointRef

	sortedDV   *dsView // the sorted order before filtering, reused across filters
	sortedCol  int
	sortedDesc bool
	sorted     []data.PointRef
}

// tableRows returns the rows in the State's sort and filter order; it sorts
// and filters only when those change. The sorted order comes from the
// FrameCache when there is one: a session must not change it.
func (m *model) tableRows() []data.PointRef {
	s := m.state
	f := strings.ToLower(strings.TrimSpace(s.TableFilter))
	tc := &m.cache.table
	if tc.dv == m.dv && tc.col == s.SortCol && tc.desc == s.SortDesc && tc.filter == f && tc.rows != nil {
		return tc.rows
	}
	if tc.sortedDV != m.dv || tc.sortedCol != s.SortCol || tc.sortedDesc != s.SortDesc || tc.sorted == nil {
		tc.sorted = m.opts.Frames.order(m.dv, s.SortCol, s.SortDesc, m.sortRows)
		tc.sortedDV, tc.sortedCol, tc.sortedDesc = m.dv, s.SortCol, s.SortDesc
	}
	rows := tc.sorted
	switch {
	case f == "":
	case tc.dv == m.dv && tc.col == s.SortCol && tc.desc == s.SortDesc && tc.filter != "" && strings.Contains(f, tc.filter) && tc.rows != nil:
		rows = m.filterRows(tc.rows, f) // a longer filter only narrows the last result
	default:
		rows = m.filterRows(tc.sorted, f)
	}
	tc.dv, tc.col, tc.desc, tc.filter, tc.rows = m.dv, s.SortCol, s.SortDesc, f, rows
	return rows
}

func (m *model) sortRows(col int, desc bool) []data.PointRef {
	dv := m.dv
	// One numeric key per row, then one sort of (key, position): stable in
	// effect (ties keep dataset order) and without pointer chasing.
	type keyed struct {
		key float64
		pos int32
	}
	ks := make([]keyed, len(dv.rows))
	for i, r := range dv.rows {
		ind := &dv.ds.Indicators[r.I]
		ser := &ind.Series[r.S]
		p := &ser.Points[r.P]
		var k float64
		switch col {
		case ColIndicator:
			k = float64(dv.indRank[r.I])
		case ColEntity:
			k = -1
			if ser.EntityIdx >= 0 && ser.EntityIdx < len(dv.entRank) {
				k = float64(dv.entRank[ser.EntityIdx])
			}
		case ColPeriod:
			k = float64(p.Period)
		case ColValue:
			k = p.Value
		case ColUnit:
			k = float64(dv.unitRank[r.I])
		case ColStatus:
			k = float64(p.Status)
		default:
			k = -1
			if p.Source >= 0 && int(p.Source) < len(dv.srcRank) {
				k = float64(dv.srcRank[p.Source])
			}
		}
		if desc {
			k = -k
		}
		ks[i] = keyed{k, int32(i)}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		if c := cmpF(a.key, b.key); c != 0 {
			return c
		}
		return int(a.pos - b.pos)
	})
	rows := make([]data.PointRef, len(ks))
	for i, k := range ks {
		rows[i] = dv.rows[k.pos]
	}
	return rows
}

func cmpF(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// filterRows keeps the rows whose cells contain f (lower case). Texts shared
// by many rows (indicator, entity, source) are matched once each.
func (m *model) filterRows(rows []data.PointRef, f string) []data.PointRef {
	dv := m.dv
	has := func(s string) bool { return strings.Contains(strings.ToLower(s), f) }
	indHit := make([]bool, len(dv.ds.Indicators))
	for i := range dv.ds.Indicators {
		ind := &dv.ds.Indicators[i]
		indHit[i] = has(dv.indName[i]) || has(ind.ID) || has(dv.indUnit[i])
	}
	entHit := make([]bool, len(dv.entName))
	for i, n := range dv.entName {
		entHit[i] = has(n) || has(dv.ds.Entities[i].ID)
	}
	srcHit := make([]bool, len(dv.srcName))
	for i, n := range dv.srcName {
		srcHit[i] = has(n) || has(dv.ds.Sources[i].ID)
	}
	var stHit [4]bool
	for i := range stHit {
		stHit[i] = has(m.tr.statusName(data.Status(i)))
	}
	// Values only contain digits, ',', '.' and '-'; periods repeat a lot.
	numeric := strings.Trim(f, "0123456789,.-") == ""
	periodHit := map[data.Period]bool{}
	out := make([]data.PointRef, 0, len(rows)/4)
	for _, r := range rows {
		ind := &dv.ds.Indicators[r.I]
		ser := &ind.Series[r.S]
		p := &ser.Points[r.P]
		ok := indHit[r.I] ||
			(ser.EntityIdx >= 0 && ser.EntityIdx < len(entHit) && entHit[ser.EntityIdx]) ||
			(p.Source >= 0 && int(p.Source) < len(srcHit) && srcHit[p.Source]) ||
			(int(p.Status) < len(stHit) && stHit[p.Status])
		if !ok {
			hit, seen := periodHit[p.Period]
			if !seen {
				hit = has(m.tr.period(p.Period))
				periodHit[p.Period] = hit
			}
			ok = hit || numeric && strings.Contains(m.tr.num(p.Value, ind.Decimals), f)
		}
		if ok {
			out = append(out, r)
		}
	}
	return out
}

// tableCols are the column widths at width w (0: column hidden). Below
// 100 columns the source moves to the line under the table; below 80 the
// unit goes too. perW is the width of the longest period label
// ("2024 Q3", "2024 кв. 3").
func tableCols(w, perW, unitW int) [numCols]int {
	var c [numCols]int
	wide := w >= 100
	// The unit column fits the longest unit (Russian ones are longer:
	// "млрд долл.") up to a bound.
	c[ColPeriod], c[ColValue], c[ColUnit], c[ColStatus] = max(9, perW), 12, min(max(7, unitW), 10), 10
	if wide {
		c[ColPeriod], c[ColValue], c[ColUnit] = 11, 14, min(max(10, unitW), 16)
	}
	if w < fullW {
		c[ColUnit] = 0
	}
	narrow := w < 60
	if narrow { // indicator, period, value and a status glyph
		c[ColPeriod], c[ColValue], c[ColStatus] = 8, 10, 1
	}
	fixed, n := 0, 0
	for _, x := range c {
		if x > 0 {
			fixed += x
			n++
		}
	}
	if wide {
		n++ // source
	}
	flex := w - fixed - (n + 2) - 1 // a gap after each column, a margin each side
	if wide {
		c[ColIndicator] = min(flex*4/9, 44)
		c[ColEntity] = min(flex*2/9, 22)
		c[ColSource] = flex - c[ColIndicator] - c[ColEntity]
	} else if narrow {
		c[ColIndicator] = flex + 1
	} else {
		c[ColIndicator] = flex * 2 / 3
		c[ColEntity] = flex - c[ColIndicator]
	}
	for i := range c {
		if c[i] < 0 {
			c[i] = 0
		}
	}
	return c
}

func (m *model) renderTable(w, h int) string {
	s := m.state
	dv := m.dv
	rows := m.tableRows()
	cols := tableCols(w, m.tr.periodW, m.dv.unitW)

	var head string
	switch {
	case s.Typing:
		head = m.st.Accent.Render(" / "+s.TableFilter+"▏") + m.st.Muted.Render(fmt.Sprintf(m.tr.rowsMatch, m.tr.num(float64(len(rows)), 0), m.tr.num(float64(len(dv.rows)), 0)))
	case s.TableFilter != "":
		head = m.st.Accent.Render(" / "+s.TableFilter) + m.st.Muted.Render(fmt.Sprintf(m.tr.rowsMatch+m.tr.escClears, m.tr.num(float64(len(rows)), 0), m.tr.num(float64(len(dv.rows)), 0)))
	default:
		head = m.st.Muted.Render(fmt.Sprintf(m.tr.tableHead,
			m.tr.count(len(rows), m.tr.nObservations), m.tr.num(float64(clamp(s.Row, 0, len(rows)-1)+1), 0)))
	}
	lines := []string{fit(head, w)}

	// header
	var hb strings.Builder
	hb.WriteString(" ")
	m.lay.hdr = m.lay.hdr[:0]
	hx := 0
	for c := 0; c < numCols; c++ {
		if cols[c] == 0 {
			continue
		}
		name := m.tr.cols[c]
		if cols[c] < 4 {
			name = string([]rune(name)[:1])
		}
		if c == s.SortCol {
			if s.SortDesc {
				name += " ▼"
			} else {
				name += " ▲"
			}
		}
		var cell string
		if c == ColValue {
			cell = fitRight(name, cols[c])
		} else {
			cell = fit(name, cols[c])
		}
		st := m.st.Heading
		cell = st.Render(cell)
		cw := ansi.StringWidth(cell)
		m.lay.hdr = append(m.lay.hdr, hdrSpan{c: c, x: hx, w: cw})
		hx += cw + 1
		hb.WriteString(cell)
		hb.WriteString(" ")
	}
	m.markBody("hdr", 1, len(lines), hx, 1)
	lines = append(lines, fit(" "+hb.String()[1:], w))

	listH := h - 3
	if listH < 1 {
		return strings.Join(lines, "\n")
	}
	if len(rows) == 0 {
		lines = append(lines, m.st.Muted.Render(m.tr.noRowsMatch))
		return strings.Join(lines, "\n")
	}
	sel := clamp(s.Row, 0, len(rows)-1)
	top := scrollTop(m.lay.tableTop, sel, len(rows), listH)
	m.lay.tableTop = top
	first := len(lines)
	for i := top; i < len(rows) && i < top+listH; i++ {
		line := m.tableRow(rows[i], cols, i == sel)
		if i == sel {
			line = m.st.Selected.Render(fit(line, w))
		}
		lines = append(lines, fit(line, w))
	}
	m.markBody("rows", 0, first, w, len(lines)-first)
	for len(lines) < h-1 {
		lines = append(lines, "")
	}
	lines = append(lines, fit(m.rowSource(rows[sel]), w))
	return strings.Join(lines, "\n")
}

// rowSource is the line under the table: where the selected figure comes from.
func (m *model) rowSource(r data.PointRef) string {
	dv := m.dv
	_, _, p := dv.point(r)
	src := dv.source(p.Source)
	if src == nil {
		return m.st.Muted.Render(m.tr.sourceNone)
	}
	s := m.tr.sourcePrefix + dv.sourceName(p.Source)
	if src.Publisher != "" {
		s += " · " + src.Publisher
	}
	if n := dv.note(p.Note); n != "" {
		q, r := quoteNote(n)
		if q == "" {
			return m.st.Muted.Render(s + " · " + r)
		}
		out := m.st.Muted.Render(s+" · ") + m.st.Text.Render(q)
		if r != "" {
			out += m.st.Muted.Render(" " + r)
		}
		return out
	}
	return m.st.Muted.Render(s)
}

type rowKey struct {
	dv   *dsView
	r    data.PointRef
	cols [numCols]int
	sel  bool
}

// tableRow is one table line, rendered once per row, widths and selection:
// once per server with a FrameCache, else once per model.
func (m *model) tableRow(r data.PointRef, cols [numCols]int, sel bool) string {
	k := rowKey{m.dv, r, cols, sel}
	if c := m.opts.Frames; c.keeps(m.dv.ds) {
		return c.rows.get(sharedRowKey{k, m.st.look}, func() string { return m.renderRow(r, cols, sel) })
	}
	return m.cache.rowsOf().get(k, func() string { return m.renderRow(r, cols, sel) })
}

func (m *model) renderRow(r data.PointRef, cols [numCols]int, sel bool) string {
	dv := m.dv
	ind, ser, p := dv.point(r)
	var b strings.Builder
	b.WriteString(selMark(sel))
	cell := func(c int, s string, right bool) {
		if cols[c] == 0 {
			return
		}
		if right {
			b.WriteString(fitRight(s, cols[c]))
		} else {
			b.WriteString(fit(s, cols[c]))
		}
		b.WriteString(" ")
	}
	cell(ColIndicator, dv.indName[r.I], false)
	cell(ColEntity, dv.entityName(ser), false)
	cell(ColPeriod, m.tr.period(p.Period), false)
	cell(ColValue, m.tr.num(p.Value, ind.Decimals), true)
	cell(ColUnit, m.dv.unit(ind), false)
	if cols[ColStatus] < 8 {
		cell(ColStatus, statusGlyph(p.Status), false)
	} else {
		cell(ColStatus, statusGlyph(p.Status)+" "+m.tr.statusName(p.Status), false)
	}
	cell(ColSource, dv.sourceName(p.Source), false)
	return b.String()
}
