package ui

import (
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

// region is one zone of the last frame: a whole area (the tab bar, the
// table body, the card grid, a list...). The item under the pointer is
// computed from the position in the zone and the layout of that frame
// (lay), so a frame has a handful of zones, not one per row or card:
// bubblezone's Scan keeps a copy of the frame per zone.
type region struct {
	id string
	// w, h: the region's size from the zone's start, when the zone's own
	// box (start to end marker) is not the area (blocks of whole lines);
	// 0: the zone's box.
	w, h int
}

// hdrSpan is a table header cell: column c at x..x+w-1 in the "hdr" zone.
type hdrSpan struct{ c, x, w int }

// cardRow is a row of the overview's card grid: its first content line
// (before scrolling) and its cards.
type cardRow struct {
	y       int
	cells   []int
	heading bool // a topic heading is on the line above
}

// hit is the item under the pointer in the last frame: an item id
// ("tab-2", "row-5", "card-3", ...) or an area ("chart", "picker",
// "detail"), with the position relative to the zone that holds it.
func (m *model) hit(msg tea.MouseMsg) (id string, x, y int) {
	if m.zm == nil {
		return "", 0, 0
	}
	for i := len(m.lay.zones) - 1; i >= 0; i-- {
		r := m.lay.zones[i]
		z := m.zm.Get(r.id)
		if z == nil || z.IsZero() {
			continue
		}
		if r.w > 0 || r.h > 0 {
			x, y = msg.X-z.StartX, msg.Y-z.StartY
			if x < 0 || y < 0 || x >= r.w || y >= r.h {
				continue
			}
		} else {
			if !z.InBounds(msg) {
				continue
			}
			x, y = z.Pos(msg)
		}
		if id := m.item(r.id, x, y); id != "" {
			return id, x, y
		}
	}
	return "", 0, 0
}

// item is the item at x, y in region id of the last frame ("" if none).
func (m *model) item(id string, x, y int) string {
	l := &m.lay
	switch id {
	case "tabs":
		for i, tx := range l.tabX {
			if x >= tx && x < tx+l.tabW[i] {
				return "tab-" + strconv.Itoa(i)
			}
		}
	case "hdr":
		for _, s := range l.hdr {
			if x >= s.x && x < s.x+s.w {
				return "hdr-" + strconv.Itoa(s.c)
			}
		}
	case "rows":
		return "row-" + strconv.Itoa(l.tableTop+y)
	case "src":
		return "src-" + strconv.Itoa(l.listTop+y)
	case "sp":
		return "sp-" + strconv.Itoa(l.listTop+y)
	case "ev":
		return "ev-" + strconv.Itoa(l.listTop+y)
	case "picker":
		if y >= 1 && y-1 < l.pickN {
			return "pick-" + strconv.Itoa(l.pickTop+y-1)
		}
		return id
	case "cards":
		if l.cardW <= 0 {
			return ""
		}
		cy := l.ovTop + y
		for _, r := range l.cards {
			if cy >= r.y && cy < r.y+l.cardH {
				if c := x / l.cardW; c < len(r.cells) {
					return "card-" + strconv.Itoa(r.cells[c])
				}
				return ""
			}
		}
	default: // areas: chart, detail
		return id
	}
	return ""
}

// markLines wraps lines[a:b] (whole lines, each w cells wide) in zone id:
// one zone for the block, its size recorded for hit.
func (m *model) markLines(id string, lines []string, a, b, w int) {
	if !m.zoned || a >= b {
		return
	}
	joined := m.zm.Mark(id, strings.Join(lines[a:b], "\n"))
	parts := strings.Split(joined, "\n")
	if len(parts) != b-a {
		return // a line held a newline: no zone rather than a wrong one
	}
	copy(lines[a:b], parts)
	m.lay.zones = append(m.lay.zones, region{id: id, w: w, h: b - a})
}

func zoneIndex(id, prefix string) (int, bool) {
	if !strings.HasPrefix(id, prefix) {
		return 0, false
	}
	n, err := strconv.Atoi(id[len(prefix):])
	return n, err == nil
}

func (m *model) mouse(msg tea.MouseMsg) {
	if m.showHelp || m.shutdown != "" {
		return
	}
	// Dragging the chart pans it.
	if m.dragging {
		switch {
		case msg.Action == tea.MouseActionMotion && m.state.View == ViewMap:
			dx, dy := msg.X-m.dragX, msg.Y-m.dragY
			if dx != 0 || dy != 0 {
				m.dragX, m.dragY = msg.X, msg.Y
				m.apply(Action{Kind: ActMapPan, N: -dx, F: -float64(dy)})
			}
			return
		case msg.Action == tea.MouseActionMotion:
			dx := msg.X - m.dragX
			if dx != 0 && m.lay.chartW > 0 {
				m.dragX = msg.X
				m.apply(Action{Kind: ActPan, F: -float64(dx) / float64(m.lay.chartW)})
			}
			return
		case msg.Action == tea.MouseActionRelease:
			m.dragging = false
			return
		}
	}
	id, x, y := m.hit(msg)
	wheel := 0
	switch msg.Button {
	case tea.MouseButtonWheelUp:
		wheel = -1
	case tea.MouseButtonWheelDown:
		wheel = 1
	}
	d := viewOf(m.state.View)
	if wheel != 0 {
		if d == nil || d.wheel == nil || !d.wheel(m, id, x, y, wheel) {
			m.apply(Action{Kind: ActScroll, N: wheel})
		}
		return
	}
	if msg.Action != tea.MouseActionPress || msg.Button != tea.MouseButtonLeft {
		return
	}
	if n, ok := zoneIndex(id, "tab-"); ok && n >= 0 && n < len(views) {
		m.apply(Action{Kind: ActView, View: views[n].v})
		return
	}
	if d != nil && d.click != nil {
		d.click(m, id, msg)
	}
}

// clickItem selects list item n, or opens it when it is already selected.
func (m *model) clickItem(n, selected int) {
	if n == selected {
		m.apply(Action{Kind: ActEnter})
	} else {
		m.apply(Action{Kind: ActSelect, N: n})
	}
}

// scanZones records the zones of frame s with the zone manager and returns
// s without the zone markers (what zm.Scan(s) returns).
//
// The manager is given a skeleton of the frame, not the frame: every line
// cut after its last marker, lines without markers empty, nothing after
// the last marker. Zone positions come out the same (lines are counted,
// and a marker's column is the width of its line before it), but Scan
// copies its input once per marker and each zone keeps one copy until
// the next Scan: copies of a skeleton of a few hundred bytes, not of the
// whole frame.
func (m *model) scanZones(s string) string {
	var skel, out strings.Builder
	out.Grow(len(s))
	skelLines := 0 // lines of s written to skel so far (as newlines)
	for y, rest := 0, s; ; y++ {
		line, tail, more := strings.Cut(rest, "\n")
		last := -1 // end of the last marker on this line
		for i := 0; i < len(line); i++ {
			if line[i] != 0x1b {
				out.WriteByte(line[i])
				continue
			}
			if e := markerEnd(line, i); e > 0 {
				last = e
				i = e - 1
				continue
			}
			out.WriteByte(line[i])
		}
		if last >= 0 {
			for ; skelLines < y; skelLines++ {
				skel.WriteByte('\n')
			}
			skel.WriteString(line[:last])
		}
		if !more {
			break
		}
		out.WriteByte('\n')
		rest = tail
	}
	if skel.Len() > 0 {
		m.zm.Scan(skel.String())
	}
	return out.String()
}

// markerEnd is the end of the zone marker (ESC [ digits z) at s[i], or -1.
func markerEnd(s string, i int) int {
	if i+1 >= len(s) || s[i] != 0x1b || s[i+1] != '[' {
		return -1
	}
	j := i + 2
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j == i+2 || j >= len(s) || s[j] != 'z' {
		return -1
	}
	return j + 1
}
