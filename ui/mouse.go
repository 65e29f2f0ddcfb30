package ui

import (
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

// hit is the zone under the pointer among those marked in the last frame
// (the most specific one: items are marked inside areas).
func (m *model) hit(msg tea.MouseMsg) (id string, x, y int) {
	if m.zm == nil {
		return "", 0, 0
	}
	for i := len(m.lay.zones) - 1; i >= 0; i-- {
		z := m.zm.Get(m.lay.zones[i])
		if z != nil && z.InBounds(msg) {
			if strings.HasPrefix(m.lay.zones[i], "picker") || m.lay.zones[i] == "chart" || m.lay.zones[i] == "detail" {
				// areas: keep looking for an item inside, else use the area
				if id == "" {
					id = m.lay.zones[i]
					x, y = z.Pos(msg)
				}
				continue
			}
			x, y = z.Pos(msg)
			return m.lay.zones[i], x, y
		}
	}
	return id, x, y
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
	id, x, _ := m.hit(msg)
	wheel := 0
	switch msg.Button {
	case tea.MouseButtonWheelUp:
		wheel = -1
	case tea.MouseButtonWheelDown:
		wheel = 1
	}
	if wheel != 0 {
		switch {
		case id == "chart" && m.state.View == ViewCharts:
			c := m.chartFrac(x)
			if wheel < 0 {
				m.apply(Action{Kind: ActZoomIn, F: c})
			} else {
				m.apply(Action{Kind: ActZoomOut, F: c})
			}
		case m.state.View == ViewDetail:
			m.apply(Action{Kind: ActScroll, N: 3 * wheel})
		default:
			m.apply(Action{Kind: ActScroll, N: wheel})
		}
		return
	}
	if msg.Action != tea.MouseActionPress || msg.Button != tea.MouseButtonLeft {
		return
	}
	if n, ok := zoneIndex(id, "tab-"); ok && n >= 0 && n < len(tabOrder) {
		m.apply(Action{Kind: ActView, View: tabOrder[n]})
		return
	}
	switch m.state.View {
	case ViewOverview:
		if n, ok := zoneIndex(id, "card-"); ok {
			m.clickItem(n, m.state.Card)
		}
	case ViewCharts:
		if n, ok := zoneIndex(id, "pick-"); ok {
			m.apply(Action{Kind: ActSelect, N: n})
		} else if id == "chart" {
			m.dragging, m.dragX = true, msg.X
		}
	case ViewTable:
		if n, ok := zoneIndex(id, "row-"); ok {
			m.clickItem(n, m.state.Row)
		} else if n, ok := zoneIndex(id, "hdr-"); ok {
			m.apply(Action{Kind: ActSort, N: n})
		}
	case ViewSources:
		if n, ok := zoneIndex(id, "src-"); ok {
			m.clickItem(n, m.state.Source)
		} else if n, ok := zoneIndex(id, "sp-"); ok {
			m.clickItem(n, m.state.SourceRow)
		}
	case ViewEvents:
		if n, ok := zoneIndex(id, "ev-"); ok {
			m.clickItem(n, m.state.Event)
		}
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
