package ui

import (
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

// region is one click area of the last frame, a rectangle of cells
// recorded while the frame was laid out (mark): a whole area (the tab bar,
// the table body, the card grid, a list...). The item under the pointer is
// computed from the position in the area and the layout of that frame
// (lay), so a frame has a handful of areas, not one per row or card.
type region struct {
	id         string
	x, y, w, h int // in frame cells: columns x..x+w-1, lines y..y+h-1
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
// "detail"), with the position relative to the area that holds it.
func (m *model) hit(msg tea.MouseMsg) (id string, x, y int) {
	for i := len(m.lay.zones) - 1; i >= 0; i-- {
		r := m.lay.zones[i]
		x, y = msg.X-r.x, msg.Y-r.y
		if x < 0 || y < 0 || x >= r.w || y >= r.h {
			continue
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
	if id == "follow" {
		m.follow()
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
