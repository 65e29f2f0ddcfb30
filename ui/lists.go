package ui

import (
	"fmt"
	"github.com/charmbracelet/x/ansi"
	"strings"

	"github.com/eaeu-dash/eaeu-dash/data"
)

// scrollTop keeps sel visible in a window of h lines starting at top.
func scrollTop(top, sel, n, h int) int {
	if sel < top {
		top = sel
	}
	if sel >= top+h {
		top = sel - h + 1
	}
	if top > n-h {
		top = n - h
	}
	if top < 0 {
		top = 0
	}
	return top
}

func (m *model) renderSources(w, h int) string {
	dv := m.dv
	s := m.state
	srcs := dv.ds.Sources
	if len(srcs) == 0 {
		return m.st.Muted.Render(m.tr.noSources)
	}
	sel := clamp(s.Source, 0, len(srcs)-1)
	if s.SourceOpen {
		return m.renderSourcePoints(sel, w, h)
	}
	head := m.st.Muted.Render(fmt.Sprintf(m.tr.sourcesHead, m.tr.count(len(srcs), m.tr.nSources)))
	lines := []string{fit(head, w)}
	cw := w - 2
	pubW := cw / 4
	dateW := 12
	cntW := 8
	titleW := cw - pubW - dateW - cntW - 3
	if w < fullW {
		pubW = 0
		titleW = cw - dateW - cntW - 2
	}
	hdr := " " + fit(m.tr.srcTitle, titleW) + " "
	if pubW > 0 {
		hdr += fit(m.tr.publisher, pubW) + " "
	}
	hdr += fit(m.tr.date, dateW) + " " + fitRight(m.tr.figures, cntW)
	lines = append(lines, m.st.Heading.Render(fit(hdr, w)))

	// The selected source's address and note under the list.
	detail := m.sourceInfo(&srcs[sel], w, h)
	listH := h - 2 - len(detail) - 1
	if listH < 3 {
		listH = h - 2
		detail = nil
	}
	top := scrollTop(m.lay.listTop, sel, len(srcs), listH)
	m.lay.listTop = top
	first := len(lines)
	for i := top; i < len(srcs) && i < top+listH; i++ {
		src := &srcs[i]
		line := selMark(i == sel) + fit(dv.srcName[i], titleW) + " "
		if pubW > 0 {
			line += fit(src.Publisher, pubW) + " "
		}
		line += fit(m.tr.period(src.Date), dateW) + " " + fitRight(fmt.Sprint(len(dv.bySource[i])), cntW)
		line = fit(line, w)
		if i == sel {
			line = m.st.Selected.Render(line)
		}
		lines = append(lines, line)
	}
	m.markBody("src", 0, first, w, len(lines)-first)
	if detail != nil {
		for len(lines) < h-len(detail) {
			lines = append(lines, "")
		}
		lines = append(lines, detail...)
	}
	return strings.Join(lines, "\n")
}

// sourceInfo is the pane under the sources list: the selected source's
// address and note. The note gets more lines on a taller screen (2 at
// 24 rows, all of a usual note at 48); a note cut short ends in "…".
func (m *model) sourceInfo(src *data.Source, w, h int) []string {
	var out []string
	out = append(out, m.st.Faint.Render(strings.Repeat("─", w)))
	if src.URL != "" {
		// The whole address, wrapped, so that it can be read and copied;
		// a hyperlink (OSC 8) where escapes go out at all: terminals that
		// do not know OSC 8 ignore it.
		for _, l := range wrap(src.URL, w-2) {
			l = m.st.Accent.Render(l)
			if m.st.links() {
				l = ansi.SetHyperlink(src.URL) + l + ansi.ResetHyperlink()
			}
			out = append(out, " "+l)
		}
	}
	if n := txt(src.Note, m.dv.lang); n != "" {
		lines := wrap(n, w-2)
		if keep := min(max((h-12)/3, 2), 8); len(lines) > keep {
			lines = lines[:keep]
			lines[keep-1] = ansi.Truncate(lines[keep-1]+" …", w-2, "…")
		}
		for _, l := range lines {
			out = append(out, " "+m.st.Muted.Render(l))
		}
	}
	if len(out) == 1 {
		out = append(out, " "+m.st.Muted.Render(m.tr.noAddress))
	}
	return out
}

func (m *model) renderSourcePoints(si, w, h int) string {
	dv := m.dv
	s := m.state
	pts := dv.bySource[si]
	title := m.st.Title.Render(" "+dv.srcName[si]) + m.st.Muted.Render(fmt.Sprintf(m.tr.srcPointsHead, m.tr.count(len(pts), m.tr.nFigures)))
	lines := []string{fit(title, w)}
	cols := tableCols(w, m.tr.periodW, m.dv.unitW)
	cols[ColSource] = 0
	if w >= fullW {
		// give the source column's room to the indicator
		cols = tableCols(w, m.tr.periodW, m.dv.unitW)
		cols[ColIndicator] += cols[ColSource]
		cols[ColSource] = 0
	}
	var hb strings.Builder
	hb.WriteString(" ")
	for c := 0; c < numCols; c++ {
		if cols[c] == 0 {
			continue
		}
		if c == ColValue {
			hb.WriteString(fitRight(m.tr.cols[c], cols[c]))
		} else {
			hb.WriteString(fit(m.tr.cols[c], cols[c]))
		}
		hb.WriteString(" ")
	}
	lines = append(lines, m.st.Heading.Render(fit(hb.String(), w)))
	if len(pts) == 0 {
		lines = append(lines, m.st.Muted.Render(m.tr.noFigures))
		return strings.Join(lines, "\n")
	}
	listH := h - 2
	sel := clamp(s.SourceRow, 0, len(pts)-1)
	top := scrollTop(m.lay.listTop, sel, len(pts), listH)
	m.lay.listTop = top
	first := len(lines)
	for i := top; i < len(pts) && i < top+listH; i++ {
		line := fit(m.tableRow(pts[i], cols, i == sel), w)
		if i == sel {
			line = m.st.Selected.Render(line)
		}
		lines = append(lines, line)
	}
	m.markBody("sp", 0, first, w, len(lines)-first)
	return strings.Join(lines, "\n")
}

func (m *model) renderEvents(w, h int) string {
	dv := m.dv
	s := m.state
	evs := dv.ds.Events
	if len(evs) == 0 {
		return m.st.Muted.Render(m.tr.noEvents)
	}
	sel := clamp(s.Event, 0, len(evs)-1)
	side := w >= 100
	lw := w
	if side {
		// titles get what the participants table (about 72 cells) leaves
		longest := 0
		for i := range evs {
			longest = max(longest, strWidth(txt(evs[i].Title, dv.lang)))
		}
		lw = clamp(longest+18, w*2/5, w-72)
	}
	dw := w
	if side {
		dw = w - lw
	}
	detail := m.eventDetail(&evs[sel], dw-2)
	listH := h - 1
	if !side {
		// the list gets the room the selected event's detail leaves, and at
		// least what the longest detail would leave
		longest := 0
		for i := range evs {
			longest = max(longest, len(m.eventDetail(&evs[i], dw-2)))
		}
		listH = clamp(h-longest-2, min(3, h-1), h-1)
		listH = max(listH, h-len(detail)-2)  // a short detail leaves the list more room
		listH = max(1, min(listH, len(evs))) // a short list: the detail follows it
	}
	today := m.now()
	lines := []string{fit(m.st.Muted.Render(fmt.Sprintf(m.tr.timeline, m.tr.count(len(evs), m.tr.nEvents))), lw)}
	top := scrollTop(m.lay.listTop, sel, len(evs), listH)
	m.lay.listTop = top
	first := len(lines)
	for i := top; i < len(evs) && i < top+listH; i++ {
		ev := &evs[i]
		dot := "▪" // held (not a status glyph: ● is an actual figure)
		if ev.Date.Start().After(today) {
			dot = "▫" // to come
		}
		line := selMark(i == sel) + fit(m.tr.period(ev.Date), 12) + " " + dot + " " + txt(ev.Title, dv.lang)
		line = fit(line, lw)
		if i == sel {
			line = m.st.Selected.Render(line)
		}
		lines = append(lines, line)
	}
	m.markBody("ev", 0, first, lw, len(lines)-first)
	if side {
		return hjoin(h, []string{strings.Join(lines, "\n"), indent(strings.Join(detail, "\n"), 2)}, []int{lw, dw})
	}
	for len(lines) < listH+1 {
		lines = append(lines, "")
	}
	lines = append(lines, m.st.Faint.Render(strings.Repeat("─", w)))
	for _, d := range detail {
		lines = append(lines, " "+d)
	}
	return strings.Join(lines, "\n")
}

func (m *model) eventDetail(ev *data.Event, w int) []string {
	dv := m.dv
	st := m.st
	var out []string
	for _, l := range wrap(txt(ev.Title, dv.lang), w) {
		out = append(out, st.Title.Render(l))
	}
	meta := m.tr.period(ev.Date)
	if p := txt(ev.Place, dv.lang); p != "" {
		meta += " · " + p
	}
	out = append(out, st.Muted.Render(meta))
	if src := dv.source(ev.Source); src != nil {
		out = append(out, st.Muted.Render(m.tr.source+dv.sourceName(ev.Source)))
	}
	if len(ev.Participants) > 0 {
		out = append(out, "", st.Heading.Render(m.tr.participants))
		nw := 16
		pw := 22
		for _, p := range ev.Participants {
			name, kind := p.Entity, data.EntityKind("")
			if i := dv.entityIndex(p.Entity); i >= 0 {
				name, kind = dv.entName[i], dv.ds.Entities[i].Kind
			}
			line := m.tr.kind(kind) + " " + fit(name, nw) + " " + fit(p.Person, pw) + " " + st.Muted.Render(txt(p.Role, dv.lang))
			out = append(out, line)
		}
	}
	return out
}
