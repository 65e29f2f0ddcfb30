package ui

import (
	"fmt"
	"math"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/eaeu-dash/eaeu-dash/data"
)

type detailKey struct {
	dv  *dsView
	ind string
	w   int
	ch  int // chart height
}

// detailPage is the number of content lines visible under the title line.
func (m *model) detailPage() int {
	p := m.bodyHeight() - 1
	if p < 1 {
		p = 1
	}
	return p
}

func detailChartH(h int) int {
	ch := h * 2 / 3
	if ch > 16 {
		ch = 16
	}
	if ch < 6 {
		ch = 6
	}
	return ch
}

// detailLines is the whole scrollable content of the detail view, built
// once per indicator, width and dataset, and with a FrameCache once per
// look for all sessions (they only read it).
func (m *model) detailLines() []string {
	w := m.w
	k := detailKey{dv: m.dv, ind: m.state.Indicator, w: w, ch: detailChartH(m.bodyHeight())}
	if m.cache.detailKey == k && m.cache.detailLines != nil {
		return m.cache.detailLines
	}
	var lines []string
	if f := m.opts.Frames; f.keeps(m.dv.ds) {
		lines = f.details.get(sharedDetailKey{k, m.st.look}, func() []string { return m.buildDetail(k) })
	} else {
		lines = m.buildDetail(k)
	}
	m.cache.detailKey, m.cache.detailLines = k, lines
	return lines
}

func (m *model) buildDetail(k detailKey) []string {
	dv := m.dv
	st := m.st
	w := k.w
	ind, _ := dv.indicator(k.ind)
	if ind == nil {
		return []string{st.Muted.Render(m.tr.detailNone)}
	}
	tw := min(w-2, 140) // long lines are hard to read; wide terminals keep a margin
	if tw < 10 {
		tw = 10
	}
	var out []string
	add := func(s string) { out = append(out, " "+s) }
	heading := func(s string) {
		out = append(out, "")
		add(st.Heading.Render(s))
	}
	better := m.tr.lowerBetter
	if ind.HigherIsBetter {
		better = m.tr.higherBetter
	}
	add(st.Muted.Render(fmt.Sprintf(m.tr.unitLine, m.tr.topic(ind.Topic), m.dv.unit(ind), better)))
	if d := txt(ind.Description, dv.lang); d != "" {
		for _, l := range wrap(d, tw) {
			add(l)
		}
	}
	out = append(out, "")
	ck := chartKey{dv: dv, ind: k.ind, w: tw, h: k.ch}
	for _, l := range strings.Split(m.chart(1, ck), "\n") {
		add(l)
	}

	heading(m.tr.derived)
	for si := range ind.Series {
		ser := &ind.Series[si]
		name := dv.entityName(ser)
		add(st.Bold.Render(name))
		fig := func(label string, p *data.Point) {
			if p == nil {
				add("  " + fit(label, 10) + st.Muted.Render("–"))
				return
			}
			add("  " + fit(label, 10) + m.tr.value(p.Value, ind.Decimals, m.dv.unit(ind)) + st.Muted.Render(" ("+m.tr.period(p.Period)+", "+m.tr.statusName(p.Status)+")"))
		}
		tr := m.tr
		fig(tr.baseline, pointAt(ser, ser.Stats.Baseline))
		fig(tr.current, pointAt(ser, ser.Stats.Current))
		fig(tr.target, pointAt(ser, ser.Stats.Target))
		if ser.Stats.HasProgress {
			add("  " + fit(tr.progress, 10) + st.progressBar(ser.Stats.Progress, 20) + " " + tr.num(ser.Stats.Progress*100, 0) + "%")
		} else {
			add("  " + fit(tr.progress, 10) + st.Muted.Render(tr.progressNeeds))
		}
		if ser.Stats.HasChange {
			add("  " + fit(tr.change, 10) + m.changeArrow(ser.Stats.Change, ind) + st.Muted.Render(tr.sincePrev))
		}
		if ser.Stats.HasCAGR && !math.IsNaN(ser.Stats.CAGR) && !math.IsInf(ser.Stats.CAGR, 0) {
			add("  " + fit(tr.cagr, 10) + fmt.Sprintf(tr.cagrYear, tr.signedPct(ser.Stats.CAGR*100, 1)))
		} else {
			add("  " + fit(tr.cagr, 10) + st.Muted.Render(tr.na))
		}
	}

	heading(m.tr.seriesHead)
	ew := 18
	cn := &m.tr.cols
	add(st.Muted.Render(fit(cn[ColEntity], ew) + " " + fit(cn[ColPeriod], 11) + " " + fitRight(cn[ColValue], 14) + "  " + fit(cn[ColStatus], 10) + " " + cn[ColSource]))
	for si := range ind.Series {
		ser := &ind.Series[si]
		name := dv.entityName(ser)
		for pi := range ser.Points {
			p := &ser.Points[pi]
			add(fit(name, ew) + " " + fit(m.tr.period(p.Period), 11) + " " + fitRight(m.tr.num(p.Value, ind.Decimals), 14) + "  " +
				fit(statusGlyph(p.Status)+" "+m.tr.statusName(p.Status), 10) + " " + ansi.Truncate(dv.sourceName(p.Source), max(tw-ew-40, 0), "…"))
		}
	}

	heading(m.tr.whereFrom)
	n := 0
	for si := range ind.Series {
		ser := &ind.Series[si]
		name := dv.entityName(ser)
		for pi := range ser.Points {
			p := &ser.Points[pi]
			n++
			add(st.Bold.Render(fmt.Sprintf("%s %s: %s", name, m.tr.period(p.Period), m.tr.value(p.Value, ind.Decimals, m.dv.unit(ind)))) + st.Muted.Render(" "+statusGlyph(p.Status)+" "+m.tr.statusName(p.Status)))
			if src := dv.source(p.Source); src != nil {
				meta := []string{dv.sourceName(p.Source)}
				if src.Publisher != "" {
					meta = append(meta, src.Publisher)
				}
				if !src.Date.IsZero() {
					meta = append(meta, m.tr.period(src.Date))
				}
				for _, l := range wrap(strings.Join(meta, " · "), tw-2) {
					add("  " + l)
				}
				if src.URL != "" { // whole, to be read and copied (as in Sources)
					for _, l := range wrap(src.URL, tw-2) {
						l = st.Accent.Render(l)
						if st.links() {
							l = ansi.SetHyperlink(src.URL) + l + ansi.ResetHyperlink()
						}
						add("  " + l)
					}
				}
			} else {
				add("  " + st.Muted.Render(m.tr.noSourceCited))
			}
			if n := dv.note(p.Note); n != "" {
				// The source's words in quotes, the editor's remark after
				// them, styled apart.
				q, r := quoteNote(n)
				if q != "" {
					for _, l := range wrap(q, tw-4) {
						add("    " + st.Text.Render(l))
					}
				}
				if r != "" {
					for _, l := range wrap(r, tw-4) {
						add("    " + st.Muted.Render(l))
					}
				}
			}
		}
	}
	if n == 0 {
		add(st.Muted.Render(m.tr.noPoints))
	}
	return out
}

func (m *model) renderDetail(w, h int) string {
	dv := m.dv
	s := m.state
	lines := m.detailLines()
	page := h - 1
	if page < 1 {
		page = 1
	}
	scroll := clamp(s.Scroll, 0, len(lines)-page)
	title := m.st.Muted.Render(m.tr.noIndicator)
	if ind, ii := dv.indicator(s.Indicator); ind != nil {
		title = m.st.Title.Render(" " + dv.indName[ii])
	}
	pos := ""
	if len(lines) > page {
		pct := 100
		if len(lines)-page > 0 {
			pct = scroll * 100 / (len(lines) - page)
		}
		pos = fmt.Sprintf("· %d%% ", pct) // how far down: apart from the "back" hint
	}
	back := fmt.Sprintf(m.tr.backTo, m.tr.tabs[s.Prev])
	if s.Prev == ViewDetail {
		back = m.tr.back
	}
	head := spread(title, m.st.Muted.Render(back+pos), w)
	end := scroll + page
	if end > len(lines) {
		end = len(lines)
	}
	var b strings.Builder
	b.WriteString(fit(head, w))
	for _, l := range lines[scroll:end] {
		b.WriteByte('\n')
		b.WriteString(fit(l, w))
	}
	m.markBody("detail", 0, 0, w, 1+end-scroll)
	return b.String()
}
