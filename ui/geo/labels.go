package geo

import (
	"sort"

	"github.com/charmbracelet/x/ansi"
)

// Label is a name to write next to a point's cell.
type Label struct {
	Col, Row int
	Text     string // the full name
	Short    string // a shorter name to try when the full one does not fit ("" for none)
	Priority int    // higher is placed first (selected, capitals, then nodes)
}

// Placed is a label that found room: Text starts at Col, Row. Index is the
// label's index in the input.
type Placed struct {
	Col, Row int
	Text     string
	Index    int
}

// PlaceLabels puts labels next to their points, most important first:
// right of the point, then left, then above and below (right-aligned to
// it, then left). A label never covers another label, any point's cell, or
// a cell blocked says is taken (a legend, a side panel); one that fits
// nowhere is shortened to Short, then dropped. The result is in
// placement order.
func PlaceLabels(cols, rows int, labels []Label, blocked func(col, row int) bool) []Placed {
	if cols <= 0 || rows <= 0 {
		return nil
	}
	taken := make([]bool, cols*rows)
	free := func(c, r, w int) bool {
		if r < 0 || r >= rows || c < 0 || c+w > cols {
			return false
		}
		for x := c; x < c+w; x++ {
			if taken[r*cols+x] || (blocked != nil && blocked(x, r)) {
				return false
			}
		}
		return true
	}
	for _, l := range labels {
		if l.Col >= 0 && l.Row >= 0 && l.Col < cols && l.Row < rows {
			taken[l.Row*cols+l.Col] = true
		}
	}
	order := make([]int, len(labels))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return labels[order[a]].Priority > labels[order[b]].Priority })
	var out []Placed
	for _, i := range order {
		l := labels[i]
		for _, text := range []string{l.Text, l.Short} {
			if text == "" {
				continue
			}
			w := ansi.StringWidth(text)
			spots := [][2]int{
				{l.Col + 2, l.Row}, {l.Col - 1 - w, l.Row},
				{l.Col, l.Row - 1}, {l.Col - w + 1, l.Row - 1},
				{l.Col, l.Row + 1}, {l.Col - w + 1, l.Row + 1},
			}
			done := false
			for _, s := range spots {
				if free(s[0], s[1], w) {
					for x := s[0]; x < s[0]+w; x++ {
						taken[s[1]*cols+x] = true
					}
					out = append(out, Placed{Col: s[0], Row: s[1], Text: text, Index: i})
					done = true
					break
				}
			}
			if done {
				break
			}
		}
	}
	return out
}
