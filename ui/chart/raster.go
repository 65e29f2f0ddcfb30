package chart

import (
	"math"
	"slices"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/canvas/graph"
)

// dotCell is one plot cell's braille dots and the series that drew last.
type dotCell struct {
	bits  uint8
	owner int  // series index + 1; 0 = empty
	solid bool // a solid line (results) drew here, not only a dotted one
}

// plot is the braille drawing surface of the line chart.
type plot struct {
	w, h  int // cells
	cells []dotCell
}

// brailleBit is the bit of dot (x%2, y%4) in a braille pattern (y from top).
var brailleBit = [4][2]uint8{{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}}

func (p *plot) dot(x, y, owner int, solid bool) {
	if x < 0 || y < 0 || x >= p.w*2 || y >= p.h*4 {
		return
	}
	c := &p.cells[(y/4)*p.w+x/2]
	c.bits |= brailleBit[y%4][x%2]
	c.owner = owner
	c.solid = c.solid || solid
}

// asciiCell is a plot cell as one ASCII character (Styles.ASCII): a
// dotted line is '.', a solid one '-', '/', '\' or '|' by the way its
// dots run through the cell.
func asciiCell(c dotCell) rune {
	if !c.solid {
		return '.'
	}
	// Mean dot row (0 top .. 3 bottom) of each half, -1 when empty.
	var sum, n [2]int
	minY, maxY := 4, -1
	for y := 0; y < 4; y++ {
		for x := 0; x < 2; x++ {
			if c.bits&brailleBit[y][x] != 0 {
				sum[x] += y
				n[x]++
				minY, maxY = min(minY, y), max(maxY, y)
			}
		}
	}
	switch {
	case maxY-minY >= 2 && (n[0] == 0 || n[1] == 0):
		return '|'
	case n[0] > 0 && n[1] > 0:
		l, r := float64(sum[0])/float64(n[0]), float64(sum[1])/float64(n[1])
		// A cell is about twice as tall as wide: a rise of one dot row
		// across it is nearly flat, and - reads better than a saw of /-/-.
		switch {
		case r <= l-1.5:
			return '/'
		case r >= l+1.5:
			return '\\'
		}
		if maxY-minY >= 3 {
			return '|'
		}
	}
	if maxY <= 0 {
		return '\''
	}
	if minY >= 3 {
		return '_'
	}
	return '-'
}

// segment draws from (x0,y0) to (x1,y1) in dot coordinates (y from the
// bottom), clipped to the plot; every nth dot only when n > 1 (dotted).
func (p *plot) segment(x0, y0, x1, y1 float64, owner, n int) {
	W, H := float64(p.w*2-1), float64(p.h*4-1)
	ok, cx0, cy0, cx1, cy1 := clip(x0, y0, x1, y1, 0, 0, W, H)
	if !ok {
		return
	}
	// ntcharts' Bresenham rasteriser; walk it from the first end, so a
	// dotted line's phase does not depend on its direction. Dot rows count
	// from the top.
	a := canvas.Point{X: int(math.Round(cx0)), Y: p.h*4 - 1 - int(math.Round(cy0))}
	b := canvas.Point{X: int(math.Round(cx1)), Y: p.h*4 - 1 - int(math.Round(cy1))}
	pts := graph.GetLinePoints(a, b)
	if len(pts) > 0 && pts[0] != a {
		slices.Reverse(pts)
	}
	for k, pt := range pts {
		if n <= 1 || k%n == 0 {
			p.dot(pt.X, pt.Y, owner, n <= 1)
		}
	}
}

// clip is Liang–Barsky clipping of a segment to a rectangle. It keeps
// rasterisation bounded however far outside the range a point lies.
func clip(x0, y0, x1, y1, xmin, ymin, xmax, ymax float64) (bool, float64, float64, float64, float64) {
	if !finite(x0) || !finite(y0) || !finite(x1) || !finite(y1) {
		return false, 0, 0, 0, 0
	}
	t0, t1 := 0.0, 1.0
	dx, dy := x1-x0, y1-y0
	for _, e := range [4][2]float64{{-dx, x0 - xmin}, {dx, xmax - x0}, {-dy, y0 - ymin}, {dy, ymax - y0}} {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return false, 0, 0, 0, 0
			}
			continue
		}
		r := q / p
		if p < 0 {
			if r > t1 {
				return false, 0, 0, 0, 0
			}
			t0 = math.Max(t0, r)
		} else {
			if r < t0 {
				return false, 0, 0, 0, 0
			}
			t1 = math.Min(t1, r)
		}
	}
	return true, x0 + t0*dx, y0 + t0*dy, x0 + t1*dx, y0 + t1*dy
}
